package org.panacan.raw;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.panacan.ring.FrameRingDescriptor.CAN_ID_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.DATA_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.FRAME_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.SLOT_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.panacan.BusState;
import org.panacan.FrameFlags;
import org.panacan.OverflowPolicy;
import org.panacan.TimestampSource;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.ring.FrameRing;
import org.panacan.sys.ControlMessages;
import org.panacan.sys.Errno;
import org.panacan.sys.MessageVector;
import org.panacan.sys.Syscalls;

/**
 * The producer side of a SocketCAN bus: one {@code recvmmsg} moves a batch of frames from the socket straight into
 * the next free ring slots (the iovecs point there), then the slot headers are stamped from the per-message
 * metadata and the whole batch is published with one release.
 *
 * <p>Owned by whichever thread holds the bus's producer role (the receive thread, or a consumer reading in
 * invoker mode); counters and the bus state are written with opaque stores so other threads can read them.
 */
final class Receiver
{
    /** {@link #receive} result: the ring is full and the policy is {@link OverflowPolicy#BLOCK}. */
    static final int RING_FULL = -1;

    private static final int MSG_DONTWAIT = LinuxCan.MSG_DONTWAIT();
    /** Block until the first frame (or the socket's SO_RCVTIMEO), then take what else is queued without waiting. */
    private static final int MSG_WAITFORONE = LinuxCan.MSG_WAITFORONE();
    private static final int MSG_CONFIRM = LinuxCan.MSG_CONFIRM();
    private static final int MSG_DONTROUTE = LinuxCan.MSG_DONTROUTE();
    private static final int CAN_ERR_FLAG = LinuxCan.CAN_ERR_FLAG();
    private static final BusState[] STATES = BusState.values();
    /** One-frame blocking reads before a batch read looks for a burst. */
    private static final int SINGLE_READS = 8;

    private final int fd;
    private final FrameRing ring;
    private final MessageVector vector;
    private final MemorySegment discard;
    private final MemorySegment callState;
    private final ControlMessages control = new ControlMessages();
    private final int batchSize;
    private final int mtu;
    private final int boundInterface;
    private final boolean anyInterface;
    private final boolean dropNewest;
    private final short softwareSource;

    /** The ring slot that vector entry 0 points at; entries {@code [0, windowLength)} point at the slots from it. */
    private int windowSlot;
    /** 0 while the entries point elsewhere (the discard buffer, or nowhere yet). */
    private int windowLength;
    private boolean socketDrained;
    /** One-frame blocking reads in a row; see {@link #receiveBlocking()}. */
    private int singleReads;
    private long lastDropCount;
    private long framesRead;
    private long kernelDrops;
    private long ringDrops;
    private long errorFrames;
    private long batches;
    private int state = BusState.ERROR_ACTIVE.ordinal();

    Receiver(final Arena arena, final int fd, final FrameRing ring, final int batchSize, final int boundInterface,
        final OverflowPolicy policy, final boolean timestamps)
    {
        this.fd = fd;
        this.ring = ring;
        this.batchSize = batchSize;
        this.mtu = ring.mtu();
        this.boundInterface = boundInterface;
        this.anyInterface = boundInterface == 0;
        this.dropNewest = policy == OverflowPolicy.DROP_NEWEST;
        this.vector = new MessageVector(arena, batchSize, true, anyInterface);
        this.discard = arena.allocate((long)batchSize * mtu, 8);
        this.callState = Syscalls.newCallState(arena);
        this.softwareSource = (short)(timestamps ? TimestampSource.SOFTWARE : TimestampSource.NONE).ordinal();
    }

    /**
     * Reads one batch without blocking.
     *
     * @return frames read (published, or counted as ring drops), 0 when the socket had none, {@link #RING_FULL},
     *     or {@code -errno} when the socket reported an error (such as {@code -ENETDOWN})
     */
    int receive()
    {
        return receive(MSG_DONTWAIT, batchSize);
    }

    /**
     * Reads one batch, sleeping in the kernel until the first frame arrives or the socket's receive timeout (a
     * slice, see {@link RawSockets}) passes; results as {@link #receive()}, 0 after the slice.
     *
     * <p>When the last receive left the socket empty, the next frame most likely comes alone (a response, a quiet
     * bus), so this asks for one frame: a batch with {@code MSG_WAITFORONE} would, after the first, make the kernel
     * try the next one, and fail, in every call (in the test VM: 2-3 µs, 5-8 % of a C ping-pong round trip).
     * A one-frame read cannot tell whether more are queued, so after {@value #SINGLE_READS} of them in a row a
     * batch read follows, which catches a burst.
     */
    int receiveBlocking()
    {
        if (socketDrained && singleReads < SINGLE_READS)
        {
            singleReads++;
            return receive(0, 1);
        }
        singleReads = 0;
        return receive(MSG_WAITFORONE, batchSize);
    }

    private int receive(final int flags, final int max)
    {
        final long tail = ring.tail();
        final int claimable = ring.claimable(max);
        final boolean discarding = claimable == 0;
        final int entry;
        final int count;
        if (discarding)
        {
            if (!dropNewest)
            {
                return RING_FULL;
            }
            pointAtDiscard();
            entry = 0;
            count = max;
        }
        else
        {
            entry = windowEntry(tail);
            count = Math.min(claimable, windowLength - entry);
        }
        final int received = vector.receive(callState, fd, entry, count, flags);
        socketDrained = received < count || max == 1; // one frame read says nothing of the next
        if (received <= 0)
        {
            final int errno = received == 0 ? Errno.EAGAIN : Syscalls.errno(callState);
            return errno == Errno.EAGAIN || errno == Errno.EINTR ? 0 : -errno;
        }
        stamp(tail, entry, received, discarding);
        FRAMES_READ.setOpaque(this, framesRead + received);
        BATCHES.setOpaque(this, batches + 1);
        if (discarding)
        {
            RING_DROPS.setOpaque(this, ringDrops + received);
        }
        else
        {
            ring.publish(received); // one release for the whole batch
        }
        return received;
    }

