package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.bcm_msg_head;

/**
 * The Broadcast Manager message on x86-64, byte for byte: a wrong head (no padding before the timevals, frames not
 * at 56) is what makes the kernel answer EINVAL (python-can #1652). The expected offsets are gcc's
 * {@code offsetof} for {@code <linux/can/bcm.h>}, never taken from the code under test.
 */
class BcmMessageTest
{
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment message = arena.allocate(BcmMessage.MAX_LENGTH, 8);

    @AfterEach
    void close()
    {
        arena.close();
    }

    @Test
    void headIs56BytesWithTimevalsAt16And32AndFramesAt56()
    {
        assertAll(
            () -> assertEquals(56, BcmMessage.HEAD_LENGTH, "sizeof(struct bcm_msg_head)"),
            () -> assertEquals(56, BcmMessage.FRAMES_OFFSET, "offsetof(frames)"),
            () -> assertEquals(0, BcmMessage.FRAMES_OFFSET % 8, "frames are 8-byte aligned"),
            () -> assertEquals(16, bcm_msg_head.ival1$offset(), "offsetof(ival1)"),
            () -> assertEquals(32, bcm_msg_head.ival2$offset(), "offsetof(ival2)"),
            () -> assertEquals(48, bcm_msg_head.can_id$offset(), "offsetof(can_id)"),
            () -> assertEquals(52, bcm_msg_head.nframes$offset(), "offsetof(nframes)"),
            () -> assertEquals(16, BcmMessage.frameSize(0)),
            () -> assertEquals(72, BcmMessage.frameSize(BcmMessage.CAN_FD_FRAME)),
            () -> assertEquals(56 + 2 * 16, BcmMessage.length(0, 2)),
            () -> assertEquals(56 + 3 * 72, BcmMessage.length(BcmMessage.CAN_FD_FRAME, 3)));
    }

    @Test
    void txSetupHeadLandsAtTheKernelsOffsets()
    {
        message.fill((byte)0x5A); // stale bytes must not survive in the head
        final int flags = BcmMessage.SETTIMER | BcmMessage.STARTTIMER | BcmMessage.TX_COUNTEVT;
        BcmMessage.writeHead(message, 0, BcmMessage.TX_SETUP, flags, 10, 2_500_000, 1_000, 0x42, 2);
        assertAll(
            () -> assertEquals(LinuxCan.TX_SETUP(), message.get(JAVA_INT, 0), "opcode"),
            () -> assertEquals(flags, message.get(JAVA_INT, 4), "flags"),
            () -> assertEquals(10, message.get(JAVA_INT, 8), "count"),
            () -> assertEquals(0, message.get(JAVA_INT, 12), "padding zeroed"),
            () -> assertEquals(2, message.get(JAVA_LONG, 16), "ival1.tv_sec"),
            () -> assertEquals(500_000, message.get(JAVA_LONG, 24), "ival1.tv_usec"),
            () -> assertEquals(0, message.get(JAVA_LONG, 32), "ival2.tv_sec"),
            () -> assertEquals(1_000, message.get(JAVA_LONG, 40), "ival2.tv_usec"),
            () -> assertEquals(0x42, message.get(JAVA_INT, 48), "can_id"),
            () -> assertEquals(2, message.get(JAVA_INT, 52), "nframes"));
    }

    @Test
    void headReadsBackWhatWasWritten()
    {
        BcmMessage.writeHead(message, 0, BcmMessage.RX_SETUP, BcmMessage.RX_FILTER_ID, 3, 1_000_001, 7, 0x7FF, 0);
        assertAll(
            () -> assertEquals(BcmMessage.RX_SETUP, BcmMessage.opcode(message, 0)),
            () -> assertEquals(BcmMessage.RX_FILTER_ID, BcmMessage.flags(message, 0)),
            () -> assertEquals(3, BcmMessage.count(message, 0)),
            () -> assertEquals(1_000_001, BcmMessage.ival1Micros(message, 0)),
            () -> assertEquals(7, BcmMessage.ival2Micros(message, 0)),
            () -> assertEquals(0x7FF, BcmMessage.canId(message, 0)),
            () -> assertEquals(0, BcmMessage.frameCount(message, 0)));
    }

    @Test
    void classicFramesFollowTheHeadEvery16Bytes()
    {
        BcmMessage.writeFrame(message, 0, 0, 0, CanFrame.of(0x123, (byte)0xAA));
        BcmMessage.writeFrame(message, 0, 0, 1, CanFrame.extended(0x1ABCDEF0 >>> 4, (byte)1, (byte)2, (byte)3));
        assertAll(
            () -> assertEquals(0x123, message.get(JAVA_INT, 56)),
            () -> assertEquals(1, message.get(JAVA_BYTE, 56 + 4), "len"),
            () -> assertEquals((byte)0xAA, message.get(JAVA_BYTE, 56 + 8), "data[0]"),
            () -> assertEquals((0x1ABCDEF0 >>> 4) | LinuxCan.CAN_EFF_FLAG(), message.get(JAVA_INT, 72)),
            () -> assertEquals(3, message.get(JAVA_BYTE, 72 + 4)),
            () -> assertEquals(3, message.get(JAVA_BYTE, 72 + 8 + 2)));
    }

    @Test
    void fdFramesFollowTheHeadEvery72BytesWithTheirFlags()
    {
        final int flags = BcmMessage.CAN_FD_FRAME;
        final byte[] payload = new byte[64];
        payload[63] = 0x77;
        BcmMessage.writeFrame(message, 0, flags, 1, CanFrame.fd(0x10, FrameFlags.BRS, payload));
        assertAll(
            () -> assertEquals(56 + 72, BcmMessage.frameOffset(flags, 1)),
            () -> assertEquals(0x10, message.get(JAVA_INT, 128)),
            () -> assertEquals(64, message.get(JAVA_BYTE, 128 + 4)),
            () -> assertEquals(LinuxCan.CANFD_BRS(), message.get(JAVA_BYTE, 128 + 5)),
            () -> assertEquals(0x77, message.get(JAVA_BYTE, 128 + 8 + 63)));
    }

    @Test
    void masksCarryTheIdTheirLengthAndZeroesAfterThem()
    {
        message.fill((byte)0x5A);
        BcmMessage.writeMask(message, 0, 0, 0, 0x321, new byte[] {(byte)0xFF, 0x0F});
        assertAll(
            () -> assertEquals(0x321, message.get(JAVA_INT, 56)),
            () -> assertEquals(2, message.get(JAVA_BYTE, 60)),
            () -> assertEquals((byte)0xFF, message.get(JAVA_BYTE, 64)),
            () -> assertEquals(0x0F, message.get(JAVA_BYTE, 65)),
            () -> assertEquals(0, message.get(JAVA_LONG, 64) >>> 16, "data after the mask is zero"),
            () -> assertEquals(0x5A, message.get(JAVA_BYTE, 72), "the next frame is untouched"));
    }
}
