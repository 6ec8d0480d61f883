package org.panacan.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Waits until the JIT compilers have nothing left to do: no compile running and both queues empty (what
 * {@code jcmd PID Compiler.queue} prints, read through the DiagnosticCommand MBean).
 *
 * <p>Why: in the test VM both vCPUs run on one emulator thread, so a compiler thread busy on the second vCPU
 * halves the speed of the measured one; a C reference, which has no JIT, never pays that. What an iteration's setup
 * does (start a C turn, read its output, write files) queues compiles that C2 otherwise works off during the
 * first part of the measurement, or during the C turn; a compile under emulation takes up to seconds. The kernel
 * benchmarks wait before every iteration, warm-up included (so that this class's own code is compiled, and its
 * first use allocates, in the warm-up), and before a C turn.
 *
 * <p>Enabled by {@code -Dpanacan.bench.awaitCompilers=true} (scripts/bench sets it for full runs; a quick run's
 * one-second iterations are not worth the wait). Each poll allocates a few kilobytes (the report string): under
 * {@code -prof gc} a measurement iteration of a million operations counts a hundredth of a byte per operation.
 */
public final class CompilerQueue
{
    private static final boolean ENABLED = Boolean.getBoolean("panacan.bench.awaitCompilers");
    private static final long POLL_MILLIS = 50;
    /** Give up waiting after this long: a compiler that never idles is reported, not waited for forever. */
    private static final long MAX_WAIT_SECONDS = 30;
    /** Idle polls in a row before the compilers count as idle: a finished compile often queues another. */
    private static final int IDLE_POLLS = 3;

    private CompilerQueue()
    {
    }

    /**
     * When enabled: blocks until the compilers are idle (or {@value #MAX_WAIT_SECONDS} s have passed), prints how
     * long that took, and waits once more for what printing queued.
     */
    public static void awaitIdle()
    {
        if (!ENABLED)
        {
            return;
        }
        final long start = System.nanoTime();
        final boolean idle = pollUntilIdle(start);
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(idle ? "compilers idle after " + millis + " ms"
            : "compilers busy after " + MAX_WAIT_SECONDS + " s:\n" + queue());
        pollUntilIdle(System.nanoTime());
    }

    private static boolean pollUntilIdle(final long start)
    {
        int idlePolls = 0;
        while (idlePolls < IDLE_POLLS)
        {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS))
            {
                return false;
            }
            idlePolls = isIdle(queue()) ? idlePolls + 1 : 0;
            sleep();
        }
        return true;
    }

    /**
     * Whether a {@code Compiler.queue} report shows no work: every line is a section heading ("Current
     * compiles:", "C1 compile queue:", ...), "Empty" or blank; a compile is a line naming a compiler thread or
     * starting with a compile id.
     */
    private static boolean isIdle(final String report)
    {
        return report.lines().map(String::strip)
            .noneMatch(line -> !line.isEmpty() && (Character.isDigit(line.charAt(0)) || line.contains("Thread")));
    }

    private static String queue()
    {
        try
        {
            return (String)Diagnostics.SERVER.invoke(Diagnostics.COMMANDS, "compilerQueue", Diagnostics.NO_ARGUMENTS,
                Diagnostics.SIGNATURE);
        }
        catch (final JMException ex)
        {
            throw new IllegalStateException("cannot read the compile queue", ex);
        }
    }

    /** The DiagnosticCommand MBean, looked up on first use: a disabled wait starts no JMX. */
    private static final class Diagnostics
    {
        static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
        static final ObjectName COMMANDS = name();
        static final Object[] NO_ARGUMENTS = {new String[0]};
        static final String[] SIGNATURE = {String[].class.getName()};

        private static ObjectName name()
        {
            try
            {
                return new ObjectName("com.sun.management:type=DiagnosticCommand");
            }
            catch (final JMException ex)
            {
                throw new ExceptionInInitializerError(ex);
            }
        }
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(POLL_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the compilers", ex);
        }
    }
}
