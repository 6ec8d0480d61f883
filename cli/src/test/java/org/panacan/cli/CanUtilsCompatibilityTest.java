package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.log.CanSendSyntax;
import org.panacan.log.CandumpLogReader;
import org.panacan.log.LoggedFrame;
import org.panacan.testing.SocketCanTest;

/**
 * Byte compatibility with can-utils (the host's, run in the test VM): our record and dump against candump on the
 * same traffic, canplayer replaying our log and our replay replaying candump's, send against cansend. The installed
 * can-utils (2020.11) predates raw DLCs (len8_dlc), so the traffic here has none; host tests cover that syntax.
 */
@SocketCanTest
class CanUtilsCompatibilityTest
{
    private static final String VCAN0 = "vcan0";
    private static final String VCAN1 = "vcan1";
    private static final String SYNC = "7FF#AA";
    /** Every kind of frame the kernel and can-utils 2020.11 agree on. */
    private static final List<String> TRAFFIC = List.of("123#DEADBEEF", "1F334455#1122334455667788", "5AA#",
        "123#R", "123#R3", "00000123#R8", "123##1DEADBEEF", "123##0", "123##3AABB", "12345678##2001122",
        "7FE##1" + "A5".repeat(64), "20000004#0004000000000000", "2000008C#0002800A00000000",
        "20000100#0000000000000000", "000#00", "7FF#0102030405060708");
    /** How long a capture waits for more frames: long enough for a JVM under the VM's emulation. */
    private static final long IDLE_MILLIS = 8000;

    @TempDir
    private Path dir;
    private long maxLatenessMicros;

    /**
     * Loads the classes of sending and of the commands once, so that no capture's idle timeout runs out while the
     * emulated VM's cold JVM gets ready to send the first sync frame.
     */
    @BeforeAll
    static void warmUp() throws Exception
    {
        try (CanBus bus = CanBus.open(BusConfig.socketCan(VCAN1).fd(true).build()))
        {
            bus.send(CanSendSyntax.parse("7FD#00"));
        }
        assertEquals(0, Cli.run("dump", "-n", "1", "-T", "1", VCAN1).exitCode());
    }

    @Test
    void recordWritesWhatCandumpLogsForTheSameTraffic() throws Exception
    {
        final Path ours = dir.resolve("ours.log");
        final Path theirs = dir.resolve("theirs.log");
        try (Listener candump = Listener.process(theirs, "candump", "-L", spec(VCAN0));
            Listener record = Listener.panacan(ours, "record", "-T", String.valueOf(IDLE_MILLIS), "-o",
                ours.toString(), spec(VCAN0)))
        {
            sendAfterSync(VCAN0, TRAFFIC, candump, record);
            record.awaitSuccess();
            candump.stop();
        }
        final List<String> expected = withoutSync(Files.readAllLines(theirs));
        assertEquals(TRAFFIC.size(), expected.size(), expected.toString());
        // the same kernel timestamps, the same bytes
        assertEquals(expected, withoutSync(Files.readAllLines(ours)));
    }

    @Test
    void dumpPrintsWhatCandumpPrintsInEachFormat() throws Exception
    {
        final List<String[]> pairs = List.of(
            new String[] {"-L"}, new String[] {}, new String[] {"-e"}, new String[] {"-t", "a"},
            new String[] {"-t", "z", "-e"});
        final List<Listener> candumps = new ArrayList<>();
        final List<Listener> dumps = new ArrayList<>();
        try
        {
            for (int i = 0; i < pairs.size(); i++)
            {
                final List<String> candump = new ArrayList<>(List.of("candump"));
                candump.addAll(List.of(pairs.get(i)));
                candump.add(spec(VCAN0));
                candumps.add(Listener.process(dir.resolve("candump" + i), candump.toArray(String[]::new)));
                final List<String> dump = new ArrayList<>(List.of("dump", "-T", String.valueOf(IDLE_MILLIS)));
                dump.addAll(List.of(pairs.get(i)));
                dump.add(spec(VCAN0));
                dumps.add(Listener.panacan(dir.resolve("dump" + i), dump.toArray(String[]::new)));
            }
            final List<Listener> all = new ArrayList<>(candumps);
            all.addAll(dumps);
            sendAfterSync(VCAN0, TRAFFIC, all.toArray(Listener[]::new));
            for (final Listener dump : dumps)
            {
                dump.awaitSuccess(); // idle for a while: every candump has printed the traffic too
            }
            for (final Listener candump : candumps)
            {
                candump.stop();
            }
        }
        finally
        {
            candumps.forEach(Listener::close);
            dumps.forEach(Listener::close);
        }
        for (int i = 0; i < pairs.size(); i++)
        {
            final List<String> expected = withoutSync(Files.readAllLines(dir.resolve("candump" + i)));
            final List<String> actual = withoutSync(Files.readAllLines(dir.resolve("dump" + i)));
            if (pairs.get(i).length > 1 && "z".equals(pairs.get(i)[1]))
            {
                // time from the first frame: the listeners saw different first sync frames
                assertEquals(stripTimes(expected), stripTimes(actual), String.join(" ", pairs.get(i)));
            }
            else
            {
                assertEquals(expected, actual, "dump " + String.join(" ", pairs.get(i)));
            }
            assertTrue(expected.size() >= TRAFFIC.size(), expected.toString());
        }
    }

