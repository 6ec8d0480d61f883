package org.panacan;

/**
 * Receives frames from {@link CanBus#drain} and {@link CanBus#poll} without allocation.
 *
 * <p>The {@link FrameView} is lent for the duration of the call only: it points into a ring slot that is reused
 * afterwards. Keep {@link CanFrame#copyOf(ReadableFrame)} if the frame must outlive the call. A handler that throws
 * ends the drain; the frame it was given counts as consumed and the exception reaches the caller.
 */
@FunctionalInterface
public interface FrameHandler
{
    void onFrame(FrameView frame);
}
