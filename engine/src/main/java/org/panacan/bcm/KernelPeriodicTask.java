package org.panacan.bcm;

import org.panacan.CanException;
import org.panacan.CanFrame;
import org.panacan.sys.BcmMessage;

/**
 * A periodic task the kernel's Broadcast Manager runs: one TX op, keyed by a number unique on the bus's BCM socket
 * (the frames carry their own ids, so several tasks may send the same id).
 *
 * <p>Each start and each restart uses a fresh key, so an event of an earlier run (a {@code TX_EXPIRED} already
 * queued when the task was restarted) finds no task and is dropped. {@link #generation} does the same for the
 * actions queued on the BCM thread. Both are guarded by the task lock.
 */
final class KernelPeriodicTask extends PeriodicTaskBase
{
    private final BcmSocket socket;
    /** The op key in the kernel, 0 when the kernel has no op for this task. */
    private int key;
    private long generation;

    KernelPeriodicTask(final BcmSession session, final PeriodicPlan plan, final PeriodicOptions options,
        final BcmSocket socket)
    {
        super(session, plan, options);
        this.socket = socket;
    }

    @Override
    public boolean isKernelScheduled()
    {
        return true;
    }

    @Override
    void doStart() throws CanException
    {
        deleteOp(); // an op that ended by its count is still in the kernel
        key = socket.registerTx(this);
        final long run = ++generation;
        if (plan.delayed())
        {
            setState(PENDING);
            socket.schedule(System.nanoTime() + plan.periodMicros() * 1_000L, () -> startDelayed(run));
        }
        else
        {
            setUpTimers();
        }
    }

    /** {@code TX_SETUP} with {@code SETTIMER | STARTTIMER}: the first frame goes out now. Lock held, key set. */
    private void setUpTimers() throws CanException
    {
        try
        {
            socket.txSetup(key, plan.baseFlags() | BcmMessage.SETTIMER | BcmMessage.STARTTIMER, plan.count(),
                plan.ival1Micros(), plan.ival2Micros(), frames);
        }
        catch (final CanException | RuntimeException ex)
        {
            forgetKey();
            setState(STOPPED);
            throw ex;
        }
        setState(RUNNING);
        if (plan.count() == 1)
        {
            // the kernel sends the only frame while setting up and reports no TX_EXPIRED for it
            final int expiredKey = key;
            socket.schedule(System.nanoTime(), () -> onExpired(expiredKey, WallClock.epochNanos()));
        }
    }

    private void startDelayed(final long run)
    {
        CanException failure = null;
        lock.lock();
        try
        {
            if (run != generation || state() != PENDING)
            {
                return;
            }
            setUpTimers();
        }
        catch (final CanException ex)
        {
            failure = ex;
            session.unregister(this);
        }
        finally
        {
            lock.unlock();
        }
        if (failure != null)
        {
            reportFailure(failure);
        }
    }

    @Override
    void doStop() throws CanException
    {
        generation++;
        deleteOp();
    }

    @Override
    void doModify(final CanFrame[] replacement, final boolean restart) throws CanException
    {
        if (state() == PENDING)
        {
            frames = replacement;
            if (restart)
            {
                generation++;
                setUpTimers();
            }
            return;
        }
        if (!restart)
        {
            // no SETTIMER, no STARTTIMER: the kernel swaps the frames and keeps its timer and count
            socket.txSetup(key, plan.baseFlags(), 0, 0, 0, replacement);
            frames = replacement;
            return;
        }
        generation++;
        deleteOp();
        frames = replacement;
        key = socket.registerTx(this);
        setUpTimers();
    }

    @Override
    void doClose()
    {
        generation++;
        if (key != 0)
        {
            socket.unregisterTx(key, this);
            key = 0;
        }
    }

    /** {@code TX_EXPIRED} for op {@code expiredKey}, on the BCM thread. */
    void onExpired(final int expiredKey, final long timestampNanos)
    {
        lock.lock();
        try
        {
            if (expiredKey != key || state() != RUNNING)
            {
                return; // an earlier run's event
            }
            if (plan.thenMicros() == 0)
            {
                endByCount();
            }
        }
        finally
        {
            lock.unlock();
        }
        reportExpired(timestampNanos);
    }

    private void deleteOp() throws CanException
    {
        if (key != 0)
        {
            try
            {
                socket.txDelete(key, plan.baseFlags());
            }
            finally
            {
                forgetKey();
            }
        }
    }

    private void forgetKey()
    {
        socket.unregisterTx(key, this);
        key = 0;
    }
}