    @Test
    void canplayerReplaysOurRecording() throws Exception
    {
        final Path ours = dir.resolve("ours.log");
        try (Listener record = Listener.panacan(ours, "record", "-T", String.valueOf(IDLE_MILLIS), "-o",
            ours.toString(), spec(VCAN0)))
        {
            sendAfterSync(VCAN0, TRAFFIC, record);
            record.awaitSuccess();
        }
        final Path replayed = dir.resolve("replayed.log");
        try (Listener candump = Listener.process(replayed, "candump", "-L", spec(VCAN1)))
        {
            awaitListening(VCAN1, candump);
            final Process canplayer = new ProcessBuilder("canplayer", "-I", ours.toString(), VCAN1 + "=" + VCAN0)
                .redirectErrorStream(true).start();
            assertEquals(0, canplayer.waitFor(60, TimeUnit.SECONDS) ? canplayer.exitValue() : -1,
                new String(canplayer.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            candump.awaitLines(withoutSync(Files.readAllLines(ours)).size());
            candump.stop();
        }
        assertEquals(frames(withoutSync(Files.readAllLines(ours))), frames(withoutSync(Files.readAllLines(replayed))));
    }

    @Test
    void replayReplaysCandumpsLogWithItsTiming() throws Exception
    {
        final Path theirs = dir.resolve("theirs.log");
        try (Listener candump = Listener.process(theirs, "candump", "-L", spec(VCAN0)))
        {
            sendAfterSync(VCAN0, TRAFFIC, candump);
            candump.awaitLines(TRAFFIC.size());
            candump.stop();
        }
        final List<String> logged = withoutSync(Files.readAllLines(theirs));
        Files.write(theirs, logged);
        final Path replayed = dir.resolve("replayed.log");
        try (Listener candump = Listener.process(replayed, "candump", "-L", spec(VCAN1)))
        {
            awaitListening(VCAN1, candump);
            final Cli.Run run = Cli.run("replay", "-I", theirs.toString(), VCAN1 + "=" + VCAN0);
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("replay: " + TRAFFIC.size() + " frames sent"), run.err());
            final String lateness = run.err().substring(run.err().indexOf("latest frame ") + "latest frame ".length());
            maxLatenessMicros = (long)Math.ceil(Double.parseDouble(lateness.substring(0, lateness.indexOf(' '))));
            candump.awaitLines(TRAFFIC.size());
            candump.stop();
        }
        final List<String> received = withoutSync(Files.readAllLines(replayed));
        assertEquals(frames(logged), frames(received));
        // no frame before its deadline: each at least its logged offset after the first frame's deadline, which
        // is at most the largest lateness before the first frame went out
        final List<Long> loggedTimes = times(logged);
        final List<Long> receivedTimes = times(received);
        for (int i = 1; i < loggedTimes.size(); i++)
        {
            final long loggedOffset = loggedTimes.get(i) - loggedTimes.getFirst();
            final long receivedOffset = receivedTimes.get(i) - receivedTimes.getFirst();
            assertTrue(receivedOffset + maxLatenessMicros >= loggedOffset, "frame " + i + ": " + receivedOffset
                + " us after the first, logged " + loggedOffset + " us after it; lateness up to " + maxLatenessMicros);
        }
    }

    @Test
    void sendPutsTheSameFramesOnTheBusAsCansend() throws Exception
    {
        final List<String> texts = List.of("123#DEADBEEF", "5A1#11.2233.44556677.88", "1F334455#1122334455667788",
            "5AA#", "123#R", "00000123#R3", "123##1", "213##311223344", "123##0DEADBEEF.0011223344556677",
            "20000004#0004000000000000", "1abcdef0#abcdef");
        try (CanBus receiver = CanBus.open(BusConfig.socketCan(VCAN0).fd(true).build()))
        {
            for (final String text : texts)
            {
                final Process cansend = new ProcessBuilder("cansend", VCAN0, text).redirectErrorStream(true).start();
                assertEquals(0, cansend.waitFor(30, TimeUnit.SECONDS) ? cansend.exitValue() : -1, text);
                final CanFrame theirs = receiver.recv(Duration.ofSeconds(10));
                final Cli.Run run = Cli.run("send", VCAN0, text);
                assertEquals(0, run.exitCode(), run.err());
                final CanFrame ours = receiver.recv(Duration.ofSeconds(10));
                assertNotNull(theirs, text);
                assertNotNull(ours, text);
                assertEquals(theirs, ours, text);
                assertEquals(theirs.flags() & 0xFF, ours.flags() & 0xFF, text);
                assertEquals(CanSendSyntax.parse(text), ours, text);
            }
        }
    }

    @Test
    void ctrlCEndsRecordWithACompleteLastLineAndItsCount() throws Exception
    {
        final Path log = dir.resolve("flood.log");
        final Process cangen = new ProcessBuilder("cangen", VCAN0, "-g", "1", "-i").start();
        try (Subprocess record = Subprocess.start(dir.resolve("out"), "record", "-o", log.toString(), VCAN0))
        {
            record.awaitErrLine("record: recording", 120, TimeUnit.SECONDS);
            Thread.sleep(2000);
            record.interrupt();
            assertEquals(128 + 2, record.awaitExit(60, TimeUnit.SECONDS));
            final String summary = record.errLines().getLast();
            assertTrue(summary.startsWith("record: "), summary);
            final long counted = Long.parseLong(summary.substring("record: ".length(), summary.indexOf(" frames")));
            final byte[] bytes = Files.readAllBytes(log);
            assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\n', "the log ends with a whole line");
            long lines = 0;
            try (CandumpLogReader reader = CandumpLogReader.open(log))
            {
                for (LoggedFrame frame = reader.next(); frame != null; frame = reader.next())
                {
                    lines++;
                }
            }
            assertTrue(lines > 0);
            assertEquals(counted, lines, summary);
        }
        finally
        {
            cangen.destroy();
            cangen.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ctrlCEndsDumpWithACompleteLastLine() throws Exception
    {
        final Path out = dir.resolve("dump.out");
        final Process cangen = new ProcessBuilder("cangen", VCAN0, "-g", "1", "-i").start();
        try (Subprocess dump = Subprocess.start(out, "dump", "-L", VCAN0))
        {
            dump.awaitErrLine("dump: listening", 120, TimeUnit.SECONDS);
            Thread.sleep(2000);
            dump.interrupt();
            assertEquals(128 + 2, dump.awaitExit(60, TimeUnit.SECONDS));
            final String summary = dump.errLines().getLast();
            assertTrue(summary.matches("dump: \\d+ frames in .*"), summary);
            final List<String> lines = Files.readAllLines(out);
            assertFalse(lines.isEmpty());
            assertTrue(Files.readString(out).endsWith("\n"));
            assertEquals(Long.parseLong(summary.substring("dump: ".length(), summary.indexOf(" frames"))),
                lines.size());
            try (CandumpLogReader reader = CandumpLogReader.open(out))
            {
                while (reader.next() != null)
                {
                    // every line parses
                }
            }
        }
        finally
        {
            cangen.destroy();
            cangen.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Every frame and every error class, as candump's "log error frames and all data frames" example does. */
    private static String spec(final String interfaceName)
    {
        return interfaceName + ",0:0,#FFFFFFFF";
    }

    /** Sends the sync frame until every listener has logged it, then {@code frames}. */
    private static void sendAfterSync(final String interfaceName, final List<String> frames,
        final Listener... listeners) throws Exception
    {
        awaitListening(interfaceName, listeners);
        try (CanBus bus = CanBus.open(BusConfig.socketCan(interfaceName).fd(true).build()))
        {
            for (final String frame : frames)
            {
                bus.send(CanSendSyntax.parse(frame));
                Thread.sleep(5); // distinct timestamps, a log with pauses
            }
        }
    }

    private static void awaitListening(final String interfaceName, final Listener... listeners) throws Exception
    {
        try (CanBus bus = CanBus.open(BusConfig.socketCan(interfaceName).fd(true).build()))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!allSynced(listeners))
            {
                for (final Listener listener : listeners)
                {
                    listener.checkRunning();
                }
                assertTrue(System.nanoTime() < deadline, "listeners did not start within 120 s: "
                    + java.util.Arrays.toString(listeners));
                bus.send(CanSendSyntax.parse(SYNC));
                Thread.sleep(50);
            }
        }
    }

    private static boolean allSynced(final Listener... listeners) throws IOException
    {
        for (final Listener listener : listeners)
        {
            if (!listener.hasLogged())
            {
                return false;
            }
        }
        return true;
    }

    /** The lines without the sync frames (which only some listeners saw all of). */
    private static List<String> withoutSync(final List<String> lines)
    {
        final List<String> kept = new ArrayList<>();
        for (final String line : lines)
        {
            if (!line.endsWith(" " + SYNC) && !line.endsWith("7FF   [1]  AA"))
            {
                kept.add(line);
            }
        }
        return kept;
    }

    private static List<String> stripTimes(final List<String> lines)
    {
        return lines.stream().map(line -> line.replaceFirst("^ \\(\\d+\\.\\d+\\) ", " ")).toList();
    }

    /** The frame texts of log lines, without timestamps and interfaces. */
    private static List<String> frames(final List<String> lines)
    {
        return lines.stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
    }

    /** The timestamps of log lines in microseconds. */
    private static List<Long> times(final List<String> lines)
    {
        return lines.stream().map(line -> Long.parseLong(line.substring(1, line.indexOf(')')).replace(".", "")))
            .toList();
    }

    /** A capture running while traffic is sent: a can-utils process or a panacan command in this JVM. */
    private static final class Listener implements AutoCloseable
    {
        private final Path output;
        private final Process process;
        private final CompletableFuture<Integer> command;
        private final Supplier<String> errors;

        private Listener(final Path output, final Process process, final CompletableFuture<Integer> command,
            final Supplier<String> errors)
        {
            this.output = output;
            this.process = process;
            this.command = command;
            this.errors = errors;
        }

        /** A can-utils tool with stdout to {@code output}. */
        static Listener process(final Path output, final String... command) throws IOException
        {
            final Path err = output.resolveSibling(output.getFileName() + ".err");
            final Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(err.toFile()).start();
            return new Listener(output, process, null, () -> readQuietly(err));
        }

        /** A panacan command in this JVM; its stdout to {@code output} unless it writes a file there itself. */
        static Listener panacan(final Path output, final String... args)
        {
            final boolean writesFile = List.of(args).contains(output.toString());
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            // a thread each: the common pool may have a single thread on a small VM
            final CompletableFuture<Integer> command = CompletableFuture.supplyAsync(() ->
            {
                try (var out = writesFile ? java.io.OutputStream.nullOutputStream() : Files.newOutputStream(output))
                {
                    return PanacanMain.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
                }
                catch (final IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            }, task -> Thread.ofPlatform().name("panacan-" + args[0]).start(task));
            return new Listener(output, null, command, () -> err.toString(StandardCharsets.UTF_8));
        }

        /** Fails the test at once, with the listener's stderr, when it has ended already. */
        void checkRunning()
        {
            if (process != null ? !process.isAlive() : command.isDone())
            {
                throw new AssertionError(this + " ended before the traffic");
            }
        }

        @Override
        public String toString()
        {
            boolean logged;
            try
            {
                logged = hasLogged();
            }
            catch (final IOException ex)
            {
                logged = false;
            }
            return (process != null ? process.info().commandLine().orElse("process") : "panacan") + " -> "
                + output.getFileName() + (logged ? " (logging)" : " (nothing yet)") + ", stderr: " + errors.get();
        }

        boolean hasLogged() throws IOException
        {
            return Files.exists(output) && Files.size(output) > 0;
        }

        /** Waits until the output has {@code count} lines besides sync frames. */
        void awaitLines(final int count) throws Exception
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (withoutSync(Files.readAllLines(output)).size() < count)
            {
                assertTrue(System.nanoTime() < deadline, this + ": fewer than " + count + " lines within 60 s");
                Thread.sleep(50);
            }
        }

        /** Ends a can-utils tool (SIGTERM: candump finishes its line and exits) and checks that it did. */
        void stop() throws Exception
        {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running");
            assertTrue(process.exitValue() == 0 || process.exitValue() == 128 + 15, this.toString());
        }

        void awaitSuccess() throws Exception
        {
            if (process != null)
            {
                assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running");
                assertEquals(0, process.exitValue(), errors.get());
            }
            else
            {
                assertEquals(0, command.get(120, TimeUnit.SECONDS), errors.get());
            }
        }

        private static String readQuietly(final Path path)
        {
            try
            {
                return Files.readString(path);
            }
            catch (final IOException ex)
            {
                return ex.toString();
            }
        }

        @Override
        public void close()
        {
            if (process != null)
            {
                process.destroyForcibly();
            }
        }
    }
}
