package org.panacan.ring;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of a {@link FrameRing}: fixed-size slots in one off-heap segment, each a small header followed by the
 * frame exactly as the kernel writes it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  timestamp, ns since the epoch                |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  interface index (ifindex)                    |  8
 *  +-------------------------------+-------------------------------+
 *  |  meta: ECHO, LOCAL, ts source |  frame size: 16 (CAN) or 72   | 12
 *  +-------------------------------+-------------------------------+
 *  |  struct can_frame / canfd_frame as received (CAN_MTU or       | 16
 *  |  CANFD_MTU bytes): can_id, len, flags, res, len8_dlc, data    |
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The slot length is the header plus the bus MTU, rounded up to 16 bytes: 32 for classic buses, 96 for CAN FD.
 * The frame part is written by {@code recvmmsg} straight into the slot (its iovec points there), so the header is
 * the only thing the receiver writes itself: two stores, the timestamp and the {@link #headerWord header word}
 * (interface, meta, frame size). Integers are in native byte order, as the kernel writes them.
 *
 * <p>Slot fields are read and written with the byte-aligned {@link #SLOT_LONG}, {@link #SLOT_INT} and
 * {@link #SLOT_SHORT}: slots are {@value #SLOT_ALIGNMENT}-byte aligned, so every field is naturally aligned anyway,
 * and the byte-aligned layouts spare each access the alignment check that the naturally aligned layouts make (on
 * the ring's per-frame path, a quarter of its cost).
 */
public final class FrameRingDescriptor
{
    /** Offset of the receive timestamp (long, ns). */
    public static final int TIMESTAMP_OFFSET = 0;
    /** Offset of the interface index (int). */
    public static final int INTERFACE_OFFSET = 8;
    /** Offset of the meta bits (short): {@code FrameFlags.ECHO}, {@code FrameFlags.LOCAL}, timestamp source. */
    public static final int META_OFFSET = 12;
    /** Offset of the number of frame bytes received (short): 16 for classic CAN, 72 for CAN FD. */
    public static final int FRAME_SIZE_OFFSET = 14;
    /** Offset of the kernel frame. */
    public static final int FRAME_OFFSET = 16;
    /** Length of the slot header. */
    public static final int HEADER_LENGTH = FRAME_OFFSET;

    /** Offsets inside the kernel frame (struct can_frame and canfd_frame share them). */
    public static final int CAN_ID_OFFSET = 0;
    public static final int LEN_OFFSET = 4;
    public static final int FD_FLAGS_OFFSET = 5;
    public static final int LEN8_DLC_OFFSET = 7;
    public static final int DATA_OFFSET = 8;

    /** {@code sizeof(struct can_frame)}. */
    public static final int CAN_MTU = 16;
    /** {@code sizeof(struct canfd_frame)}. */
    public static final int CANFD_MTU = 72;

    /** Meta bits 0..1 hold the ordinal of the {@code TimestampSource}. */
    public static final int META_TIMESTAMP_SOURCE_MASK = 0x3;

    /** Layouts of slot fields (see the class comment for why byte-aligned). */
    public static final ValueLayout.OfLong SLOT_LONG = JAVA_LONG_UNALIGNED;
    public static final ValueLayout.OfInt SLOT_INT = JAVA_INT_UNALIGNED;
    public static final ValueLayout.OfShort SLOT_SHORT = JAVA_SHORT_UNALIGNED;

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Slots are this aligned, so that the header fields and the kernel frame are naturally aligned. */
    public static final int SLOT_ALIGNMENT = 16;
    /** Smallest and largest number of slots. */
    public static final int MIN_CAPACITY = 2;
    public static final int MAX_CAPACITY = 1 << 22;

    private FrameRingDescriptor()
    {
    }

    /**
     * The header's second word, written at {@link #INTERFACE_OFFSET} as one long: the interface index, the meta bits
     * and the frame size laid out as the three fields they are.
     */
    public static long headerWord(final int interfaceIndex, final int meta, final int frameSize)
    {
        final long index = interfaceIndex & 0xFFFF_FFFFL;
        final long metaBits = meta & 0xFFFFL;
        final long size = frameSize & 0xFFFFL;
        return LITTLE_ENDIAN ? index | metaBits << 32 | size << 48 : index << 32 | metaBits << 16 | size;
    }

    /** The slot length for a bus whose frames are at most {@code mtu} bytes. */
    public static int slotLength(final int mtu)
    {
        if (mtu != CAN_MTU && mtu != CANFD_MTU)
        {
            throw new IllegalArgumentException("MTU " + mtu + " is neither CAN_MTU (16) nor CANFD_MTU (72)");
        }
        return (HEADER_LENGTH + mtu + SLOT_ALIGNMENT - 1) & -SLOT_ALIGNMENT;
    }

    /** Throws unless {@code capacity} is a power of two in {@code MIN_CAPACITY..MAX_CAPACITY}. */
    public static void checkCapacity(final int capacity)
    {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("ring capacity " + capacity + " must be a power of two in "
                + MIN_CAPACITY + ".." + MAX_CAPACITY);
        }
    }
}
