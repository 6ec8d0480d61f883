package org.panacan;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.panacan.ring.FrameRingDescriptor.CANFD_MTU;
import static org.panacan.ring.FrameRingDescriptor.CAN_ID_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.DATA_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.FD_FLAGS_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.FRAME_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.FRAME_SIZE_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.INTERFACE_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.LEN8_DLC_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.LEN_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.META_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.META_TIMESTAMP_SOURCE_MASK;
import static org.panacan.ring.FrameRingDescriptor.SLOT_INT;
import static org.panacan.ring.FrameRingDescriptor.SLOT_LONG;
import static org.panacan.ring.FrameRingDescriptor.SLOT_SHORT;
import static org.panacan.ring.FrameRingDescriptor.TIMESTAMP_OFFSET;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A flyweight over one ring slot: the zero-allocation view handed to a {@link FrameHandler}. Every accessor reads
 * the slot (layout: {@link org.panacan.ring.FrameRingDescriptor}); nothing is copied unless asked for.
 *
 * <p>Valid only during the handler call that received it.
 */
public final class FrameView implements ReadableFrame
{
    private static final int CAN_EFF_FLAG = 0x8000_0000;
    private static final int CAN_RTR_FLAG = 0x4000_0000;
    private static final int CAN_ERR_FLAG = 0x2000_0000;
    private static final int CAN_EFF_MASK = 0x1FFF_FFFF;
    private static final int CANFD_BRS = 0x01;
    private static final int CANFD_ESI = 0x02;
    private static final TimestampSource[] SOURCES = TimestampSource.values();

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /** Points this view at the slot at {@code slotOffset} of {@code slots}. Called by the ring. */
    public FrameView wrap(final MemorySegment slots, final long slotOffset)
    {
        this.segment = slots;
        this.offset = slotOffset;
        return this;
    }

    /** The segment under this view; the kernel frame starts at {@link #frameOffset()}. */
    public MemorySegment segment()
    {
        return segment;
    }

    /** Offset of the {@code struct can_frame / canfd_frame} in {@link #segment()}. */
    public long frameOffset()
    {
        return offset + FRAME_OFFSET;
    }

    /** Offset of the first payload byte in {@link #segment()}. */
    public long dataOffset()
    {
        return offset + FRAME_OFFSET + DATA_OFFSET;
    }

    /** The kernel's {@code can_id} word, flag bits included. */
    public int rawCanId()
    {
        return segment.get(SLOT_INT, offset + FRAME_OFFSET + CAN_ID_OFFSET);
    }

    @Override
    public int id()
    {
        final int canId = rawCanId();
        return canId < 0 ? canId & CAN_EFF_MASK : canId & (isErrorId(canId) ? CAN_EFF_MASK : 0x7FF);
    }

    @Override
    public int flags()
    {
        final int canId = rawCanId();
        int flags = segment.get(SLOT_SHORT, offset + META_OFFSET) & (FrameFlags.ECHO | FrameFlags.LOCAL);
        if (canId < 0)
        {
            flags |= FrameFlags.EXTENDED;
        }
        if ((canId & CAN_RTR_FLAG) != 0)
        {
            flags |= FrameFlags.REMOTE;
        }
        if (isErrorId(canId))
        {
            flags |= FrameFlags.ERROR;
        }
        if (isFdSlot())
        {
            final int fdFlags = segment.get(JAVA_BYTE, offset + FRAME_OFFSET + FD_FLAGS_OFFSET);
            flags |= FrameFlags.FD
                | ((fdFlags & CANFD_BRS) != 0 ? FrameFlags.BRS : 0)
                | ((fdFlags & CANFD_ESI) != 0 ? FrameFlags.ESI : 0);
        }
        return flags;
    }

    @Override
    public boolean isExtended()
    {
        return rawCanId() < 0;
    }

    @Override
    public boolean isFd()
    {
        return isFdSlot();
    }

    @Override
    public int length()
    {
        return segment.get(JAVA_BYTE, offset + FRAME_OFFSET + LEN_OFFSET) & 0xFF;
    }

    @Override
    public byte data(final int index)
    {
        return segment.get(JAVA_BYTE, dataOffset() + Objects.checkIndex(index, length()));
    }

    /** The 4 payload bytes at {@code index} as a little-endian int, without a bounds check against length. */
    public int dataInt(final int index)
    {
        return segment.get(SLOT_INT, dataOffset() + index);
    }

    @Override
    public int copyData(final byte[] dst, final int dstOffset)
    {
        final int length = isRemote() ? 0 : length();
        MemorySegment.copy(segment, JAVA_BYTE, dataOffset(), dst, dstOffset, length);
        return length;
    }

    @Override
    public int copyData(final MemorySegment dst, final long dstOffset)
    {
        final int length = isRemote() ? 0 : length();
        MemorySegment.copy(segment, dataOffset(), dst, dstOffset, length);
        return length;
    }

    @Override
    public int len8Dlc()
    {
        return isFdSlot() ? 0 : segment.get(JAVA_BYTE, offset + FRAME_OFFSET + LEN8_DLC_OFFSET) & 0xFF;
    }

    @Override
    public long timestampNanos()
    {
        return segment.get(SLOT_LONG, offset + TIMESTAMP_OFFSET);
    }

    @Override
    public TimestampSource timestampSource()
    {
        return SOURCES[segment.get(SLOT_SHORT, offset + META_OFFSET) & META_TIMESTAMP_SOURCE_MASK];
    }

    @Override
    public int interfaceIndex()
    {
        return segment.get(SLOT_INT, offset + INTERFACE_OFFSET);
    }

    /** A copy that outlives the handler call (allocates). */
    public CanFrame toFrame()
    {
        return CanFrame.copyOf(this);
    }

    @Override
    public String toString()
    {
        return segment == MemorySegment.NULL ? "FrameView[unwrapped]" : toFrame().toString();
    }

    private boolean isFdSlot()
    {
        return segment.get(SLOT_SHORT, offset + FRAME_SIZE_OFFSET) == CANFD_MTU;
    }

    private static boolean isErrorId(final int canId)
    {
        return (canId & CAN_ERR_FLAG) != 0;
    }
}
