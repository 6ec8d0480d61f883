package org.panacan.ring;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFrame;
import org.panacan.FrameHandler;
import org.panacan.bcm.BcmSession;
import org.panacan.bcm.PeriodicOptions;
import org.panacan.bcm.PeriodicTask;
import org.panacan.bcm.Watch;
import org.panacan.bcm.WatchListener;
import org.panacan.bcm.WatchOptions;

/**
 * What the SocketCAN and the virtual bus share: frames are read from their {@link FrameRing} through a
 * {@link RingConsumer}, periodic tasks and watches are their {@link BcmSession}'s, and each call checks first that
 * the bus is open. Public only so that both buses' packages can extend it.
 */
public abstract class RingBus implements CanBus, RingConsumer.Source
{
    /** What {@code recv(null)} waits: a century, long enough to count as forever without overflowing a deadline. */
    private static final Duration FOREVER = Duration.ofDays(365 * 100);

    /** The consumer side of this bus's ring. */
    protected abstract RingConsumer consumer();

    /** The session this bus closes first when it closes. */
    protected abstract BcmSession bcm();

    @Override
    public final CanFrame recv(final Duration timeout) throws CanException
    {
        return consumer().recv(timeout == null ? FOREVER : timeout);
    }

    @Override
    public final int drain(final FrameHandler handler, final int limit) throws CanException
    {
        return consumer().drain(handler, limit);
    }

    @Override
    public final int poll(final FrameHandler handler, final int limit, final long timeoutNanos) throws CanException
    {
        return consumer().poll(handler, limit, timeoutNanos);
    }

    @Override
    public final Stream<CanFrame> frames()
    {
        return consumer().stream();
    }

    @Override
    public final PeriodicTask sendPeriodic(final List<CanFrame> frames, final Duration period,
        final PeriodicOptions options) throws CanException
    {
        ensureOpen();
        return bcm().sendPeriodic(frames, period, options);
    }

    @Override
    public final void stopAllPeriodicTasks() throws CanException
    {
        bcm().stopAll();
    }

    @Override
    public final Watch watch(final int id, final WatchOptions options, final WatchListener listener)
        throws CanException
    {
        ensureOpen();
        return bcm().watch(id, options, listener);
    }
}
