package org.panacan.sys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * A thread that runs a loop until stopped: the loop polls {@link #isRunning()}, {@link #stop()} clears the flag and
 * then wakes the thread out of whatever it sleeps in (an eventfd, a park, a closed bus), and {@link #join()} waits
 * for it without giving up the caller's interrupt. The receive, BCM, notifier, pure-Java ISO-TP protocol, software
 * scheduler and software monitor threads are each one.
 *
 * <h2>Invariants and happens-before</h2>
 * {@code running} goes from true to false once, by {@code getAndSetRelease}: whatever the stopping thread did before
 * {@link #stop()} happens-before the loop's acquire load that sees false. The wake-up runs after the flag is
 * cleared and must be sticky (an eventfd stays readable, an unpark leaves a permit, a closed bus stays closed), so a
 * loop that re-checks the flag after every sleep cannot sleep through a stop. Everything the loop did
 * happens-before {@link #join()} returns (thread termination).
 */
public final class LoopThread
{
    private final Thread thread;
    private final Consumer<Thread> wakeUp;
    private boolean running = true;

    /**
     * @param factory makes the thread (not started yet)
     * @param loop    runs while {@link #isRunning()}
     * @param wakeUp  makes the thread return from its sleep: called with it on {@link #wake()} and {@link #stop()}
     */
    public LoopThread(final ThreadFactory factory, final Runnable loop, final Consumer<Thread> wakeUp)
    {
        this.thread = factory.newThread(loop);
        this.wakeUp = wakeUp;
    }

    /** A daemon platform thread called {@code name}. */
    public LoopThread(final String name, final Runnable loop, final Consumer<Thread> wakeUp)
    {
        this(Thread.ofPlatform().name(name).daemon(true).factory(), loop, wakeUp);
    }

    public void start()
    {
        thread.start();
    }

    /** Whether the loop should go on: false from the first {@link #stop()} on. Acquire. */
    public boolean isRunning()
    {
        return (boolean)RUNNING.getAcquire(this);
    }

    /** Whether the caller is this thread. */
    public boolean isCurrent()
    {
        return Thread.currentThread() == thread;
    }

    public boolean isAlive()
    {
        return thread.isAlive();
    }

    public String name()
    {
        return thread.getName();
    }

    /** Makes the thread return from its sleep, e.g. to look at new work. Any thread. */
    public void wake()
    {
        wakeUp.accept(thread);
    }

    /**
     * Asks the loop to end and wakes it; the first call only, since the wake-up sticks.
     *
     * @return whether this call stopped it (false: stopped before)
     */
    public boolean stop()
    {
        if (!(boolean)RUNNING.getAndSetRelease(this, false))
        {
            return false;
        }
        wake();
        return true;
    }

    /**
     * Waits until the thread has ended; at once when it never started or when called on the thread itself (it
     * would wait for itself forever). An interrupt does not end the wait; it is restored before returning.
     */
    public void join()
    {
        if (isCurrent())
        {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop()}, then {@link #join()}. */
    public void stopAndJoin()
    {
        stop();
        join();
    }

    private static final VarHandle RUNNING;

    static
    {
        try
        {
            RUNNING = MethodHandles.lookup().findVarHandle(LoopThread.class, "running", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
