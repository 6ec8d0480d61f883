package org.panacan.notify;

import org.panacan.CanBus;
import org.panacan.FrameHandler;
import org.panacan.FrameView;

/**
 * Receives the frames of the buses a {@link Notifier} watches, on the notifier's thread (python-can's
 * {@code Listener}). Every listener sees every frame, in order, one call at a time.
 *
 * <p>The {@link FrameView} is lent for the call only and is reused for the next frame: copy it
 * ({@link FrameView#toFrame()}) to keep it. A listener that throws is reported to the notifier's
 * {@link ErrorHandler} and keeps receiving; the other listeners still get the frame.
 */
@FunctionalInterface
public interface Listener
{
    /** A frame arrived on {@code bus}. */
    void onFrame(CanBus bus, FrameView frame);

    /**
     * Receiving from {@code bus} failed (e.g. ENETDOWN when its interface went down), or the bus was closed
     * ({@link org.panacan.BusClosedException}: the notifier no longer watches it). Does nothing by default.
     */
    default void onError(final CanBus bus, final Exception error)
    {
    }

    /** The notifier stopped; no call follows. Does nothing by default. */
    default void onStop()
    {
    }

    /** A listener that hands each frame to {@code handler}, whichever bus it came from. */
    static Listener of(final FrameHandler handler)
    {
        return (bus, frame) -> handler.onFrame(frame);
    }
}
