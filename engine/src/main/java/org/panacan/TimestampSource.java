package org.panacan;

/** Where a frame's receive timestamp came from. */
public enum TimestampSource
{
    /** No timestamp was taken: timestamps were switched off, or the frame was built by the application. */
    NONE,
    /** The kernel's software stamp when the frame was queued ({@code SO_TIMESTAMPNS}, CLOCK_REALTIME). */
    SOFTWARE,
    /** The controller's hardware stamp ({@code SO_TIMESTAMPING}, raw hardware clock). */
    HARDWARE,
    /** Stamped in the JVM ({@code System.currentTimeMillis} based), as the virtual bus does. */
    USER
}