    /**
     * The vector entry that points at the slot of sequence {@code tail}. The entries point at consecutive slots
     * and are re-pointed only once the tail has left them, so that a receive rewrites only the entries it used
     * (rearming them) instead of a whole batch of iovecs: a request/response exchange receives one frame at a time.
     */
    private int windowEntry(final long tail)
    {
        final int slot = ring.slotIndex(tail);
        final int entry = slot - windowSlot;
        if (entry >= 0 && entry < windowLength)
        {
            return entry;
        }
        final MemorySegment slots = ring.slots();
        windowSlot = slot;
        windowLength = Math.min(batchSize, ring.capacity() - slot); // a window never wraps
        for (int i = 0; i < windowLength; i++)
        {
            vector.setBuffer(i, slots, ring.slotOffset(slot + i) + FRAME_OFFSET, mtu);
        }
        return 0;
    }

    /** Points the whole batch at the discard buffer (a full ring under DROP_NEWEST). */
    private void pointAtDiscard()
    {
        windowLength = 0;
        for (int i = 0; i < batchSize; i++)
        {
            vector.setBuffer(i, discard, (long)i * mtu, mtu);
        }
    }

    /**
     * Writes each slot's header from the metadata of entries {@code [entry, entry + received)} and rearms them;
     * tracks drops, error frames and the bus state.
     */
    private void stamp(final long tail, final int entry, final int received, final boolean discarding)
    {
        final MemorySegment slots = discarding ? discard : ring.slots();
        for (int i = 0; i < received; i++)
        {
            final int e = entry + i;
            control.parse(vector.controls(), vector.controlOffset(e), vector.controlLength(e));
            if (control.dropCount >= 0)
            {
                noteKernelDrops(control.dropCount);
            }
            final long frame = discarding ? (long)i * mtu : ring.slotOffset(tail + i) + FRAME_OFFSET;
            final int canId = slots.get(SLOT_INT, frame + CAN_ID_OFFSET);
            if ((canId & CAN_ERR_FLAG) != 0)
            {
                noteErrorFrame(canId, slots.get(JAVA_BYTE, frame + DATA_OFFSET + 1));
            }
            if (!discarding)
            {
                ring.writeHeader(tail + i, control.timestampNanos,
                    anyInterface ? vector.interfaceIndex(e) : boundInterface, meta(vector.flags(e)), vector.length(e));
            }
            vector.rearm(e);
        }
    }

    private int meta(final int messageFlags)
    {
        final int source = control.timestampNanos == 0 ? TimestampSource.NONE.ordinal()
            : control.hardwareStamp ? TimestampSource.HARDWARE.ordinal() : softwareSource;
        return source
            | ((messageFlags & MSG_CONFIRM) != 0 ? FrameFlags.ECHO : 0)
            | ((messageFlags & MSG_DONTROUTE) != 0 ? FrameFlags.LOCAL : 0);
    }

    /** SO_RXQ_OVFL carries the socket's cumulative drop count with every frame; count the increase. */
    private void noteKernelDrops(final long dropCount)
    {
        final long increase = (dropCount - lastDropCount) & 0xFFFF_FFFFL; // the kernel counter is a u32
        if (increase != 0)
        {
            lastDropCount = dropCount;
            KERNEL_DROPS.setOpaque(this, kernelDrops + increase);
        }
    }

    private void noteErrorFrame(final int canId, final byte controllerStatus)
    {
        ERROR_FRAMES.setOpaque(this, errorFrames + 1);
        STATE.setOpaque(this, STATES[state].afterErrorFrame(canId, controllerStatus).ordinal());
    }

    /**
     * Whether the last receive most likely left the socket empty: it took fewer frames than it asked for (or none),
     * or it asked for one. Producer role only.
     */
    boolean socketDrained()
    {
        return socketDrained;
    }

    long framesRead()
    {
        return (long)FRAMES_READ.getOpaque(this);
    }

    long kernelDrops()
    {
        return (long)KERNEL_DROPS.getOpaque(this);
    }

    long ringDrops()
    {
        return (long)RING_DROPS.getOpaque(this);
    }

    long errorFrames()
    {
        return (long)ERROR_FRAMES.getOpaque(this);
    }

    long batches()
    {
        return (long)BATCHES.getOpaque(this);
    }

    BusState state()
    {
        return STATES[(int)STATE.getOpaque(this)];
    }

    private static final VarHandle FRAMES_READ;
    private static final VarHandle KERNEL_DROPS;
    private static final VarHandle RING_DROPS;
    private static final VarHandle ERROR_FRAMES;
    private static final VarHandle BATCHES;
    private static final VarHandle STATE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            FRAMES_READ = lookup.findVarHandle(Receiver.class, "framesRead", long.class);
            KERNEL_DROPS = lookup.findVarHandle(Receiver.class, "kernelDrops", long.class);
            RING_DROPS = lookup.findVarHandle(Receiver.class, "ringDrops", long.class);
            ERROR_FRAMES = lookup.findVarHandle(Receiver.class, "errorFrames", long.class);
            BATCHES = lookup.findVarHandle(Receiver.class, "batches", long.class);
            STATE = lookup.findVarHandle(Receiver.class, "state", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
