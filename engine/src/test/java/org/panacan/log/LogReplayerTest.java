package org.panacan.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;

class LogReplayerTest
{
    private static final String LOG = """
        (1700000000.000000) can0 100#01
        (1700000000.020000) can1 101#02
        (1700000000.040000) can0 102##1AABB
        (1700000000.060000) can0 103#R2
        (1700000000.080000) can0 104#1122334455667788_C
        """;

    private final List<String> sent = new ArrayList<>();
    private final List<Long> sentAt = new ArrayList<>();
    private final LogReplayer.Target recorder = (frame, interfaceName) ->
    {
        sentAt.add(System.nanoTime());
        sent.add(interfaceName + " " + CanSendSyntax.format(frame));
    };

    @Test
    void sendsEveryFrameOnItsInterfaceNeverBeforeItsDeadline() throws IOException
    {
        final long start = System.nanoTime();
        final ReplayResult result = new LogReplayer(() -> CandumpLogTest.reader(LOG), recorder,
            ReplayOptions.DEFAULT).run();
        assertEquals(List.of("can0 100#01", "can1 101#02", "can0 102##1AABB", "can0 103#R2",
            "can0 104#1122334455667788_C"), sent);
        assertEquals(new ReplayResult(5, 0, 1, result.maxLatenessNanos(), false), result);
        for (int i = 1; i < sentAt.size(); i++)
        {
            // the first frame's deadline is at most maxLateness before it went out
            final long offset = sentAt.get(i) - sentAt.get(0) + result.maxLatenessNanos();
            assertTrue(offset >= i * 20_000_000L, "frame " + i + " went out " + offset + " ns after the start");
        }
        assertTrue(sentAt.get(0) - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void speedScalesThePauses() throws IOException
    {
        final ReplayResult result =
            new LogReplayer(() -> CandumpLogTest.reader(LOG), recorder, ReplayOptions.DEFAULT.withSpeed(4)).run();
        final long total = sentAt.getLast() - sentAt.getFirst() + result.maxLatenessNanos();
        assertTrue(total >= 20_000_000L, "80 ms at speed 4 took " + total + " ns");
    }

    @Test
    void loopsReplayTheWholeLogAgain() throws IOException
    {
        final ReplayResult result = new LogReplayer(() -> CandumpLogTest.reader(LOG), recorder,
            ReplayOptions.DEFAULT.withLoops(3).withSpeed(Double.POSITIVE_INFINITY)).run();
        assertEquals(15, sent.size());
        assertEquals(3, result.loopsCompleted());
        assertEquals("can0 100#01", sent.get(5));
    }

    @Test
    void remappingSendsMappedInterfacesAndSkipsTheOthers() throws IOException
    {
        final ReplayResult result = new LogReplayer(() -> CandumpLogTest.reader(LOG), recorder,
            ReplayOptions.DEFAULT.withInterfaceMap(Map.of("can1", "vcan5")).withSpeed(Double.POSITIVE_INFINITY))
            .run();
        assertEquals(List.of("vcan5 101#02"), sent);
        assertEquals(4, result.framesSkipped());
    }

    @Test
    void stopEndsAReplayThatWaitsForItsNextDeadline() throws Exception
    {
        final String log = "(1.000000) can0 100#\n(3601.000000) can0 101#\n";
        final LogReplayer replayer = new LogReplayer(() -> CandumpLogTest.reader(log), recorder,
            ReplayOptions.DEFAULT.withLoops(ReplayOptions.FOREVER));
        final CompletableFuture<ReplayResult> result = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return replayer.run();
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        while (replayer.framesSent() == 0)
        {
            Thread.onSpinWait();
        }
        replayer.stop();
        final ReplayResult stopped = result.get(10, TimeUnit.SECONDS);
        assertTrue(stopped.stopped());
        assertEquals(1, stopped.framesSent());
        assertEquals(0, stopped.loopsCompleted());
    }

    @Test
    void replaysOntoBuses() throws Exception
    {
        try (CanBus sender = CanBus.open(BusConfig.virtual("replay-test").fd(true).build());
            CanBus receiver = CanBus.open(BusConfig.virtual("replay-test").fd(true).build()))
        {
            final ReplayResult result = new LogReplayer(() -> CandumpLogTest.reader(LOG),
                LogReplayer.toBuses(name -> sender, Duration.ofSeconds(1).toNanos()),
                ReplayOptions.DEFAULT.withSpeed(Double.POSITIVE_INFINITY)).run();
            assertEquals(5, result.framesSent());
            final List<String> received = new ArrayList<>();
            for (int i = 0; i < 5; i++)
            {
                final CanFrame frame = receiver.recv(Duration.ofSeconds(5));
                assertNotNull(frame);
                received.add(CanSendSyntax.format(frame));
            }
            assertEquals(List.of("100#01", "101#02", "102##1AABB", "103#R2", "104#1122334455667788_C"), received);
            assertFalse(result.stopped());
        }
    }
}
