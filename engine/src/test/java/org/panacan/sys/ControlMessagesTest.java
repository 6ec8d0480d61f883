package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.bindings.gen.LinuxCan;

/** The CMSG_* walk in Java over control areas laid out as the kernel writes them. */
class ControlMessagesTest
{
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment area = arena.allocate(MessageVector.CONTROL_LENGTH, 8);
    private final ControlMessages messages = new ControlMessages();

    @AfterEach
    void close()
    {
        arena.close();
    }

    /** Writes one cmsghdr at {@code offset}; returns the offset of the next (CMSG_NXTHDR). */
    private long put(final long offset, final int type, final int dataLength)
    {
        area.set(JAVA_LONG, offset, ControlMessages.HEADER_LENGTH + dataLength);
        area.set(JAVA_INT, offset + 8, LinuxCan.SOL_SOCKET());
        area.set(JAVA_INT, offset + 12, type);
        return offset + ControlMessages.align(ControlMessages.HEADER_LENGTH + dataLength);
    }

    /** Writes one SCM_TIMESTAMPNS message stamped {@code seconds}.{@code nanos} at {@code offset}; returns the next. */
    private long putTimestamp(final long offset, final long seconds, final long nanos)
    {
        area.set(JAVA_LONG, offset + 16, seconds);
        area.set(JAVA_LONG, offset + 24, nanos);
        return put(offset, LinuxCan.SCM_TIMESTAMPNS(), 16);
    }

    @Test
    void readsTheSoftwareTimestampAndTheDropCounter()
    {
        long next = putTimestamp(0, 1_700_000_000L, 123_456_789L);
        final long drops = next;
        next = put(next, LinuxCan.SO_RXQ_OVFL(), 4);
        area.set(JAVA_INT, drops + 16, 42);

        messages.parse(area, 0, (int)next);

        assertEquals(1_700_000_000_123_456_789L, messages.timestampNanos);
        assertFalse(messages.hardwareStamp);
        assertEquals(42, messages.dropCount);
    }

    @Test
    void prefersTheRawHardwareStampWhenPresent()
    {
        final long end = put(0, LinuxCan.SCM_TIMESTAMPING(), 48);
        area.set(JAVA_LONG, 16, 10L);
        area.set(JAVA_LONG, 24, 1L);
        area.set(JAVA_LONG, 16 + 32, 20L);
        area.set(JAVA_LONG, 24 + 32, 2L);

        messages.parse(area, 0, (int)end);

        assertTrue(messages.hardwareStamp);
        assertEquals(20_000_000_002L, messages.timestampNanos);
    }

    @Test
    void fallsBackToTheSoftwareStampWithoutHardware()
    {
        final long end = put(0, LinuxCan.SCM_TIMESTAMPING(), 48);
        area.set(JAVA_LONG, 16, 10L);
        area.set(JAVA_LONG, 24, 1L);

        messages.parse(area, 0, (int)end);

        assertFalse(messages.hardwareStamp);
        assertEquals(10_000_000_001L, messages.timestampNanos);
    }

    @Test
    void keepsTheRecvTimeStampWhenTimestampingCarriesNone()
    {
        long next = putTimestamp(0, 30L, 3L); // recvmsg stamped an skb the stack left unstamped
        area.asSlice(next + 16, 48).fill((byte)0);
        next = put(next, LinuxCan.SCM_TIMESTAMPING(), 48); // all three stamps zero

        messages.parse(area, 0, (int)next);

        assertFalse(messages.hardwareStamp);
        assertEquals(30_000_000_003L, messages.timestampNanos);
    }

    @Test
    void aLoneTimestampClearsWhatTheLastParseFound()
    {
        final long drops = put(0, LinuxCan.SCM_TIMESTAMPNS(), 16);
        area.set(JAVA_INT, drops + 16, 9);
        messages.parse(area, 0, (int)put(drops, LinuxCan.SO_RXQ_OVFL(), 4));
        assertEquals(9, messages.dropCount);
        final long end = putTimestamp(0, 2L, 5L);

        messages.parse(area, 0, (int)end);

        assertEquals(2_000_000_005L, messages.timestampNanos);
        assertEquals(-1, messages.dropCount);
    }

    @Test
    void aTimestampSizedMessageOfAnotherLevelIsNoTimestamp()
    {
        final long end = put(0, LinuxCan.SCM_TIMESTAMPNS(), 16);
        area.set(JAVA_INT, 8, LinuxCan.SOL_CAN_RAW());
        area.set(JAVA_LONG, 16, 7L);

        messages.parse(area, 0, (int)end);

        assertEquals(0, messages.timestampNanos);
    }

    @Test
    void aLoneTimestampIsRecognisedWithoutTheWalk()
    {
        final long end = putTimestamp(0, 4L, 6L);

        assertTrue(ControlMessages.isLoneTimestamp(area, 0, (int)end));
        assertEquals(4_000_000_006L, ControlMessages.loneTimestamp(area, 0));
    }

    @Test
    void aTimestampFollowedByTheDropCounterIsNotLone()
    {
        final long drops = put(0, LinuxCan.SCM_TIMESTAMPNS(), 16);
        final long end = put(drops, LinuxCan.SO_RXQ_OVFL(), 4);

        assertFalse(ControlMessages.isLoneTimestamp(area, 0, (int)end));
    }

    @Test
    void onlyASocketLevelTimestampNsMessageIsALoneTimestamp()
    {
        final long end = put(0, LinuxCan.SO_RXQ_OVFL(), 16); // timestamp-sized, other type
        assertFalse(ControlMessages.isLoneTimestamp(area, 0, (int)end));
        put(0, LinuxCan.SCM_TIMESTAMPNS(), 16);
        area.set(JAVA_INT, 8, LinuxCan.SOL_CAN_RAW());
        assertFalse(ControlMessages.isLoneTimestamp(area, 0, (int)end), "other level");
    }

    @Test
    void emptyOrTruncatedAreasLeaveTheDefaults()
    {
        messages.parse(area, 0, 0);
        assertEquals(0, messages.timestampNanos);
        assertEquals(-1, messages.dropCount);

        put(0, LinuxCan.SCM_TIMESTAMPNS(), 16);
        messages.parse(area, 0, 20); // cut inside the message: ignored, no exception
        assertEquals(0, messages.timestampNanos);
    }
}
