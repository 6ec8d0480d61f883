package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

import org.panacan.FrameFlags;
import org.panacan.ReadableFrame;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_frame;
import org.panacan.bindings.gen.canfd_frame;

/**
 * Writes {@code struct can_frame} / {@code struct canfd_frame} exactly as the kernel expects them. The two share
 * their first 8 bytes ({@code can_id}, {@code len}, then {@code flags} or {@code __pad}, two reserved bytes or
 * {@code len8_dlc}), so the header is one 8-byte store; the payload follows at offset 8.
 */
public final class KernelFrames
{
    public static final int CAN_MTU = (int)LinuxCan.CAN_MTU();
    public static final int CANFD_MTU = (int)LinuxCan.CANFD_MTU();
    public static final int CAN_ID_OFFSET = (int)can_frame.can_id$offset();
    public static final int LEN_OFFSET = (int)can_frame.len$offset();
    public static final int FD_FLAGS_OFFSET = (int)canfd_frame.flags$offset();
    public static final int LEN8_DLC_OFFSET = (int)can_frame.len8_dlc$offset();
    public static final int DATA_OFFSET = (int)can_frame.data$offset();

    public static final int CAN_EFF_FLAG = LinuxCan.CAN_EFF_FLAG();
    public static final int CAN_RTR_FLAG = LinuxCan.CAN_RTR_FLAG();
    public static final int CAN_ERR_FLAG = LinuxCan.CAN_ERR_FLAG();
    public static final int CANFD_BRS = LinuxCan.CANFD_BRS();
    public static final int CANFD_ESI = LinuxCan.CANFD_ESI();

    private KernelFrames()
    {
    }

    /** The {@code can_id} word: identifier plus EFF / RTR / ERR flag bits. */
    public static int canIdWord(final int id, final int flags)
    {
        return id
            | ((flags & FrameFlags.EXTENDED) != 0 ? CAN_EFF_FLAG : 0)
            | ((flags & FrameFlags.REMOTE) != 0 ? CAN_RTR_FLAG : 0)
            | ((flags & FrameFlags.ERROR) != 0 ? CAN_ERR_FLAG : 0);
    }

    /** Bytes the frame occupies on the socket: {@code CANFD_MTU} for FD frames, else {@code CAN_MTU}. */
    public static int frameSize(final int flags)
    {
        return (flags & FrameFlags.FD) != 0 ? CANFD_MTU : CAN_MTU;
    }

    /**
     * Writes the 8-byte header at {@code offset}; the caller copies the payload to {@code offset + DATA_OFFSET}.
     *
     * @return the frame size to write
     */
    public static int writeHeader(final MemorySegment dst, final long offset, final int id, final int flags,
        final int length, final int len8Dlc)
    {
        final boolean fd = (flags & FrameFlags.FD) != 0;
        final long fdFlags = fd
            ? ((flags & FrameFlags.BRS) != 0 ? CANFD_BRS : 0) | ((flags & FrameFlags.ESI) != 0 ? CANFD_ESI : 0)
            : 0;
        final long header = (canIdWord(id, flags) & 0xFFFF_FFFFL)
            | ((long)(length & 0xFF) << 32)
            | (fdFlags << 40)
            | ((long)(fd ? 0 : len8Dlc & 0xFF) << 56);
        dst.set(JAVA_LONG, offset, header); // little-endian: can_id, len, flags/__pad, __res0, len8_dlc/__res1
        return fd ? CANFD_MTU : CAN_MTU;
    }

    /** Writes a whole frame from a byte-array payload; returns its size. */
    public static int write(final MemorySegment dst, final long offset, final int id, final int flags,
        final int len8Dlc, final byte[] data, final int dataOffset, final int length)
    {
        final int size = writeHeader(dst, offset, id, flags, length, len8Dlc);
        if ((flags & FrameFlags.REMOTE) == 0)
        {
            MemorySegment.copy(data, dataOffset, dst, JAVA_BYTE, offset + DATA_OFFSET, length);
        }
        return size;
    }

    /** Writes a whole frame from a memory-segment payload; returns its size. */
    public static int write(final MemorySegment dst, final long offset, final int id, final int flags,
        final int len8Dlc, final MemorySegment data, final long dataOffset, final int length)
    {
        final int size = writeHeader(dst, offset, id, flags, length, len8Dlc);
        if ((flags & FrameFlags.REMOTE) == 0)
        {
            MemorySegment.copy(data, dataOffset, dst, offset + DATA_OFFSET, length);
        }
        return size;
    }

    /** Writes any readable frame (a {@code CanFrame}, or a view being forwarded); returns its size. */
    public static int write(final MemorySegment dst, final long offset, final ReadableFrame frame)
    {
        final int flags = frame.flags();
        final int length = frame.length();
        final int size = writeHeader(dst, offset, frame.id(), flags, length, frame.len8Dlc());
        frame.copyData(dst, offset + DATA_OFFSET);
        return size;
    }

    /** The identifier without flag bits from a {@code can_id} word. */
    public static int id(final int canIdWord)
    {
        return canIdWord & ((canIdWord & (CAN_EFF_FLAG | CAN_ERR_FLAG)) != 0 ? 0x1FFF_FFFF : 0x7FF);
    }

    /** The can_id word at {@code offset}. */
    public static int canIdWord(final MemorySegment frame, final long offset)
    {
        return frame.get(JAVA_INT, offset + CAN_ID_OFFSET);
    }
}
