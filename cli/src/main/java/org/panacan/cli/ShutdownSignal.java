package org.panacan.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a long-running command: a shutdown hook that asks the command to stop, then
 * holds the JVM until the command has written its last line, printed its counts and closed its buses (or a grace
 * period passes). Installed for the duration of the command only.
 *
 * <p>Threads: the hook thread sets {@code requested} and runs the stop action; the command's thread polls
 * {@link #isRequested()} and, when done, opens {@code finished}, which lets the hook (and the JVM) go on.
 */
final class ShutdownSignal implements AutoCloseable
{
    private static final long GRACE_SECONDS = 10;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(final Runnable stop)
    {
        this.hook = new Thread(() ->
        {
            requested.set(true);
            stop.run();
            try
            {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "panacan-shutdown");
    }

    /** Installs the hook; {@code stop} wakes the command (it must also check {@link #isRequested()}). */
    static ShutdownSignal install(final Runnable stop)
    {
        final ShutdownSignal signal = new ShutdownSignal(stop);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Whether the JVM is shutting down (Ctrl-C, SIGTERM). */
    boolean isRequested()
    {
        return requested.get();
    }

    /** The command is done: lets a pending shutdown proceed, or removes the hook. */
    @Override
    public void close()
    {
        finished.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is shutting down: the hook is running and now returns
        }
    }
}
