package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.log.CanSendSyntax;

/** bcm and isotp end to end on the virtual bus (the software scheduler and monitor, the pure-Java ISO-TP). */
class BcmAndIsoTpCommandsTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void bcmSendSendsTheSequenceCountTimes() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.virtual("cli-bcm-send").fd(true).build()))
        {
            final Cli.Run run = Cli.run("bcm", "send", "virtual:cli-bcm-send", "100#01", "100#02", "-p", "5ms",
                "--count", "6");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("bcm send: ended after "), run.err());
            final List<String> received = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                final CanFrame frame = receiver.recv(WAIT);
                assertNotNull(frame);
                received.add(CanSendSyntax.format(frame));
            }
            assertEquals(List.of("100#01", "100#02", "100#01", "100#02", "100#01", "100#02"), received);
        }
    }

    @Test
    void bcmWatchReportsChangesSilencesAndReturns() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> PanacanMain.run(new String[]
            {"bcm", "watch", "virtual:cli-bcm-watch", "123", "--timeout", "300ms", "-n", "4"}, out,
            new PrintStream(err, true, StandardCharsets.UTF_8)), task -> Thread.ofPlatform().start(task));
        awaitText(err, "bcm watch: watching 123");
        try (CanBus sender = CanBus.open(BusConfig.virtual("cli-bcm-watch").build()))
        {
            sender.send(CanSendSyntax.parse("123#01"));
            sender.send(CanSendSyntax.parse("123#01")); // no change: no event
            sender.send(CanSendSyntax.parse("123#02"));
            awaitText(out, "timeout ");
            sender.send(CanSendSyntax.parse("123#03"));
        }
        assertEquals(0, watch.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("changed \\(\\d{10}\\.\\d{6}\\) cli-bcm-watch 123#01"), lines.get(0));
        assertTrue(lines.get(1).matches("changed \\(\\d{10}\\.\\d{6}\\) cli-bcm-watch 123#02"), lines.get(1));
        assertTrue(lines.get(2).matches("timeout \\(\\d{10}\\.\\d{6}\\) cli-bcm-watch 123"), lines.get(2));
        assertTrue(lines.get(3).matches("resumed \\(\\d{10}\\.\\d{6}\\) cli-bcm-watch 123#03"), lines.get(3));
    }

    @Test
    void isotpSendAndRecvCarryAMultiFramePdu() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> recv = CompletableFuture.supplyAsync(() -> PanacanMain.run(new String[]
            {"isotp", "recv", "virtual:cli-isotp", "-s", "321", "-d", "123", "-b", "4", "-m", "1", "-p", "AA:AA",
                "--timeout", "20s"}, out, new PrintStream(err, true, StandardCharsets.UTF_8)),
            task -> Thread.ofPlatform().start(task));
        Thread.sleep(500); // the receiver's channel listens once started; a send before that is retried below
        final String pdu = "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 01 02 03 04 05 06 07 08 09 0A ";
        Cli.Run run = Cli.run("isotp", "send", "virtual:cli-isotp", "-s", "123", "-d", "321", "-p", "AA:AA",
            pdu.strip());
        for (int attempt = 0; run.exitCode() != 0 && attempt < 20; attempt++)
        {
            Thread.sleep(250);
            run = Cli.run("isotp", "send", "virtual:cli-isotp", "-s", "123", "-d", "321", "-p", "AA:AA",
                pdu.strip());
        }
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(0, recv.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertEquals(pdu + "\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void isotpSendNeedsItsAddresses()
    {
        final Cli.Run run = Cli.run("isotp", "send", "virtual:cli-isotp-usage", "11");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--source"), run.err());
    }

    @Test
    void isotpRecvRefusesAReservedStmin()
    {
        final Cli.Run run = Cli.run("isotp", "recv", "virtual:cli-isotp-stmin", "-s", "1", "-d", "2", "-m", "80");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("STmin 80 is reserved"), run.err());
    }

    @Test
    void bcmWatchRefusesAMalformedId()
    {
        final Cli.Run run = Cli.run("bcm", "watch", "virtual:cli-bcm-usage", "12G");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("CAN id '12G' needs 1 to 8 hex digits"), run.err());
    }

    @Test
    void bcmAndIsotpWithoutASubcommandPrintUsage()
    {
        assertEquals(2, Cli.run("bcm").exitCode());
        final Cli.Run run = Cli.run("isotp");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Usage: panacan isotp"), run.err());
    }

    private static void awaitText(final ByteArrayOutputStream stream, final String text) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!stream.toString(StandardCharsets.UTF_8).contains(text))
        {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in: " + stream);
            Thread.sleep(10);
        }
    }
}
