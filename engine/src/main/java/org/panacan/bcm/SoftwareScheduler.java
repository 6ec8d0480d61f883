package org.panacan.bcm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import org.panacan.sys.LoopThread;

/**
 * panacan's own periodic sender, for what the kernel cannot do (the virtual bus, payload modifiers): one thread per
 * bus sends every software task's frames at absolute deadlines, {@code start + k × period}, so that lateness never
 * accumulates (no sleep-per-period drift). It parks until {@value #SPIN_NANOS} ns before the next deadline, then
 * spins on {@link Thread#onSpinWait()}: {@code parkNanos} alone wakes tens of microseconds late.
 *
 * <p>The task list is copy-on-write: changes publish a new array with a release store and bump {@code changes},
 * which makes a waiting scheduler re-plan at once; {@link LockSupport#unpark} (the {@link LoopThread}'s wake-up)
 * ends a park early, for a change or a close. Each task's schedule is guarded by the task's lock, taken by the
 * scheduler for the few nanoseconds of a due check.
 */
final class SoftwareScheduler implements AutoCloseable
{
    /** How long before a deadline the scheduler stops parking and starts spinning. */
    static final long SPIN_NANOS = 100_000L;
    private static final SoftwarePeriodicTask[] NO_TASKS = new SoftwarePeriodicTask[0];

    private final LoopThread thread;
    private SoftwarePeriodicTask[] tasks = NO_TASKS;
    private long changes;

    SoftwareScheduler(final String busName)
    {
        this.thread = new LoopThread("panacan-periodic-" + busName, this::run, LockSupport::unpark);
        thread.start();
    }

    synchronized void add(final SoftwarePeriodicTask task)
    {
        final SoftwarePeriodicTask[] current = tasks;
        for (final SoftwarePeriodicTask existing : current)
        {
            if (existing == task)
            {
                changed();
                return;
            }
        }
        final SoftwarePeriodicTask[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = task;
        TASKS.setRelease(this, grown);
        changed();
    }

    synchronized void remove(final SoftwarePeriodicTask task)
    {
        final SoftwarePeriodicTask[] current = tasks;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == task)
            {
                final SoftwarePeriodicTask[] shrunk = new SoftwarePeriodicTask[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                TASKS.setRelease(this, shrunk);
                changed();
                return;
            }
        }
    }

    /** A task's schedule moved (start, restart): re-plan now. Any thread. */
    void changed()
    {
        CHANGES.getAndAdd(this, 1L);
        thread.wake();
    }

    boolean isSchedulerThread()
    {
        return thread.isCurrent();
    }

    private void run()
    {
        while (!isClosed())
        {
            final long seen = (long)CHANGES.getAcquire(this);
            final SoftwarePeriodicTask[] current = (SoftwarePeriodicTask[])TASKS.getAcquire(this);
            long next = Long.MAX_VALUE;
            for (final SoftwarePeriodicTask task : current)
            {
                final long deadline = task.runIfDue(System.nanoTime());
                if (deadline != Long.MAX_VALUE && (next == Long.MAX_VALUE || deadline - next < 0))
                {
                    next = deadline;
                }
            }
            if (next == Long.MAX_VALUE)
            {
                if ((long)CHANGES.getAcquire(this) == seen)
                {
                    LockSupport.park(this);
                }
            }
            else
            {
                awaitDeadline(next, seen);
            }
        }
    }

    /** Parks, then spins, until {@code deadline}; returns early when the tasks change or the scheduler closes. */
    private void awaitDeadline(final long deadline, final long seen)
    {
        while ((long)CHANGES.getAcquire(this) == seen && !isClosed())
        {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0)
            {
                return;
            }
            if (remaining > SPIN_NANOS)
            {
                LockSupport.parkNanos(this, remaining - SPIN_NANOS);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    private boolean isClosed()
    {
        return !thread.isRunning();
    }

    /** Stops the thread (after the send in progress) and waits for it, unless called on it. */
    @Override
    public void close()
    {
        thread.stopAndJoin();
    }

    private static final VarHandle TASKS;
    private static final VarHandle CHANGES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TASKS = lookup.findVarHandle(SoftwareScheduler.class, "tasks", SoftwarePeriodicTask[].class);
            CHANGES = lookup.findVarHandle(SoftwareScheduler.class, "changes", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
