package org.panacan.ring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.testing.Threads;
import org.panacan.FrameFlags;
import org.panacan.FrameView;
import org.panacan.TimestampSource;

class FrameRingTest
{
    private final Arena arena = Arena.ofShared();
    private final FrameRing ring = new FrameRing(arena, 8, FrameRingDescriptor.CAN_MTU);
    private final FrameView view = new FrameView();

    @AfterEach
    void close()
    {
        arena.close();
    }

    /** Writes {@code count} frames whose can_id is their sequence number, then publishes them. */
    private void produce(final int count)
    {
        final long tail = ring.tail();
        assertEquals(count, ring.claimable(count));
        for (int i = 0; i < count; i++)
        {
            final long slot = ring.slotOffset(tail + i);
            ring.slots().set(JAVA_INT, slot + FrameRingDescriptor.FRAME_OFFSET, (int)(tail + i));
            ring.slots().set(JAVA_SHORT, slot + FrameRingDescriptor.FRAME_SIZE_OFFSET, (short)16);
        }
        ring.publish(count);
    }

    private List<Integer> consume(final int limit)
    {
        final List<Integer> ids = new ArrayList<>();
        ring.drain(view, frame -> ids.add(frame.id()), limit);
        return ids;
    }

    @Test
    void capacityMustBeAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(arena, 12, FrameRingDescriptor.CAN_MTU));
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(arena, 1, FrameRingDescriptor.CAN_MTU));
    }

    @Test
    void slotsAreSizedForTheMtu()
    {
        assertEquals(32, ring.slotLength());
        assertEquals(96, new FrameRing(arena, 2, FrameRingDescriptor.CANFD_MTU).slotLength());
    }

    @Test
    void writtenHeaderReadsBackFieldByField()
    {
        final FrameRing fdRing = new FrameRing(arena, 2, FrameRingDescriptor.CANFD_MTU);
        final int meta = TimestampSource.HARDWARE.ordinal() | FrameFlags.ECHO;
        fdRing.writeHeader(fdRing.tail(), 1_700_000_000_123_456_789L, 0x7FFF_FFFE, meta, FrameRingDescriptor.CANFD_MTU);
        fdRing.publish(1);
        fdRing.drain(view, frame ->
        {
            assertEquals(1_700_000_000_123_456_789L, frame.timestampNanos());
            assertEquals(0x7FFF_FFFE, frame.interfaceIndex());
            assertSame(TimestampSource.HARDWARE, frame.timestampSource());
            assertEquals(FrameFlags.ECHO, frame.flags() & (FrameFlags.ECHO | FrameFlags.LOCAL));
            assertTrue(frame.isFd());
        }, 1);
    }

    @Test
    void framesComeOutInTheOrderTheyWentIn()
    {
        produce(3);
        produce(2);
        assertEquals(List.of(0, 1, 2, 3, 4), consume(10));
    }

    @Test
    void drainStopsAtTheLimit()
    {
        produce(5);
        assertEquals(List.of(0, 1), consume(2));
        assertEquals(3, ring.available());
        assertEquals(List.of(2, 3, 4), consume(10));
    }

    @Test
    void aFullRingClaimsNothingUntilTheConsumerFreesSlots()
    {
        produce(8);
        assertEquals(0, ring.claimable(4));
        consume(3);
        assertEquals(3, ring.claimable(4));
    }

    @Test
    void claimsStopAtTheWrapSoBatchesStayContiguous()
    {
        produce(6);
        consume(6);
        assertEquals(2, ring.claimable(8), "slots 6 and 7, then the wrap");
        produce(2);
        assertEquals(6, ring.claimable(8), "from slot 0 again");
        produce(6);
        assertEquals(List.of(6, 7, 8, 9, 10, 11, 12, 13), consume(10));
    }

    @Test
    void aDrainAcrossTheWrapKeepsOrderAndStopsAtTheLimit()
    {
        produce(6);
        consume(6);
        produce(2);
        produce(4);
        assertEquals(List.of(6, 7, 8), consume(3), "slots 6 and 7, then slot 0");
        assertEquals(List.of(9, 10, 11), consume(10));
    }

    @Test
    void aFrameWhoseHandlerThrowsCountsAsConsumed()
    {
        produce(3);
        final IllegalStateException thrown = new IllegalStateException("handler failed");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> ring.drain(view, frame ->
        {
            if (frame.id() == 1)
            {
                throw thrown;
            }
        }, 10)));
        assertEquals(List.of(2), consume(10));
    }

    @Test
    void clearDiscardsEverythingPublished()
    {
        produce(4);
        assertEquals(4, ring.clear());
        assertEquals(0, ring.available());
    }

    @Test
    void aParkedConsumerWakesWhenFramesArePublished() throws Exception
    {
        final CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() ->
        {
            final long start = System.nanoTime();
            ring.awaitFrames(start + TimeUnit.SECONDS.toNanos(30), ring.wakeSequence());
            return System.nanoTime() - start;
        }, Threads.OWN_THREAD);
        Thread.sleep(50);
        produce(1);
        assertTrue(waited.get(10, TimeUnit.SECONDS) < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void committedFramesAreVisibleToTheConsumerWithoutAPublish()
    {
        final long tail = ring.tail();
        ring.claimable(2);
        ring.slots().set(JAVA_INT, ring.slotOffset(tail) + FrameRingDescriptor.FRAME_OFFSET, 7);
        ring.slots().set(JAVA_INT, ring.slotOffset(tail + 1) + FrameRingDescriptor.FRAME_OFFSET, 8);
        ring.commit(1);
        ring.commit(1);
        assertEquals(List.of(7, 8), consume(10));
    }

    @Test
    void publishOfNothingWakesAConsumerParkedOnCommittedFrames() throws Exception
    {
        final CountDownLatch parking = new CountDownLatch(1);
        final CompletableFuture<Void> waited = CompletableFuture.runAsync(() ->
        {
            parking.countDown();
            while (ring.available() == 0)
            {
                ring.awaitFrames(System.nanoTime() + TimeUnit.SECONDS.toNanos(30), ring.wakeSequence());
            }
        }, Threads.OWN_THREAD);
        parking.await();
        Thread.sleep(50);
        ring.claimable(1);
        ring.commit(1);
        ring.publish(0);
        waited.get(10, TimeUnit.SECONDS);
    }

    @Test
    void wakeConsumerReleasesAParkedConsumer() throws Exception
    {
        final CompletableFuture<Void> waited = CompletableFuture.runAsync(() ->
            ring.awaitFrames(System.nanoTime() + TimeUnit.SECONDS.toNanos(30), ring.wakeSequence()),
            Threads.OWN_THREAD);
        Thread.sleep(50);
        ring.wakeConsumer();
        waited.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWakeBeforeTheParkIsNotLost()
    {
        final long sequence = ring.wakeSequence();
        ring.wakeConsumer();
        final long start = System.nanoTime();
        ring.awaitFrames(start + TimeUnit.SECONDS.toNanos(30), sequence);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }
}
