package org.panacan.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

import org.panacan.bindings.gen.iovec;
import org.panacan.bindings.gen.mmsghdr;
import org.panacan.bindings.gen.msghdr;
import org.panacan.bindings.gen.sockaddr_can;

/**
 * A preallocated {@code struct mmsghdr[]} for {@code recvmmsg} / {@code sendmmsg}, after Netty's
 * {@code NativeDatagramPacketArray}: each entry owns one iovec, one control-message area and one
 * {@code sockaddr_can}, all wired up once at construction. A sender points the iovecs at the frames of each batch;
 * a receiver keeps its entries pointed at the same buffers and only {@link #rearm}s the entries a receive used
 * (the kernel overwrote their in/out lengths).
 *
 * <pre>
 *  msgvec   [ mmsghdr 0 | mmsghdr 1 | ... ]  64 B each: msg_hdr (56 B) + msg_len
 *               |  msg_iov ──────► iovecs   [ iovec 0 | iovec 1 | ... ]  16 B each ──► caller's buffer
 *               |  msg_control ──► controls [ 128 B   | 128 B   | ... ]  SCM_TIMESTAMP*, SO_RXQ_OVFL
 *               |  msg_name ─────► names    [ sockaddr_can 0 | ... ]      24 B each (any-interface buses)
 * </pre>
 *
 * Not thread-safe: one owner (the producer role, or the sender holding the transmit lock).
 */
public final class MessageVector
{
    /** Room for SCM_TIMESTAMPING (64) + SO_RXQ_OVFL (24) + SCM_TIMESTAMPNS (32), 8-aligned. */
    public static final int CONTROL_LENGTH = 128;

    /**
     * Layouts of the per-frame field accesses: byte-aligned, because every field is naturally aligned already (the
     * areas are 8-aligned) and the aligned layouts' check costs time on each frame.
     */
    private static final ValueLayout.OfLong FIELD_LONG = JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt FIELD_INT = JAVA_INT_UNALIGNED;
    private static final long MMSGHDR_SIZE = mmsghdr.layout().byteSize();
    private static final long MSG_LEN = mmsghdr.msg_len$offset();
    private static final long HDR = mmsghdr.msg_hdr$offset();
    private static final long NAME = HDR + msghdr.msg_name$offset();
    private static final long NAMELEN = HDR + msghdr.msg_namelen$offset();
    private static final long IOV = HDR + msghdr.msg_iov$offset();
    private static final long IOVLEN = HDR + msghdr.msg_iovlen$offset();
    private static final long CONTROL = HDR + msghdr.msg_control$offset();
    private static final long CONTROLLEN = HDR + msghdr.msg_controllen$offset();
    private static final long FLAGS = HDR + msghdr.msg_flags$offset();
    private static final long IOVEC_SIZE = iovec.layout().byteSize();
    private static final long IOV_BASE = iovec.iov_base$offset();
    private static final long IOV_LEN = iovec.iov_len$offset();
    private static final long SOCKADDR_CAN_SIZE = sockaddr_can.layout().byteSize();
    private static final long CAN_IFINDEX = sockaddr_can.can_ifindex$offset();
    private static final long CAN_FAMILY = sockaddr_can.can_family$offset();

    private final int capacity;
    private final MemorySegment msgvec;
    /** msgvec from entry i on, precomputed so that a partial-batch retry allocates nothing. */
    private final MemorySegment[] tails;
    private final MemorySegment iovecs;
    private final MemorySegment controls;
    private final MemorySegment names;
    private final int controlLength;
    private final int nameLength;

