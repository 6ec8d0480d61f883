package org.panacan.bcm;

import java.time.Duration;

import org.panacan.CanException;

/**
 * A receive subscription for one CAN identifier, kept by the kernel's Broadcast Manager ({@code RX_SETUP}) on a
 * SocketCAN bus, or by panacan's software twin of it on the virtual bus. Its events ({@link WatchEvent}) go to the
 * listener given to {@code CanBus.watch}, or, without one, into a bounded queue read with {@link #poll} — the same
 * shape as the bus's own {@code poll}: no allocation, a flyweight lent per call.
 */
public interface Watch extends AutoCloseable
{
    /** The watched identifier (without flag bits). */
    int id();

    WatchOptions options();

    /** Whether the subscription is in place: false after {@link #unwatch()} and once the bus closed. */
    boolean isActive();

    /** Ends the subscription ({@code RX_DELETE}); no event is produced after this returns. Idempotent. */
    void unwatch() throws CanException;

    /**
     * Waits up to {@code timeoutNanos} for an event, then hands up to {@code limit} queued events to
     * {@code handler}. One thread at a time. An inactive watch hands over what is left and then returns 0 at once.
     *
     * @return the number of events handled, 0 on timeout
     * @throws IllegalStateException the watch pushes its events to a listener
     */
    int poll(WatchListener handler, int limit, long timeoutNanos) throws InterruptedException;

    /** Waits up to {@code timeout} for the next event and returns a copy of it, or {@code null}. Allocates. */
    WatchEvent next(Duration timeout) throws InterruptedException;

    /** Events lost because the poll queue was full (the newest are dropped). */
    long droppedEvents();

    /** {@link #unwatch()}, for try-with-resources; a failing {@code RX_DELETE} is rethrown. */
    @Override
    default void close() throws CanException
    {
        unwatch();
    }
}
