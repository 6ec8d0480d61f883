package org.panacan.isotp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The bounded byte ring of PDUs and failures. */
class PduQueueTest
{
    @Test
    void recordsComeOutInOrderAcrossManyWraps()
    {
        final PduQueue queue = new PduQueue(256);
        final byte[] out = new byte[100];
        for (int i = 0; i < 10_000; i++)
        {
            final int length = i % 97;
            final byte[] in = new byte[length];
            Arrays.fill(in, (byte)i);
            assertTrue(queue.offer(in, 0, length));
            if (i % 5 == 0)
            {
                assertTrue(queue.offerError(IsoTpError.WRONG_SEQUENCE_NUMBER, i, -i));
                final int header = queue.peek();
                assertTrue(queue.peek() >= 0 || PduQueue.isError(header));
            }
            while (queue.peek() != PduQueue.EMPTY)
            {
                final int header = queue.peek();
                if (PduQueue.isError(header))
                {
                    assertEquals(IsoTpError.WRONG_SEQUENCE_NUMBER, PduQueue.error(header));
                    assertEquals(-queue.detail(0), queue.detail(1));
                    queue.skip();
                }
                else
                {
                    assertEquals(header, queue.take(out, 0));
                }
            }
        }
    }

    @Test
    void takeStepsOverTheWrapMarkerOfARecordThatStartedTheNextLap()
    {
        final PduQueue queue = new PduQueue(64);
        final byte[] out = new byte[40];
        assertTrue(queue.offer(new byte[36], 0, 36));
        assertEquals(36, queue.take(out, 0));
        assertTrue(queue.offer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 0,
            20), "24 bytes do not fit the 24 left at the end: wraps");
        assertEquals(20, queue.take(out, 0), "taken without a peek first");
        assertEquals(20, out[19]);
    }

    @Test
    void aFullQueueDropsAndCounts()
    {
        final PduQueue queue = new PduQueue(64);
        int accepted = 0;
        while (queue.offer(new byte[10], 0, 10))
        {
            accepted++;
        }
        assertEquals(4, accepted, "4 records of 16 bytes in 64");
        assertEquals(1, queue.drops());
        assertFalse(queue.offer(new byte[100], 0, 100), "larger than the queue");
        assertEquals(2, queue.drops());
        queue.clear();
        assertTrue(queue.isEmpty());
        assertTrue(queue.offer(new byte[10], 0, 10));
    }

    @Test
    void aParkedConsumerWakesOnAPdu() throws Exception
    {
        final PduQueue queue = new PduQueue(1024);
        final CompletableFuture<byte[]> consumer = CompletableFuture.supplyAsync(() ->
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.peek() == PduQueue.EMPTY)
            {
                queue.await(deadline, queue.wakeSequence());
            }
            final byte[] pdu = new byte[queue.peek()];
            queue.take(pdu, 0);
            return pdu;
        });
        Thread.sleep(50);
        queue.offer(new byte[] {4, 5, 6}, 0, 3);
        assertArrayEquals(new byte[] {4, 5, 6}, consumer.get(5, TimeUnit.SECONDS));
    }
}
