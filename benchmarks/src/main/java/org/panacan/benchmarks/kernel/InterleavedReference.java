package org.panacan.benchmarks.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.panacan.benchmarks.BenchFrames;
import org.panacan.benchmarks.CompilerQueue;

/**
 * Runs a C reference program right before each measurement iteration, for as long as the iteration lasts, so that
 * the reference and the benchmark take turns every few seconds instead of running minutes apart.
 *
 * <p>Why: in the test VM the emulator's speed drifts over minutes (in one boot the same C ping-pong measured p50 51
 * µs, then 35 µs a minute and a half later), and a benchmark measured in a slow spell against a reference measured
 * outside it (or the reverse) gives a ratio that says more about the spell than about the code. Taking turns, both
 * sample the same spells. The program's RESULT line is appended to {@code refs.txt} with {@code -interleaved}
 * added to its name; the ping-pong's round trips go to {@code samples/c-pingpong-interleaved-N.bin}.
 *
 * <p>The programs run on an interface of their own ({@code -Dpanacan.bench.cinterface}, vcan1 in the VM), so that
 * the benchmark's idle sockets neither queue nor echo their frames. Enabled by {@code -Dpanacan.bench.cdir=DIR},
 * the directory of the compiled C programs (scripts/bench sets both where vcan1 exists); without it nothing runs.
 */
final class InterleavedReference
{
    private static final String DIRECTORY = System.getProperty("panacan.bench.cdir", "");
    private static final String INTERFACE = System.getProperty("panacan.bench.cinterface", "vcan1");

    private final String program;
    /** The program's arguments before and after its duration in seconds. */
    private final List<String> before;
    private final List<String> after;
    /** For a program that writes its samples to a file named last: the file name's start, numbered per run. */
    private final String samplesPrefix;
    private int runs;

    private InterleavedReference(final String program, final List<String> before, final List<String> after,
        final String samplesPrefix)
    {
        this.program = program;
        this.before = before;
        this.after = after;
        this.samplesPrefix = samplesPrefix;
    }

    /** pingpong.c, 1 s of warm-up, then the iteration's duration. */
    static InterleavedReference pingPong()
    {
        return new InterleavedReference("pingpong", List.of("1"), List.of(), "c-pingpong-interleaved-");
    }

    /** drain.c with recvmmsg(64) draining the queue the benchmark drains, with or without control messages. */
    static InterleavedReference drain(final boolean controlMessages)
    {
        return new InterleavedReference("drain", List.of("recvmmsg", "64", Integer.toString(Buses.QUEUED_FRAMES)),
            List.of(Integer.toString(Buses.RECEIVE_BUFFER), controlMessages ? "1" : "0"), null);
    }

    /** Whether the C programs take turns in this run (-Dpanacan.bench.cdir is set). */
    static boolean enabled()
    {
        return !DIRECTORY.isEmpty();
    }

    /** The interface the references take turns on, apart from the benchmark's. */
    static String interfaceName()
    {
        return INTERFACE;
    }

    /** Appends a reference's {@code RESULT} line to {@code refs.txt} and says so; {@code runs}: its number. */
    static void record(final String result, final int runs) throws IOException
    {
        Files.writeString(BenchFrames.outputDirectory().resolve("refs.txt"), result + System.lineSeparator(),
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("interleaved reference " + runs + ": " + result);
    }

    /** Whether {@link #beforeIteration} runs the program before this iteration: a measurement, and enabled. */
    private boolean runsBefore(final IterationParams iteration)
    {
        return enabled() && iteration.getType() == IterationType.MEASUREMENT;
    }

    /** Before each measurement iteration: runs the program for the iteration's duration and waits for it. */
    void beforeIteration(final IterationParams iteration)
    {
        if (!runsBefore(iteration))
        {
            return;
        }
        final String seconds = Double.toString(iteration.getTime().convertTo(TimeUnit.MILLISECONDS) / 1000.0);
        final Path raw = BenchFrames.outputDirectory();
        final List<String> command = new ArrayList<>(List.of(Path.of(DIRECTORY, program).toString(), INTERFACE));
        command.addAll(before);
        command.add(seconds);
        command.addAll(after);
        CompilerQueue.awaitIdle(); // what the last iteration left for the compilers would slow the C program
        try
        {
            runs++;
            if (samplesPrefix != null)
            {
                command.add(Files.createDirectories(raw.resolve("samples"))
                    .resolve(samplesPrefix + runs + ".bin").toString());
            }
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes()).strip();
            if (process.waitFor() != 0 || !output.startsWith("RESULT name="))
            {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            record(output.replaceFirst("^RESULT name=(\\S+)", "RESULT name=$1-interleaved"), runs);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + command, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command + " ran", ex);
        }
    }
}
