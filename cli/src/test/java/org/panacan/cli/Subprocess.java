package org.panacan.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The panacan command in a JVM of its own, as a user runs it, so that signals (Ctrl-C is SIGINT) reach it. Its
 * stderr is read line by line as it comes; its stdout goes to a file.
 */
final class Subprocess implements AutoCloseable
{
    private final Process process;
    private final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
    private final List<String> errSeen = new ArrayList<>();
    private final Thread errReader;

    private Subprocess(final Process process)
    {
        this.process = process;
        this.errReader = Thread.ofPlatform().daemon().start(() ->
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)))
            {
                for (String line = reader.readLine(); line != null; line = reader.readLine())
                {
                    errLines.add(line);
                }
            }
            catch (final IOException ex)
            {
                errLines.add("(stderr closed: " + ex + ")");
            }
        });
    }

    /**
     * Starts {@code panacan args...} on this test's class path with stdout to {@code stdout}. A process started in
     * the background of a shell without job control (a CI runner, the test VM) inherits SIGINT ignored, and a JVM
     * keeps an ignored SIGINT ignored: a one-line python exec restores the default first, as a terminal has it.
     */
    static Subprocess start(final Path stdout, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of("python3", "-c",
            "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            PanacanMain.class.getName()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return new Subprocess(builder.start());
    }

    /** Waits for a stderr line starting with {@code prefix}; returns it. */
    String awaitErrLine(final String prefix, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            final String line = errLines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null)
            {
                throw new AssertionError("no stderr line starting with '" + prefix + "' within " + timeout + " "
                    + unit + "; seen: " + errSeen);
            }
            errSeen.add(line);
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    void interrupt() throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        if (kill.waitFor() != 0)
        {
            throw new IOException("kill -INT " + process.pid() + " failed");
        }
    }

    /** Waits for the exit; returns the exit code. */
    int awaitExit(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!process.waitFor(timeout, unit))
        {
            throw new AssertionError("still running after " + timeout + " " + unit + "; stderr: " + errSeen);
        }
        errReader.join(unit.toMillis(timeout));
        return process.exitValue();
    }

    /** Every stderr line read so far, plus what is still queued. */
    List<String> errLines()
    {
        errLines.drainTo(errSeen);
        return errSeen;
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
    }
}
