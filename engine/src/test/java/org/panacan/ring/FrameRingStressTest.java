package org.panacan.ring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.panacan.testing.Threads;
import org.panacan.FrameView;

/**
 * One producer and one consumer hammer a small ring with random batch sizes; the consumer checks that every
 * frame arrives exactly once, in order, with its slot fully written (a torn slot would show a header and payload
 * that disagree). Runs with and without parking, so both the spin and the Dekker wake paths are exercised.
 */
class FrameRingStressTest
{
    private static final int FRAMES = 2_000_000;

    @Test
    void everyFrameArrivesOnceInOrderAndWhole() throws Exception
    {
        run(false);
    }

    @Test
    void parkingConsumerNeverMissesAPublish() throws Exception
    {
        run(true);
    }

    private static void run(final boolean park) throws Exception
    {
        try (Arena arena = Arena.ofShared())
        {
            final FrameRing ring = new FrameRing(arena, 64, FrameRingDescriptor.CAN_MTU);
            final CompletableFuture<Void> producer =
                CompletableFuture.runAsync(() -> produce(ring), Threads.OWN_THREAD);
            final long[] expected = {0};
            final FrameView view = new FrameView();
            while (expected[0] < FRAMES)
            {
                final long wake = ring.wakeSequence();
                final int drained = ring.drain(view, frame ->
                {
                    final long sequence = expected[0]++;
                    assertEquals((int)sequence, frame.rawCanId(), "order");
                    assertEquals(sequence * 31, frame.timestampNanos(), "slot written before publish");
                    assertEquals((int)(sequence ^ 0x5A5A5A5A), frame.dataInt(0), "payload written before publish");
                }, ThreadLocalRandom.current().nextInt(1, 100));
                if (drained == 0 && park)
                {
                    ring.awaitFrames(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100), wake);
                }
            }
            producer.get(1, TimeUnit.MINUTES);
            assertEquals(0, ring.available(), "nothing extra was published");
        }
    }

    private static void produce(final FrameRing ring)
    {
        final MemorySegment slots = ring.slots();
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        long next = 0;
        while (next < FRAMES)
        {
            final int batch = ring.claimable((int)Math.min(random.nextInt(1, 40), FRAMES - next));
            if (batch == 0)
            {
                Thread.onSpinWait();
                continue;
            }
            for (int i = 0; i < batch; i++)
            {
                final long sequence = next + i;
                final long slot = ring.slotOffset(sequence);
                slots.set(JAVA_LONG, slot + FrameRingDescriptor.TIMESTAMP_OFFSET, sequence * 31);
                slots.set(JAVA_SHORT, slot + FrameRingDescriptor.FRAME_SIZE_OFFSET, (short)16);
                slots.set(JAVA_INT, slot + FrameRingDescriptor.FRAME_OFFSET, (int)sequence);
                slots.set(JAVA_INT, slot + FrameRingDescriptor.FRAME_OFFSET + 8, (int)(sequence ^ 0x5A5A5A5A));
            }
            ring.publish(batch);
            next += batch;
        }
    }
}
