package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panacan.testing.KernelReceivers;
import org.panacan.testing.SocketCanTest;

/** isotp against can-utils' isotpsend / isotprecv, bcm in the kernel, checked with candump and cansend. */
@SocketCanTest
class BcmAndIsoTpCanUtilsTest
{
    /** A PDU of 100 bytes: a first frame and 14 consecutive frames. */
    private static final String PDU = hexBytes(100);

    @TempDir
    private Path dir;

    @Test
    void isotprecvReceivesWhatIsotpSendSends() throws Exception
    {
        final Path received = dir.resolve("isotprecv.out");
        final Process isotprecv = new ProcessBuilder("isotprecv", "-s", "321", "-d", "123", "-p", "AA:AA", "-b", "4",
            "vcan0").redirectOutput(received.toFile()).redirectErrorStream(false).start();
        try
        {
            for (int attempt = 0; attempt < 40 && Files.size(received) == 0 && isotprecv.isAlive(); attempt++)
            {
                // isotprecv has no ready signal; before it listens, the sender times out waiting for flow control
                Cli.run("isotp", "send", "vcan0", "-s", "123", "-d", "321", "-p", "AA:AA", "--backend", "kernel",
                    PDU.strip());
                Thread.sleep(500);
            }
            assertTrue(isotprecv.waitFor(60, TimeUnit.SECONDS));
            assertEquals(PDU + "\n", Files.readString(received));
        }
        finally
        {
            isotprecv.destroyForcibly();
        }
    }

    @Test
    void isotpRecvPrintsWhatIsotprecvPrintsForIsotpsend() throws Exception
    {
        for (final String backend : List.of("kernel", "java"))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final CompletableFuture<Integer> recv = CompletableFuture.supplyAsync(() -> PanacanMain.run(
                new String[] {"isotp", "recv", "vcan0", "-s", "321", "-d", "123", "-p", "AA:AA", "-b", "4", "-m",
                    "1", "--backend", backend, "--timeout", "120s"}, out, new PrintStream(err, true,
                    StandardCharsets.UTF_8)), task -> Thread.ofPlatform().start(task));
            for (int attempt = 0; attempt < 40 && out.size() == 0 && !recv.isDone(); attempt++)
            {
                final Process isotpsend = new ProcessBuilder("isotpsend", "-s", "123", "-d", "321", "-p", "AA:AA",
                    "vcan0").start();
                isotpsend.getOutputStream().write(PDU.getBytes(StandardCharsets.US_ASCII));
                isotpsend.getOutputStream().close();
                isotpsend.waitFor(60, TimeUnit.SECONDS);
                Thread.sleep(500);
            }
            assertEquals(0, recv.get(120, TimeUnit.SECONDS), backend + ": " + err);
            assertEquals(PDU + "\n", out.toString(StandardCharsets.UTF_8), backend);
        }
    }

    @Test
    void bcmSendLeavesTheSendingToTheKernelsTimer() throws Exception
    {
        final Path captured = dir.resolve("candump.out");
        final Process candump = new ProcessBuilder("candump", "-L", "vcan0,321:7FF").redirectOutput(captured.toFile())
            .start();
        try
        {
            final long listening = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (KernelReceivers.count("vcan0", 0x321) == 0) // candump has no ready signal, but its filter shows
            {
                assertTrue(System.nanoTime() < listening, "candump's filter registered within 30 s");
                Thread.sleep(50);
            }
            final Cli.Run run = Cli.run("bcm", "send", "vcan0", "321#01", "321#02", "-p", "20ms", "--count", "10");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("(kernel timer)"), run.err());
            assertTrue(run.err().contains("bcm send: ended after"), run.err());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.readAllLines(captured).size() < 10 && System.nanoTime() < deadline)
            {
                Thread.sleep(100);
            }
        }
        finally
        {
            candump.destroy();
            candump.waitFor(30, TimeUnit.SECONDS);
        }
        final List<String> lines = Files.readAllLines(captured);
        assertEquals(10, lines.size(), lines.toString());
        for (int i = 0; i < 10; i++)
        {
            assertTrue(lines.get(i).endsWith(" vcan0 321#0" + (i % 2 + 1)), lines.get(i));
        }
    }

    @Test
    void bcmWatchReportsWhatCansendChanges() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> PanacanMain.run(new String[]
            {"bcm", "watch", "vcan0", "00000456", "--mask", "FF", "-n", "2"}, out,
            new PrintStream(err, true, StandardCharsets.UTF_8)), task -> Thread.ofPlatform().start(task));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!err.toString(StandardCharsets.UTF_8).contains("watching") && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        for (final String frame : List.of("00000456#0100", "00000456#0199", "00000456#0200"))
        {
            assertEquals(0, new ProcessBuilder("cansend", "vcan0", frame).start().waitFor());
        }
        assertEquals(0, watch.get(120, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("changed \\(\\d{10}\\.\\d{6}\\) vcan0 00000456#0100"), lines.get(0));
        // 0199 changes no bit under the mask FF (the first byte): no event
        assertTrue(lines.get(1).matches("changed \\(\\d{10}\\.\\d{6}\\) vcan0 00000456#0200"), lines.get(1));
    }

    private static String hexBytes(final int count)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.append(String.format("%02X ", (i * 7) & 0xFF));
        }
        return text.toString();
    }
}
