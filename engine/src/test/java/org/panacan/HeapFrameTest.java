package org.panacan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

class HeapFrameTest
{
    private static final CanFrame RECEIVED = CanFrame.builder().id(0x1234_5678).extended(true).fd(true)
        .bitRateSwitch(true).data(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        .timestamp(1_700_000_000_123_456_789L, TimestampSource.HARDWARE).interfaceIndex(7).build();

    @Test
    void setFromAFrameCopiesEveryField()
    {
        final HeapFrame frame = new HeapFrame().set(RECEIVED);

        assertEquals(RECEIVED, CanFrame.copyOf(frame));
        assertEquals(RECEIVED.flags(), frame.flags());
        assertEquals(RECEIVED.timestampNanos(), frame.timestampNanos());
        assertEquals(TimestampSource.HARDWARE, frame.timestampSource());
        assertEquals(7, frame.interfaceIndex());
    }

    @Test
    void aReusedFrameShowsOnlyTheLastFramesPayload()
    {
        final HeapFrame frame = new HeapFrame().set(RECEIVED).set(CanFrame.of(0x123, (byte)0xAA, (byte)0xBB));

        assertArrayEquals(new byte[] {(byte)0xAA, (byte)0xBB}, frame.dataCopy());
        assertThrows(IndexOutOfBoundsException.class, () -> frame.data(2));
    }

    @Test
    void aRemoteFrameHasItsRequestedLengthButNoPayload()
    {
        final HeapFrame frame = new HeapFrame().set(RECEIVED).set(CanFrame.remote(0x123, false, 4));

        assertEquals(4, frame.length());
        assertEquals(0, frame.copyData(new byte[8], 0));
        assertEquals(0, frame.copyData(MemorySegment.ofArray(new byte[8]), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> frame.data(0));
    }

    @Test
    void fieldsSetAfterTheParserFilledTheBufferTakeThatPayload()
    {
        final HeapFrame frame = new HeapFrame();
        frame.dataBuffer()[0] = 0x11;
        frame.dataBuffer()[1] = 0x22;

        frame.set(0x321, 0, 2, 0);

        assertEquals(CanFrame.of(0x321, (byte)0x11, (byte)0x22), CanFrame.copyOf(frame));
    }

    @Test
    void readsThePayloadFromNativeMemoryAtAnOffset()
    {
        final MemorySegment kernelFrame = MemorySegment.ofArray(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 7});

        final HeapFrame frame = new HeapFrame().set(0x10, 0, 3, 0).readData(kernelFrame, 8);

        assertArrayEquals(new byte[] {5, 6, 7}, frame.dataCopy());
    }

    @Test
    void copiesItsPayloadToNativeMemoryAtAnOffset()
    {
        final byte[] target = new byte[16];

        final int copied = new HeapFrame().set(RECEIVED).copyData(MemorySegment.ofArray(target), 2);

        assertEquals(12, copied);
        assertEquals(1, target[2]);
        assertEquals(12, target[13]);
        assertEquals(0, target[14]);
    }

    @Test
    void flagsReplaceAllBitsLeavingTheRestOfTheFrame()
    {
        final HeapFrame frame = new HeapFrame().set(RECEIVED).flags(FrameFlags.EXTENDED);

        assertEquals(FrameFlags.EXTENDED, frame.flags());
        assertEquals(0x1234_5678, frame.id());
        assertEquals(12, frame.length());
    }

    @Test
    void aLengthBeyondTheBufferFailsNamingTheLength()
    {
        final IllegalArgumentException failure =
            assertThrows(IllegalArgumentException.class, () -> new HeapFrame().set(1, 0, 65, 0));
        assertTrue(failure.getMessage().contains("65"), failure.getMessage());
    }

    @Test
    void clearLeavesAnEmptyClassicFrameWithoutMetadata()
    {
        final HeapFrame frame = new HeapFrame().set(RECEIVED).clear();

        assertEquals(CanFrame.of(0), CanFrame.copyOf(frame));
        assertEquals(0, frame.flags());
        assertEquals(0, frame.timestampNanos());
        assertEquals(TimestampSource.NONE, frame.timestampSource());
        assertEquals(0, frame.interfaceIndex());
    }

    @Test
    void printsAsTheCanFrameItHolds()
    {
        assertEquals(RECEIVED.toString(), new HeapFrame().set(RECEIVED).toString());
    }

    @Test
    void settingOneInstanceAgainAndAgainAllocatesNothing()
    {
        final HeapFrame frame = new HeapFrame();
        final CanFrame other = CanFrame.of(0x7FF, (byte)1);
        for (int i = 0; i < 10_000; i++)
        {
            frame.set(i % 2 == 0 ? RECEIVED : other); // warm up: class loading, compilation
        }
        final long before = allocatedBytes();
        for (int i = 0; i < 1_000_000; i++)
        {
            frame.set(i % 2 == 0 ? RECEIVED : other);
        }
        final long allocated = allocatedBytes() - before;
        assertTrue(allocated < 4096, "a million sets allocated " + allocated + " B");
    }

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
