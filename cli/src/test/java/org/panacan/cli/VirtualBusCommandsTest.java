package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.log.CanSendSyntax;

/** The subcommands end to end on the in-process virtual bus (no SocketCAN needed). */
class VirtualBusCommandsTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<String> FRAMES = List.of("123#DEADBEEF", "1F334455#1122334455667788", "123#R3",
        "333#R8_E", "1F334455#1122334455667788_B", "123##1DEADBEEF", "12345678##3000102030405060708090A0B", "7FE#");

    @Test
    void sendPutsEveryCansendFormOnTheBus() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.virtual("cli-send").fd(true).build()))
        {
            final List<String> args = new ArrayList<>(List.of("send", "virtual:cli-send"));
            args.addAll(FRAMES);
            final Cli.Run run = Cli.run(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            for (final String text : FRAMES)
            {
                final CanFrame frame = receiver.recv(WAIT);
                assertNotNull(frame);
                assertEquals(text, CanSendSyntax.format(frame));
            }
            assertNull(receiver.recv(Duration.ZERO));
        }
    }

    @Test
    void dumpLogLinesAreCandumpLines() throws Exception
    {
        final List<String> lines = dumpWhileSending("cli-dump-log", FRAMES, "-L");
        // candump prints the FD flags the kernel delivers, which include FDF since Linux 6.1: so does dump
        final List<String> expected = FRAMES.stream().map(frame -> "cli-dump-log " + withFdf(frame)).toList();
        assertEquals(expected, lines.stream().map(line -> line.substring(line.indexOf(") ") + 2)).toList());
        assertTrue(lines.getFirst().matches("\\(\\d{10}\\.\\d{6}\\) .*"), lines.getFirst());
    }

    @Test
    void dumpDefaultLinesAreCandumpLines() throws Exception
    {
        final List<String> lines = dumpWhileSending("dumptext", FRAMES);
        assertEquals(List.of(
            "  dumptext  123   [4]  DE AD BE EF",
            "  dumptext  1F334455   [8]  11 22 33 44 55 66 77 88",
            "  dumptext       123   [3]  remote request",
            "  dumptext       333   [8]  remote request",
            "  dumptext  1F334455   [8]  11 22 33 44 55 66 77 88",
            "  dumptext       123  [04]  DE AD BE EF",
            "  dumptext  12345678  [12]  00 01 02 03 04 05 06 07 08 09 0A 0B",
            "  dumptext       7FE   [0] "), lines);
    }

    @Test
    void dumpDecodesErrorFrames() throws Exception
    {
        final List<String> lines = dumpWhileSending("dumperr", List.of("20000004#0004000000000000",
            "2000008C#0002800A00000000", "20000220#0000000000006432"), "-e");
        assertEquals(List.of(
            "  dumperr  20000004   [8]  00 04 00 00 00 00 00 00   ERRORFRAME",
            "\tcontroller-problem{rx-error-warning}",
            "  dumperr  2000008C   [8]  00 02 80 0A 00 00 00 00   ERRORFRAME",
            "\tcontroller-problem{tx-overflow}",
            "\tprotocol-violation{{error-on-tx}{data-field}}",
            "\tbus-error",
            "  dumperr  20000220   [8]  00 00 00 00 00 00 64 32   ERRORFRAME",
            "\tno-acknowledgement-on-tx",
            "\terror-counter-tx-rx{{100}{50}}"), lines);
    }

    @Test
    void dumpAppliesCandumpFilters() throws Exception
    {
        final List<String> lines = dumpWhileSending("dumpfilter", List.of("123#01", "124#02", "00000123#03",
            "456#04"), "-L", "virtual:dumpfilter,123:7FF,400:700,7FF:7FF");
        assertEquals(List.of("123#01", "00000123#03", "456#04"),
            lines.stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList());
    }

    @Test
    void recordWritesACandumpLogThatReplayPlaysBack(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("trace.log");
        final List<String> recorded = recordWhileSending("cli-record", FRAMES, log);
        assertEquals(FRAMES.stream().map(VirtualBusCommandsTest::withFdf).toList(),
            recorded.stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList());
        Files.write(log, recorded); // without the sync frames

        try (CanBus receiver = CanBus.open(BusConfig.virtual("cli-replayed").fd(true).build()))
        {
            final Cli.Run run = Cli.run("replay", "-I", log.toString(), "virtual:cli-replayed=cli-record");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("replay: " + FRAMES.size() + " frames sent"), run.err());
            final List<String> replayed = new ArrayList<>();
            for (CanFrame frame = receiver.recv(WAIT); frame != null; frame = receiver.recv(Duration.ofMillis(200)))
            {
                replayed.add(CanSendSyntax.format(frame));
            }
            assertEquals(FRAMES, replayed);
        }
    }

    @Test
    void recordWritesAscWhenTheFileSaysSo(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("trace.asc");
        recordWhileSending("cli-asc", List.of("123#DEADBEEF"), log);
        final String asc = Files.readString(log);
        assertTrue(asc.contains("base hex  timestamps absolute"), asc);
        // every frame on the virtual bus comes from this host: Tx
        assertTrue(asc.contains(" 1  123             Tx   d 4 DE AD BE EF\n"), asc);
    }

    @Test
    void genSendsTheFramesItIsAskedFor() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.virtual("cli-gen").fd(true).ringCapacity(1 << 12).build()))
        {
            final Cli.Run run = Cli.run("gen", "virtual:cli-gen", "-g", "0", "-n", "300", "-I", "42A", "-L", "2",
                "-D", "i");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("gen: 300 frames sent in "), run.err());
            assertTrue(run.err().endsWith(" 0 ENOBUFS retries, 0 drops" + System.lineSeparator()), run.err());
            for (int i = 0; i < 300; i++)
            {
                final CanFrame frame = receiver.recv(WAIT);
                assertEquals(0x42A, frame.id());
                assertArrayEquals(new byte[] {(byte)i, (byte)(i >> 8)}, frame.dataCopy());
            }
        }
    }

    @Test
    void genBurstsAndGapsFollowTheSchedule() throws Exception
    {
        final long start = System.nanoTime();
        final Cli.Run run = Cli.run("gen", "virtual:cli-gap", "-g", "20", "-c", "5", "-n", "20", "-f", "-b");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("gen: 20 frames sent"), run.err());
        // four bursts with a 20 ms gap after each: at least 60 ms from the first to the last burst
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(60));
    }

    @Test
    void perfPrintsPercentilesAndWritesAPlot(@TempDir final Path dir) throws Exception
    {
        final Path png = dir.resolve("perf.png");
        final Cli.Run run = Cli.run("perf", "virtual:cli-perf", "--pings", "300", "--warmup", "50", "--blast",
            "3000", "--plot", png.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("p99.9"), run.out());
        assertTrue(run.out().contains("ping-pong RTT"), run.out());
        assertTrue(run.out().contains("blast one-way"), run.out());
        assertTrue(run.out().contains("blast: 3000 sent, "), run.out());
        final byte[] header = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte)0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, header);
    }

    /** The frame as candump logs it today: CAN FD flags with FDF. */
    private static String withFdf(final String frame)
    {
        return frame.replace("##1", "##5").replace("##3", "##7");
    }

    /** Runs {@code dump -T 700 <options> virtual:<channel>} while sending {@code frames}; returns its lines. */
    private static List<String> dumpWhileSending(final String channel, final List<String> frames,
        final String... options) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("dump", "-T", "700"));
        args.addAll(List.of(options));
        if (args.stream().noneMatch(arg -> arg.startsWith("virtual:")))
        {
            args.add("virtual:" + channel);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        runWhileSending(args, channel, frames, out, () -> out.size() > 0);
        final List<String> lines = new ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
        lines.removeIf(line -> line.contains("7FF#AA") || line.contains("7FF   [1]  AA"));
        return lines;
    }

    /** Runs {@code record -T 700 -o <log> virtual:<channel>} while sending {@code frames}; returns the log. */
    private static List<String> recordWhileSending(final String channel, final List<String> frames, final Path log)
        throws Exception
    {
        runWhileSending(List.of("record", "-T", "700", "-o", log.toString(), "virtual:" + channel), channel, frames,
            new ByteArrayOutputStream(), () -> Files.exists(log) && log.toFile().length() > 0);
        final List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.removeIf(line -> line.contains("7FF#AA") || line.contains(" 7FF             Tx   d 1 AA"));
        return lines;
    }

    /**
     * Runs the command line {@code args} in the background; sends a sync frame (7FF#AA) on {@code channel} until
     * {@code listening} says the command sees it, then {@code frames}; waits for the command to end (its idle
     * timeout) and checks that it succeeded.
     */
    private static void runWhileSending(final List<String> args, final String channel, final List<String> frames,
        final ByteArrayOutputStream out, final java.util.function.BooleanSupplier listening) throws Exception
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> PanacanMain.run(
            args.toArray(String[]::new), out, new PrintStream(err, true, StandardCharsets.UTF_8)),
            task -> Thread.ofPlatform().name("panacan-" + args.getFirst()).start(task));
        try (CanBus sender = CanBus.open(BusConfig.virtual(channel).fd(true).build()))
        {
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (!exit.isDone() && !listening.getAsBoolean() && System.nanoTime() < deadline)
            {
                sender.send(CanFrame.of(0x7FF, (byte)0xAA));
                Thread.sleep(20);
            }
            for (final String frame : frames)
            {
                sender.send(CanSendSyntax.parse(frame));
            }
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
    }
}
