package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

import org.panacan.ReadableFrame;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.bcm_msg_head;
import org.panacan.bindings.gen.bcm_timeval;

/**
 * Reads and writes Broadcast Manager messages: a {@code struct bcm_msg_head} followed by {@code nframes}
 * {@code struct can_frame} (16 bytes) or, with {@link #CAN_FD_FRAME}, {@code struct canfd_frame} (72 bytes).
 *
 * <p>Every offset comes from the generated layout, never from a hand count. On x86-64 the head is 56 bytes:
 * {@code opcode, flags, count} (4 bytes each), 4 bytes of padding so that the two {@code struct bcm_timeval}
 * ({@code long tv_sec, long tv_usec}) are 8-byte aligned at 16 and 32, then {@code can_id} at 48 and
 * {@code nframes} at 52; the frames start at 56, 8-byte aligned as {@code can_frame.data} requires. A head written
 * without the padding (python-can #1652) is what makes the kernel answer EINVAL.
 *
 * <pre>
 *   0 opcode   4 flags   8 count   12 (pad)   16 ival1.tv_sec   24 ival1.tv_usec   32 ival2.tv_sec
 *  40 ival2.tv_usec   48 can_id   52 nframes   56 frames[0]   56 + n * frame size  frames[n]
 * </pre>
 */
public final class BcmMessage
{
    public static final int TX_SETUP = LinuxCan.TX_SETUP();
    public static final int TX_DELETE = LinuxCan.TX_DELETE();
    public static final int RX_SETUP = LinuxCan.RX_SETUP();
    public static final int RX_DELETE = LinuxCan.RX_DELETE();
    public static final int TX_EXPIRED = LinuxCan.TX_EXPIRED();
    public static final int RX_TIMEOUT = LinuxCan.RX_TIMEOUT();
    public static final int RX_CHANGED = LinuxCan.RX_CHANGED();

    public static final int SETTIMER = LinuxCan.SETTIMER();
    public static final int STARTTIMER = LinuxCan.STARTTIMER();
    public static final int TX_COUNTEVT = LinuxCan.TX_COUNTEVT();
    public static final int TX_ANNOUNCE = LinuxCan.TX_ANNOUNCE();
    public static final int RX_FILTER_ID = LinuxCan.RX_FILTER_ID();
    public static final int RX_CHECK_DLC = LinuxCan.RX_CHECK_DLC();
    public static final int RX_ANNOUNCE_RESUME = LinuxCan.RX_ANNOUNCE_RESUME();
    public static final int TX_RESET_MULTI_IDX = LinuxCan.TX_RESET_MULTI_IDX();
    public static final int RX_RTR_FRAME = LinuxCan.RX_RTR_FRAME();
    public static final int CAN_FD_FRAME = LinuxCan.CAN_FD_FRAME();

    /** {@code sizeof(struct bcm_msg_head)}: 56 on x86-64. */
    public static final int HEAD_LENGTH = (int)bcm_msg_head.layout().byteSize();
    /** {@code offsetof(struct bcm_msg_head, frames)}: 56 on x86-64. */
    public static final int FRAMES_OFFSET = (int)bcm_msg_head.frames$offset();
    /** The kernel's {@code MAX_NFRAMES}: frames per TX op, multiplex entries per RX op (plus the mux mask). */
    public static final int MAX_FRAMES = 256;
    /** Largest message the engine writes: an RX_SETUP with a mux mask and 256 CAN FD content masks. */
    public static final int MAX_LENGTH = FRAMES_OFFSET + (MAX_FRAMES + 1) * KernelFrames.CANFD_MTU;
    /** The kernel's {@code BCM_TIMER_SEC_MAX}: 400 days, the longest interval a bcm_timeval may hold. */
    public static final long MAX_INTERVAL_SECONDS = 400L * 24 * 60 * 60;

    private static final long OPCODE = bcm_msg_head.opcode$offset();
    private static final long FLAGS = bcm_msg_head.flags$offset();
    private static final long COUNT = bcm_msg_head.count$offset();
    private static final long IVAL1 = bcm_msg_head.ival1$offset();
    private static final long IVAL2 = bcm_msg_head.ival2$offset();
    private static final long CAN_ID = bcm_msg_head.can_id$offset();
    private static final long NFRAMES = bcm_msg_head.nframes$offset();
    private static final long TV_SEC = bcm_timeval.tv_sec$offset();
    private static final long TV_USEC = bcm_timeval.tv_usec$offset();
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private BcmMessage()
    {
    }

