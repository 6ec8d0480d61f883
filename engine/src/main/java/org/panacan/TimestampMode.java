package org.panacan;

/** Which receive timestamps the bus asks the kernel for. */
public enum TimestampMode
{
    /** No kernel timestamps: {@link ReadableFrame#timestampNanos()} is 0. Cheapest. */
    NONE,
    /**
     * The kernel's software receive stamp ({@code SO_TIMESTAMPNS}, CLOCK_REALTIME, ns). python-can's behaviour. A frame
     * the stack queued before its (lazily enabled) stamping was on is stamped by the kernel when it is read.
     */
    SOFTWARE,
    /**
     * {@code SO_TIMESTAMPING}: the controller's raw hardware stamp where the device gives one, else the software
     * stamp (also {@code SO_TIMESTAMPNS}, for frames queued before stamping was on); {@link
     * ReadableFrame#timestampSource()} says which each frame carries.
     */
    HARDWARE
}
