package org.panacan.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.panacan.testing.Threads;
import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFilter;
import org.panacan.CanFrame;
import org.panacan.Direction;
import org.panacan.TimestampSource;

class VirtualBusTest
{
    private static final Duration NONE = Duration.ofMillis(50);
    private final String channel = "test-" + UUID.randomUUID();

    private CanBus open() throws Exception
    {
        return CanBus.open(BusConfig.virtual(channel).build());
    }

    private CanBus open(final BusConfig.Builder config) throws Exception
    {
        return CanBus.open(config.build());
    }

    @Test
    void busesOnOneChannelSeeEachOthersFrames() throws Exception
    {
        try (CanBus a = open(); CanBus b = open(); CanBus c = open())
        {
            a.send(CanFrame.of(0x123, (byte)1));
            assertEquals(CanFrame.of(0x123, (byte)1), b.recv(Duration.ofSeconds(1)));
            assertEquals(CanFrame.of(0x123, (byte)1), c.recv(Duration.ofSeconds(1)));
            assertNull(a.recv(NONE), "no own messages by default");
        }
    }

    @Test
    void otherChannelsSeeNothing() throws Exception
    {
        try (CanBus a = open(); CanBus other = CanBus.open(BusConfig.virtual(channel + "-other").build()))
        {
            a.send(CanFrame.of(1));
            assertNull(other.recv(NONE));
        }
    }

    @Test
    void receivedFramesCarryAJvmTimestamp() throws Exception
    {
        try (CanBus a = open(); CanBus b = open())
        {
            a.send(CanFrame.of(1));
            final CanFrame frame = b.recv(Duration.ofSeconds(1));
            assertEquals(TimestampSource.USER, frame.timestampSource());
            assertTrue(Math.abs(frame.timestampNanos() / 1_000_000 - System.currentTimeMillis()) < 1_000);
        }
    }

    @Test
    void ownMessagesComeBackWhenAskedFor() throws Exception
    {
        try (CanBus a = open(BusConfig.virtual(channel).receiveOwnMessages(true)))
        {
            a.send(CanFrame.of(7));
            assertEquals(Direction.TRANSMITTED, a.recv(Duration.ofSeconds(1)).direction());
        }
    }

    @Test
    void filtersApplyAsInTheKernel() throws Exception
    {
        try (CanBus a = open();
            CanBus b = open(BusConfig.virtual(channel).filters(CanFilter.standard(0x200, 0x700))))
        {
            a.send(CanFrame.of(0x100));
            a.send(CanFrame.of(0x2AB));
            a.send(CanFrame.extended(0x2AB));
            assertEquals(CanFrame.of(0x2AB), b.recv(Duration.ofSeconds(1)));
            assertNull(b.recv(NONE));
        }
    }

    @Test
    void classicBusesDoNotReceiveFdFrames() throws Exception
    {
        try (CanBus fd = open(BusConfig.virtual(channel).fd(true)); CanBus classic = open();
            CanBus fd2 = open(BusConfig.virtual(channel).fd(true)))
        {
            fd.send(CanFrame.fd(1, 0, new byte[12]));
            assertNull(classic.recv(NONE));
            assertEquals(12, fd2.recv(Duration.ofSeconds(1)).length());
        }
    }

    @Test
    void sendingFdOnAClassicBusIsRefused() throws Exception
    {
        try (CanBus classic = open())
        {
            assertThrows(IllegalArgumentException.class, () -> classic.send(CanFrame.fd(1, 0, new byte[12])));
        }
    }

    @Test
    void aFullRingDropsAndCounts() throws Exception
    {
        try (CanBus a = open(); CanBus b = open(BusConfig.virtual(channel).ringCapacity(4).batchSize(4)))
        {
            for (int i = 0; i < 10; i++)
            {
                a.send(CanFrame.of(i));
            }
            assertEquals(4, b.drain(frame -> { }, 100));
            assertEquals(10, b.counters().framesRead());
            assertEquals(6, b.counters().ringDrops());
            assertEquals(4, b.counters().framesDelivered());
        }
    }

    @Test
    void closeWakesABlockedReader() throws Exception
    {
        final CanBus bus = open();
        final CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                bus.recv(Duration.ofMinutes(1));
                return null;
            }
            catch (final Throwable failure)
            {
                return failure;
            }
        }, Threads.OWN_THREAD);
        Thread.sleep(100);
        bus.close();
        assertInstanceOf(BusClosedException.class, outcome.get(5, TimeUnit.SECONDS));
        assertThrows(BusClosedException.class, () -> bus.send(CanFrame.of(1)));
    }

    @Test
    void concurrentSendersLoseNothing() throws Exception
    {
        try (CanBus receiver = open(BusConfig.virtual(channel).ringCapacity(1 << 16)); CanBus a = open();
            CanBus b = open())
        {
            final CompletableFuture<Void> first =
                CompletableFuture.runAsync(() -> sendMany(a, 10_000), Threads.OWN_THREAD);
            final CompletableFuture<Void> second =
                CompletableFuture.runAsync(() -> sendMany(b, 10_000), Threads.OWN_THREAD);
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
            assertEquals(20_000, receiver.drain(frame -> { }, 100_000));
        }
    }

    @Test
    void theFrameStreamEndsWhenTheBusCloses() throws Exception
    {
        final CanBus receiver = open();
        try (CanBus sender = open())
        {
            final CompletableFuture<Long> counted =
                CompletableFuture.supplyAsync(() -> receiver.frames().count(), Threads.OWN_THREAD);
            sender.send(CanFrame.of(1));
            sender.send(CanFrame.of(2));
            Thread.sleep(200);
            receiver.close();
            assertEquals(2, counted.get(5, TimeUnit.SECONDS));
        }
    }

    private static void sendMany(final CanBus bus, final int count)
    {
        final byte[] data = new byte[8];
        try
        {
            for (int i = 0; i < count; i++)
            {
                bus.send(0x100, 0, data, 0, 8, 0);
            }
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }
}