    /**
     * Writes the head of a message at {@code offset}; intervals are in microseconds (the kernel's resolution).
     * The padding after {@code count} is zeroed so that the message never carries stale bytes.
     */
    public static void writeHead(final MemorySegment message, final long offset, final int opcode, final int flags,
        final int count, final long ival1Micros, final long ival2Micros, final int canId, final int frameCount)
    {
        message.set(bcm_msg_head.opcode$layout(), offset + OPCODE, opcode);
        message.set(bcm_msg_head.flags$layout(), offset + FLAGS, flags);
        message.set(bcm_msg_head.count$layout(), offset + COUNT, count);
        message.set(JAVA_INT, offset + COUNT + Integer.BYTES, 0);
        writeInterval(message, offset + IVAL1, ival1Micros);
        writeInterval(message, offset + IVAL2, ival2Micros);
        message.set(bcm_msg_head.can_id$layout(), offset + CAN_ID, canId);
        message.set(bcm_msg_head.nframes$layout(), offset + NFRAMES, frameCount);
    }

    private static void writeInterval(final MemorySegment message, final long offset, final long micros)
    {
        message.set(bcm_timeval.tv_sec$layout(), offset + TV_SEC, micros / MICROS_PER_SECOND);
        message.set(bcm_timeval.tv_usec$layout(), offset + TV_USEC, micros % MICROS_PER_SECOND);
    }

    /** {@code CFSIZ(flags)}: 72 with {@link #CAN_FD_FRAME}, else 16. */
    public static int frameSize(final int flags)
    {
        return (flags & CAN_FD_FRAME) != 0 ? KernelFrames.CANFD_MTU : KernelFrames.CAN_MTU;
    }

    /** Offset of frame {@code index} from the start of the message. */
    public static long frameOffset(final int flags, final int index)
    {
        return FRAMES_OFFSET + (long)frameSize(flags) * index;
    }

    /** Bytes of a message with {@code frameCount} frames. */
    public static int length(final int flags, final int frameCount)
    {
        return FRAMES_OFFSET + frameSize(flags) * frameCount;
    }

    /** Writes {@code frame} as frame {@code index} of the message at {@code offset}; zeroes the unused tail. */
    public static void writeFrame(final MemorySegment message, final long offset, final int flags, final int index,
        final ReadableFrame frame)
    {
        final long at = offset + frameOffset(flags, index);
        message.asSlice(at, frameSize(flags)).fill((byte)0);
        KernelFrames.write(message, at, frame);
    }

    /**
     * Writes an RX_SETUP filter frame: {@code can_id} and {@code len} as given, {@code mask} as the data, zeroes
     * after it. The kernel compares received data under these bits.
     */
    public static void writeMask(final MemorySegment message, final long offset, final int flags, final int index,
        final int canIdWord, final byte[] mask)
    {
        final long at = offset + frameOffset(flags, index);
        message.asSlice(at, frameSize(flags)).fill((byte)0);
        message.set(JAVA_INT, at + KernelFrames.CAN_ID_OFFSET, canIdWord);
        message.set(JAVA_BYTE, at + KernelFrames.LEN_OFFSET, (byte)mask.length);
        MemorySegment.copy(mask, 0, message, JAVA_BYTE, at + KernelFrames.DATA_OFFSET, mask.length);
    }

    public static int opcode(final MemorySegment message, final long offset)
    {
        return message.get(bcm_msg_head.opcode$layout(), offset + OPCODE);
    }

    public static int flags(final MemorySegment message, final long offset)
    {
        return message.get(bcm_msg_head.flags$layout(), offset + FLAGS);
    }

    public static int count(final MemorySegment message, final long offset)
    {
        return message.get(bcm_msg_head.count$layout(), offset + COUNT);
    }

    public static long ival1Micros(final MemorySegment message, final long offset)
    {
        return readInterval(message, offset + IVAL1);
    }

    public static long ival2Micros(final MemorySegment message, final long offset)
    {
        return readInterval(message, offset + IVAL2);
    }

    private static long readInterval(final MemorySegment message, final long offset)
    {
        return message.get(JAVA_LONG, offset + TV_SEC) * MICROS_PER_SECOND + message.get(JAVA_LONG, offset + TV_USEC);
    }

    public static int canId(final MemorySegment message, final long offset)
    {
        return message.get(bcm_msg_head.can_id$layout(), offset + CAN_ID);
    }

    public static int frameCount(final MemorySegment message, final long offset)
    {
        return message.get(bcm_msg_head.nframes$layout(), offset + NFRAMES);
    }
}
