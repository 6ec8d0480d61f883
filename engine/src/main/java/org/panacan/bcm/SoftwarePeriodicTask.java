package org.panacan.bcm;

import java.time.Duration;

import org.panacan.BusClosedException;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;

/**
 * A periodic task on panacan's {@link SoftwareScheduler}, with the kernel's semantics: {@code count} frames at the
 * period, then the then-period or the end; the first frame at once or one period late; {@code modifyData} keeps the
 * cycle. The clock arithmetic is {@link PeriodicSchedule}'s.
 *
 * <p>The schedule, the sequence index and the payloads are guarded by the task lock; the scheduler thread takes it
 * in {@link #runIfDue}, and sends while holding it, so that no frame goes out once {@code stop()} returned.
 */
final class SoftwarePeriodicTask extends PeriodicTaskBase
{
    private final SoftwareScheduler scheduler;
    private final CanBus bus;
    private final long periodNanos;
    private final Duration sendTimeout;
    private final PeriodicSchedule schedule;
    private byte[][] payloads;
    private int index;
    private long sent;

    SoftwarePeriodicTask(final BcmSession session, final PeriodicPlan plan, final PeriodicOptions options,
        final SoftwareScheduler scheduler, final CanBus bus)
    {
        super(session, plan, options);
        this.scheduler = scheduler;
        this.bus = bus;
        this.periodNanos = plan.periodMicros() * 1_000L;
        this.sendTimeout = plan.period(); // a frame that cannot go out within a period has missed its slot anyway
        this.schedule = new PeriodicSchedule(periodNanos, plan.count(), plan.thenMicros() * 1_000L);
        this.payloads = options.modifier() != null ? payloadsOf(frames) : null;
    }

    @Override
    public boolean isKernelScheduled()
    {
        return false;
    }

    @Override
    void doStart()
    {
        restartSchedule(plan.delayed() ? periodNanos : 0);
        setState(RUNNING);
        scheduler.add(this);
    }

    private void restartSchedule(final long firstDelay)
    {
        index = 0;
        sent = 0;
        schedule.restart(System.nanoTime(), firstDelay);
    }

    @Override
    void doStop()
    {
        scheduler.remove(this);
    }

    @Override
    void doModify(final CanFrame[] replacement, final boolean restart)
    {
        frames = replacement;
        if (payloads != null)
        {
            payloads = payloadsOf(replacement);
        }
        if (restart)
        {
            restartSchedule(0);
            scheduler.changed();
        }
    }

    @Override
    void doClose()
    {
        scheduler.remove(this);
    }

    /**
     * Sends the frame due at {@code now}, if any. Scheduler thread.
     *
     * @return the next deadline, or {@link Long#MAX_VALUE} when the task is not running
     */
    long runIfDue(final long now)
    {
        RuntimeException bug = null;
        CanException failure = null;
        final int outcome;
        final long next;
        lock.lock();
        try
        {
            if (state() != RUNNING)
            {
                return Long.MAX_VALUE;
            }
            if (!schedule.isDue(now))
            {
                return schedule.deadline();
            }
            try
            {
                sendCurrent();
            }
            catch (final CanException ex)
            {
                failure = ex;
            }
            catch (final RuntimeException ex)
            {
                bug = ex;
            }
            index = index + 1 == frames.length ? 0 : index + 1;
            sent++;
            // read after the send, not the 'now' it was found due at: the grid is anchored on this first call, and
            // a stall between the two would otherwise put every later slot less than a period after the first frame
            outcome = schedule.advance(System.nanoTime());
            if (outcome == PeriodicSchedule.ENDED)
            {
                endByCount();
                scheduler.remove(this);
            }
            next = state() == RUNNING ? schedule.deadline() : Long.MAX_VALUE;
        }
        finally
        {
            lock.unlock();
        }
        if (outcome != PeriodicSchedule.CONTINUE)
        {
            reportExpired(WallClock.epochNanos());
        }
        if (bug != null || (failure != null && !(failure instanceof BusClosedException) && !reportFailure(failure)))
        {
            stopQuietly();
            if (bug != null)
            {
                uncaught(bug);
            }
            return Long.MAX_VALUE;
        }
        return next;
    }

    private void sendCurrent() throws CanException
    {
        final CanFrame frame = frames[index];
        if (payloads == null)
        {
            bus.send(frame, sendTimeout);
            return;
        }
        final byte[] payload = payloads[index];
        options.modifier().beforeSend(payload, index, sent);
        bus.send(frame.id(), frame.flags() & FrameFlags.WIRE_MASK, payload, 0,
            frame.isRemote() ? frame.length() : payload.length, periodNanos);
    }

    private void stopQuietly()
    {
        try
        {
            stop();
        }
        catch (final CanException ex)
        {
            uncaught(ex); // software tasks make no system call to stop: not expected
        }
    }

    private static byte[][] payloadsOf(final CanFrame[] frames)
    {
        final byte[][] payloads = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++)
        {
            payloads[i] = frames[i].dataCopy();
        }
        return payloads;
    }
}
