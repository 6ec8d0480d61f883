package org.panacan.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.BusCounters;
import org.panacan.CanBus;
import org.panacan.FrameBatch;
import org.panacan.FrameFlags;
import org.panacan.OverflowPolicy;
import org.panacan.testing.SocketCanTest;

/** recvmmsg batching, sendmmsg batching, and the drop accounting: sent = received + dropped, always. */
@SocketCanTest
class BatchAndOverflowTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void oneReceiveCallTakesAFullBatch() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0");
            CanBus witness = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").batchSize(32).build()))
        {
            for (int i = 0; i < 32; i++)
            {
                sender.send(0x100, 0, new byte[] {(byte)i}, 0, 1, SECOND);
            }
            awaitDelivered(witness, 32);
            final int[] seen = new int[1];
            final int handled = receiver.drain(frame -> assertEquals(seen[0]++, frame.data(0)), 64);
            assertEquals(32, handled);
            final BusCounters counters = receiver.counters();
            assertEquals(1, counters.receiveBatches(), "one recvmmsg call");
            assertEquals(32, counters.framesRead());
        }
    }

    @Test
    void framesReceivedOneAtATimeStayWholeAndInOrderAcrossRingWraps() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").ringCapacity(8).batchSize(3).build()))
        {
            for (int i = 0; i < 40; i++) // five times round the ring, through windows of 3 that do not divide it
            {
                sender.send(0x100 + i, 0, new byte[] {(byte)i, (byte)~i}, 0, 2, SECOND);
                final int sent = i;
                assertEquals(1, receiver.poll(frame ->
                {
                    assertEquals(0x100 + sent, frame.id());
                    assertEquals(2, frame.length());
                    assertEquals((byte)sent, frame.data(0));
                    assertEquals((byte)~sent, frame.data(1));
                }, 1, 5 * SECOND));
            }
        }
    }

    @Test
    void aBurstAfterAQuietSpellIsReadInBatchesAfterAFewSingleReads() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0");
            CanBus witness = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").batchSize(32).build()))
        {
            // several receive slices: reads that find the bus quiet, one-frame reads among them
            assertEquals(0, receiver.poll(frame -> { }, 64, TimeUnit.MILLISECONDS.toNanos(300)), "a quiet bus");
            for (int i = 0; i < 100; i++)
            {
                sender.send(0x300, 0, new byte[] {(byte)i}, 0, 1, SECOND);
            }
            awaitDelivered(witness, 100);
            final int[] seen = new int[1];
            while (seen[0] < 100)
            {
                assertTrue(receiver.poll(frame -> assertEquals((byte)seen[0]++, frame.data(0)), 64, SECOND) > 0);
            }
            // 8 one-frame reads (a quiet socket's next frame most likely comes alone; reads that found the bus
            // quiet do not count), then batches up to the window's end: 24, 32, 32, 4; not 100 reads
            assertEquals(12, receiver.counters().receiveBatches(), "receive calls for 100 queued frames");
        }
    }

    @Test
    void burstsLargerThanTheRingArriveWholeAndInOrder() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").ringCapacity(8).batchSize(3).build()))
        {
            int next = 0;
            for (final int burst : new int[] {5, 7, 11, 1, 13})
            {
                for (int i = 0; i < burst; i++)
                {
                    final int value = next + i;
                    sender.send(0x200, 0, new byte[] {(byte)value, (byte)(value >> 8)}, 0, 2, SECOND);
                }
                final int[] seen = {next};
                while (seen[0] < next + burst)
                {
                    receiver.poll(frame -> assertEquals(seen[0]++, (frame.data(0) & 0xFF) | frame.data(1) << 8), 4,
                        5 * SECOND);
                }
                next += burst;
            }
            assertEquals(next, receiver.counters().framesDelivered());
        }
    }

    @Test
    void batchSendDeliversEveryFrameInOrder() throws Exception
    {
        try (CanBus sender = CanBus.open(BusConfig.socketCan("vcan0").fd(true).build());
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").fd(true).build()))
        {
            final FrameBatch batch = sender.newBatch(100);
            for (int i = 0; i < 100; i++)
            {
                batch.add(i, i % 2 == 0 ? FrameFlags.FD : 0, new byte[] {(byte)i, 1, 2}, 0, 3);
            }
            assertEquals(100, sender.send(batch, SECOND));
            final int[] next = new int[1];
            while (next[0] < 100)
            {
                receiver.poll(frame ->
                {
                    assertEquals(next[0], frame.id());
                    assertEquals(next[0] % 2 == 0, frame.isFd());
                    next[0]++;
                }, 100, 5 * SECOND);
            }
            assertEquals(100, sender.counters().framesSent());
        }
    }

    @Test
    void kernelDropsBalanceWhenTheSocketBufferOverflows() throws Exception
    {
        final int sent = 20_000;
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").receiveBufferSize(4096).build()))
        {
            for (int i = 0; i < sent; i++)
            {
                sender.send(0x200, 0, new byte[8], 0, 8, SECOND); // the receiver does not read meanwhile
            }
            long delivered = 0;
            while (receiver.poll(frame -> { }, 1024, 200_000_000L) > 0)
            {
                delivered = receiver.counters().framesDelivered();
            }
            final BusCounters counters = receiver.counters();
            assertTrue(counters.kernelDrops() > 0, "a 4 KiB buffer cannot hold " + sent + " frames: " + counters);
            assertEquals(sent, counters.framesRead() + counters.kernelDrops(), counters.toString());
            assertEquals(counters.framesRead(), delivered);
        }
    }

    @Test
    void ringDropsBalanceWhenTheApplicationFallsBehind() throws Exception
    {
        final int sent = 5_000;
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").ringCapacity(64).batchSize(16)
                .receiveBufferSize(1 << 20).overflowPolicy(OverflowPolicy.DROP_NEWEST).build()))
        {
            receiver.start();
            for (int i = 0; i < sent; i++)
            {
                sender.send(0x300, 0, new byte[8], 0, 8, SECOND);
            }
            awaitRead(receiver, sent);
            while (receiver.poll(frame -> { }, 1024, 100_000_000L) > 0)
            {
                // drain what the ring kept
            }
            final BusCounters counters = receiver.counters();
            assertTrue(counters.ringDrops() > 0, "a 64-slot ring the application never reads overflows: " + counters);
            assertEquals(sent, counters.framesRead() + counters.kernelDrops(), counters.toString());
            assertEquals(counters.framesRead(), counters.framesDelivered() + counters.ringDrops(),
                counters.toString());
        }
    }

    @Test
    void blockPolicyLeavesTheDroppingToTheKernelAndCountsIt() throws Exception
    {
        final int sent = 5_000;
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").ringCapacity(64).batchSize(16)
                .receiveBufferSize(4096).overflowPolicy(OverflowPolicy.BLOCK).build()))
        {
            receiver.start();
            for (int i = 0; i < sent; i++)
            {
                sender.send(0x300, 0, new byte[8], 0, 8, SECOND);
            }
            // the receive thread waits while the ring is full, the socket fills, the kernel drops the rest; every
            // frame is either read or dropped once what is queued has been read: drain until then
            final long deadline = System.nanoTime() + 10 * SECOND;
            BusCounters counters = receiver.counters();
            while ((counters.framesRead() + counters.kernelDrops() < sent
                || counters.framesDelivered() < counters.framesRead()) && System.nanoTime() < deadline)
            {
                receiver.poll(frame -> { }, 1024, 100_000_000L);
                counters = receiver.counters();
            }
            assertEquals(0, counters.ringDrops());
            assertTrue(counters.kernelDrops() > 0, counters.toString());
            assertEquals(sent, counters.framesRead() + counters.kernelDrops(), counters.toString());
            assertEquals(counters.framesRead(), counters.framesDelivered(), counters.toString());
        }
    }

    private static void awaitRead(final CanBus bus, final long frames) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10 * SECOND;
        while (bus.counters().framesRead() + bus.counters().kernelDrops() < frames && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
    }

    /**
     * Waits until {@code witness}, a socket opened before the one under test, has received {@code frames}: the
     * kernel hands a frame to its sockets in one pass, the newest first, so the socket under test then has them all
     * queued.
     */
    private static void awaitDelivered(final CanBus witness, final int frames) throws Exception
    {
        int received = 0;
        while (received < frames)
        {
            final int polled = witness.poll(frame -> { }, frames - received, 5 * SECOND);
            assertTrue(polled > 0, "the witness received " + received + " of " + frames + " frames");
            received += polled;
        }
    }

    static Duration seconds(final int seconds)
    {
        return Duration.ofSeconds(seconds);
    }
}
