package org.panacan.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The preallocated mmsghdr vector: armed from the start, so a receiver only rearms what a receive used. */
class MessageVectorTest
{
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close()
    {
        arena.close();
    }

    @Test
    void everyEntryStartsArmedWithItsControlArea()
    {
        final MessageVector vector = new MessageVector(arena, 8, true, true);
        for (int i = 0; i < vector.capacity(); i++)
        {
            assertEquals(MessageVector.CONTROL_LENGTH, vector.controlLength(i), "entry " + i);
        }
    }

    @Test
    void entriesWithoutControlMessagesOfferNoControlArea()
    {
        final MessageVector vector = new MessageVector(arena, 4, false, false);
        for (int i = 0; i < vector.capacity(); i++)
        {
            assertEquals(0, vector.controlLength(i), "entry " + i);
        }
    }

    @Test
    void pointAtAimsConsecutiveEntriesAtBuffersOneStrideApart()
    {
        final MessageVector vector = new MessageVector(arena, 4, false, false);
        final MemorySegment buffer = arena.allocate(4 * 32, 16);
        vector.pointAt(1, 3, buffer, 16, 32, 16);
        for (int i = 1; i < 4; i++)
        {
            assertEquals(buffer.address() + 16 + 32L * (i - 1), vector.bufferAddress(i), "entry " + i);
            assertEquals(16, vector.bufferLength(i), "entry " + i);
        }
        assertEquals(0, vector.bufferAddress(0), "entry 0 untouched");
    }

    @Test
    void pointAtRefusesBuffersPastTheSegmentOrEntriesPastTheVector()
    {
        final MessageVector vector = new MessageVector(arena, 4, false, false);
        final MemorySegment buffer = arena.allocate(4 * 32, 16);
        assertThrows(IndexOutOfBoundsException.class, () -> vector.pointAt(0, 4, buffer, 16, 32, 32));
        assertThrows(IndexOutOfBoundsException.class, () -> vector.pointAt(2, 3, buffer, 0, 32, 16));
    }

    @Test
    void aBufferMustHoldTheLengthPointedAt()
    {
        final MessageVector vector = new MessageVector(arena, 2, false, false);
        final MemorySegment buffer = arena.allocate(16);
        assertThrows(IndexOutOfBoundsException.class, () -> vector.setBuffer(1, buffer, 8, 16));
    }
}
