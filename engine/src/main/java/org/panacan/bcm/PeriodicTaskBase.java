package org.panacan.bcm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.CanException;
import org.panacan.CanFrame;

/**
 * What kernel and software tasks share: the life cycle, the frames, the listener.
 *
 * <p>State changes happen under {@link #lock}, which also guards {@link #frames} and each subclass's scheduling
 * fields; the state is published with a release store so that {@link #isRunning()} can read it without the lock.
 * Lock order: a task's lock before its session's.
 */
abstract class PeriodicTaskBase implements PeriodicTask
{
    static final int STOPPED = 0;
    static final int PENDING = 1;
    static final int RUNNING = 2;
    static final int ENDED = 3;
    static final int CLOSED = 4;

    final BcmSession session;
    final PeriodicPlan plan;
    final PeriodicOptions options;
    final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    CanFrame[] frames;
    private int state = STOPPED;

    PeriodicTaskBase(final BcmSession session, final PeriodicPlan plan, final PeriodicOptions options)
    {
        this.session = session;
        this.plan = plan;
        this.options = options;
        this.frames = plan.frames();
    }

    /** Starts scheduling; state is STOPPED or ENDED. Lock held. */
    abstract void doStart() throws CanException;

    /** Stops scheduling; state is PENDING, RUNNING or ENDED. Lock held. */
    abstract void doStop() throws CanException;

    /** Applies checked replacement frames to a running task. Lock held. */
    abstract void doModify(CanFrame[] replacement, boolean restart) throws CanException;

    /** The bus is closing: forget the schedule without any system call. Lock held. */
    abstract void doClose();

    @Override
    public List<CanFrame> frames()
    {
        lock.lock();
        try
        {
            return List.of(frames);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public Duration period()
    {
        return plan.period();
    }

    @Override
    public PeriodicOptions options()
    {
        return options;
    }

    @Override
    public void modifyData(final List<CanFrame> replacement, final boolean restart) throws CanException
    {
        final CanFrame[] checked = plan.checkReplacement(replacement, session.fdAllowed(), session.busName());
        lock.lock();
        try
        {
            final int current = state();
            if (current == CLOSED)
            {
                throw new BusClosedException("bus '" + session.busName() + "'");
            }
            if (current != PENDING && current != RUNNING)
            {
                throw new IllegalStateException("the task is " + (current == ENDED ? "ended" : "stopped")
                    + "; start() it before modifyData");
            }
            try
            {
                doModify(checked, restart);
            }
            finally
            {
                if (!isRunning())
                {
                    session.unregister(this); // a failed restart left the task stopped
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void start() throws CanException
    {
        lock.lock();
        try
        {
            final int current = state();
            if (current == CLOSED)
            {
                throw new BusClosedException("bus '" + session.busName() + "'");
            }
            if (current == PENDING || current == RUNNING)
            {
                return;
            }
            session.register(this);
            try
            {
                doStart();
            }
            catch (final CanException | RuntimeException | Error ex)
            {
                session.unregister(this);
                throw ex;
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void stop() throws CanException
    {
        lock.lock();
        try
        {
            final int current = state();
            if (current == STOPPED || current == CLOSED)
            {
                return;
            }
            try
            {
                doStop();
            }
            finally
            {
                setState(STOPPED);
                session.unregister(this);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** The bus closes: the task ends without system calls (closing the BCM socket deletes every op). */
    final void closeWithBus()
    {
        lock.lock();
        try
        {
            doClose();
            setState(CLOSED);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning()
    {
        final int current = state();
        return current == PENDING || current == RUNNING;
    }

    @Override
    public boolean awaitEnd(final Duration timeout) throws InterruptedException
    {
        long remaining = timeout.toNanos();
        lock.lock();
        try
        {
            while (isRunning())
            {
                if (remaining <= 0)
                {
                    return false;
                }
                remaining = stateChanged.awaitNanos(remaining);
            }
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    final int state()
    {
        return (int)STATE.getAcquire(this);
    }

    /** Lock held. */
    final void setState(final int newState)
    {
        STATE.setRelease(this, newState);
        stateChanged.signalAll();
    }

    /** Ends the task because its count ran out (no then-period). Lock held. */
    final void endByCount()
    {
        setState(ENDED);
        session.unregister(this);
    }

    /** Tells the listener the count ran out. Called without the lock, on the event thread. */
    final void reportExpired(final long timestampNanos)
    {
        final PeriodicListener listener = options.listener();
        if (listener != null)
        {
            try
            {
                listener.onExpired(this, timestampNanos);
            }
            catch (final RuntimeException | Error ex)
            {
                uncaught(ex);
            }
        }
    }

    /** Asks the listener whether to go on after a failure; without one, stop. Called without the lock. */
    final boolean reportFailure(final CanException failure)
    {
        final PeriodicListener listener = options.listener();
        if (listener == null)
        {
            return false;
        }
        try
        {
            return listener.onSendFailure(this, failure);
        }
        catch (final RuntimeException | Error ex)
        {
            uncaught(ex);
            return false;
        }
    }

    static void uncaught(final Throwable ex)
    {
        final Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
    }

    @Override
    public String toString()
    {
        final String[] names = {"stopped", "pending", "running", "ended", "closed"};
        return getClass().getSimpleName() + "[" + frames.length + " frame(s) every " + plan.period() + ", "
            + options + ", " + names[state()] + "]";
    }

    private static final VarHandle STATE;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(PeriodicTaskBase.class, "state", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