    /**
     * @param arena    owns the memory
     * @param capacity entries (the largest batch)
     * @param control  whether entries receive control messages (timestamps, drop counter)
     * @param names    whether entries carry a {@code sockaddr_can} (receive: the interface; send: the target)
     */
    public MessageVector(final Arena arena, final int capacity, final boolean control, final boolean names)
    {
        this.capacity = capacity;
        this.msgvec = arena.allocate(MMSGHDR_SIZE * capacity, 8);
        this.iovecs = arena.allocate(IOVEC_SIZE * capacity, 8);
        this.controlLength = control ? CONTROL_LENGTH : 0;
        this.controls = control ? arena.allocate((long)CONTROL_LENGTH * capacity, 8) : MemorySegment.NULL;
        this.nameLength = names ? (int)SOCKADDR_CAN_SIZE : 0;
        this.names = names ? arena.allocate(SOCKADDR_CAN_SIZE * capacity, 8) : MemorySegment.NULL;
        this.tails = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++)
        {
            final long entry = MMSGHDR_SIZE * i;
            tails[i] = msgvec.asSlice(entry);
            msgvec.set(ADDRESS, entry + IOV, iovecs.asSlice(IOVEC_SIZE * i, IOVEC_SIZE));
            msgvec.set(JAVA_LONG, entry + IOVLEN, 1L);
            msgvec.set(ADDRESS, entry + CONTROL,
                control ? controls.asSlice((long)CONTROL_LENGTH * i, CONTROL_LENGTH) : MemorySegment.NULL);
            msgvec.set(ADDRESS, entry + NAME, names ? this.names.asSlice(SOCKADDR_CAN_SIZE * i) : MemorySegment.NULL);
            rearm(i);
        }
    }

    public int capacity()
    {
        return capacity;
    }

    /**
     * Points entry {@code index}'s iovec at {@code length} bytes of {@code buffer} from {@code offset}.
     * {@code buffer} must outlive every call that uses the entry.
     */
    public void setBuffer(final int index, final MemorySegment buffer, final long offset, final int length)
    {
        pointAt(index, 1, buffer, offset, length, length);
    }

    /**
     * Points the iovecs of entries {@code [from, from + count)} at consecutive buffers of {@code length} bytes,
     * {@code stride} bytes apart, from {@code offset} in {@code buffer} (a receiver's window of ring slots): one
     * bounds check for them all.
     */
    public void pointAt(final int from, final int count, final MemorySegment buffer, final long offset,
        final long stride, final int length)
    {
        Objects.checkFromToIndex(from, from + count, capacity);
        if (count == 0)
        {
            return;
        }
        Objects.checkFromIndexSize(offset, (count - 1) * stride + length, buffer.byteSize());
        final long base = buffer.address() + offset;
        for (int i = 0; i < count; i++)
        {
            final long iov = IOVEC_SIZE * (from + i);
            iovecs.set(FIELD_LONG, iov + IOV_BASE, base + i * stride); // a raw address: no slice allocated
            iovecs.set(FIELD_LONG, iov + IOV_LEN, length);
        }
    }

    /**
     * Restores the in/out lengths of entry {@code index} ({@code msg_controllen}, {@code msg_namelen}) that a
     * receive into it overwrote, so that it can receive again. Every entry starts armed; sends change nothing.
     */
    public void rearm(final int index)
    {
        final long entry = MMSGHDR_SIZE * index;
        msgvec.set(FIELD_LONG, entry + CONTROLLEN, controlLength);
        if (nameLength != 0) // without a name the kernel leaves msg_namelen alone
        {
            msgvec.set(FIELD_INT, entry + NAMELEN, nameLength);
        }
    }

    /** Sets entry {@code index}'s destination interface (sends on an any-interface socket). */
    public void setInterface(final int index, final int interfaceIndex, final short family)
    {
        final long name = SOCKADDR_CAN_SIZE * index;
        names.set(org.panacan.bindings.gen.LinuxCan.C_SHORT, name + CAN_FAMILY, family);
        names.set(JAVA_INT, name + CAN_IFINDEX, interfaceIndex);
    }

    /** {@code recvmmsg} into entries {@code [0, count)}: frames received, or -1 with errno in callState. */
    public int receive(final MemorySegment callState, final int fd, final int count, final int flags)
    {
        return receive(callState, fd, 0, count, flags);
    }

    /**
     * {@code recvmmsg} into entries {@code [from, from + count)}: frames received, or -1 with errno in callState.
     */
    public int receive(final MemorySegment callState, final int fd, final int from, final int count, final int flags)
    {
        return Syscalls.recvmmsg(callState, fd, tails[from], count, flags);
    }

    /** {@code sendmmsg} of entries {@code [from, from + count)}: messages sent, or -1 with errno in callState. */
    public int send(final MemorySegment callState, final int fd, final int from, final int count, final int flags)
    {
        return Syscalls.sendmmsg(callState, fd, tails[from], count, flags);
    }

    /** The address entry {@code index}'s iovec points at (0 until pointed). */
    public long bufferAddress(final int index)
    {
        return iovecs.get(FIELD_LONG, IOVEC_SIZE * index + IOV_BASE);
    }

    /** The length of entry {@code index}'s iovec. */
    public int bufferLength(final int index)
    {
        return (int)iovecs.get(FIELD_LONG, IOVEC_SIZE * index + IOV_LEN);
    }

    /** Bytes the kernel transferred for entry {@code index} ({@code msg_len}). */
    public int length(final int index)
    {
        return msgvec.get(FIELD_INT, MMSGHDR_SIZE * index + MSG_LEN);
    }

    /** The {@code msg_flags} the kernel returned for entry {@code index} (MSG_CONFIRM, MSG_DONTROUTE …). */
    public int flags(final int index)
    {
        return msgvec.get(FIELD_INT, MMSGHDR_SIZE * index + FLAGS);
    }

    /** The interface entry {@code index} was received on (requires names). */
    public int interfaceIndex(final int index)
    {
        return names.get(FIELD_INT, SOCKADDR_CAN_SIZE * index + CAN_IFINDEX);
    }

    /** The control-message area of every entry ({@link #CONTROL_LENGTH} bytes each). */
    public MemorySegment controls()
    {
        return controls;
    }

    /** Offset of entry {@code index}'s control area in {@link #controls()}. */
    public long controlOffset(final int index)
    {
        return (long)CONTROL_LENGTH * index;
    }

    /** Bytes of control messages the kernel wrote for entry {@code index}. */
    public int controlLength(final int index)
    {
        return (int)msgvec.get(FIELD_LONG, MMSGHDR_SIZE * index + CONTROLLEN);
    }
}
