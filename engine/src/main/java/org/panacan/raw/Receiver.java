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
    /** One-frame blocking reads in a row that each returned a frame; see {@link #receiveBlocking()}. */
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
     * A one-frame read cannot tell whether more are queued, so after {@value #SINGLE_READS} of them in a row that
     * each returned a frame, a batch read follows, which catches a burst; a quiet spell restarts the count.
     */
    int receiveBlocking()
    {
        if (socketDrained && singleReads < SINGLE_READS)
        {
            final int received = receive(0, 1);
            singleReads = received > 0 ? singleReads + 1 : 0; // a slice that found the bus quiet starts over
            return received;
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
        if (discarding)
        {
            countDiscarded(received);
        }
        else
        {
            stamp(tail, entry, received);
        }
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
        windowSlot = slot;
        windowLength = Math.min(batchSize, ring.capacity() - slot); // a window never wraps
        vector.pointAt(0, windowLength, ring.slots(), ring.slotOffset(slot) + FRAME_OFFSET, ring.slotLength(), mtu);
        return 0;
    }

    /** Points the whole batch at the discard buffer (a full ring under DROP_NEWEST). */
    private void pointAtDiscard()
    {
        windowLength = 0;
        vector.pointAt(0, batchSize, discard, 0, mtu, mtu);
    }

    /**
     * Writes each slot's header from the metadata of entries {@code [entry, entry + received)} and rearms them;
     * tracks drops, error frames and the bus state. The batch's slots are consecutive (a window never wraps), so
     * each offset is the first plus a multiple of the slot length, with no sequence masked per frame.
     */
    private void stamp(final long tail, final int entry, final int received)
    {
        final MemorySegment slots = ring.slots();
        final MemorySegment controls = vector.controls();
        final long first = ring.slotOffset(tail);
        final long slotLength = ring.slotLength();
        for (int i = 0; i < received; i++)
        {
            final int e = entry + i;
            final long slot = first + i * slotLength;
            noteFrame(slots, slot + FRAME_OFFSET);
            final long controlOffset = vector.controlOffset(e);
            final int controlLength = vector.controlLength(e);
            final long stamp;
            final int source;
            if (ControlMessages.isLoneTimestamp(controls, controlOffset, controlLength)) // the socket never dropped
            {
                stamp = ControlMessages.loneTimestamp(controls, controlOffset);
                source = softwareSource;
            }
            else
            {
                stamp = parseControl(controlOffset, controlLength);
                source = stamp == 0 ? TimestampSource.NONE.ordinal()
                    : control.hardwareStamp ? TimestampSource.HARDWARE.ordinal() : softwareSource;
            }
            ring.writeHeaderAt(slot, stamp, anyInterface ? vector.interfaceIndex(e) : boundInterface,
                source | direction(vector.flags(e)), vector.length(e));
            vector.rearm(e);
        }
    }

    /** What {@link #stamp} does for frames received into the discard buffer: counts them, writes nothing. */
    private void countDiscarded(final int received)
    {
        for (int i = 0; i < received; i++)
        {
            noteFrame(discard, (long)i * mtu);
            parseControl(vector.controlOffset(i), vector.controlLength(i));
            vector.rearm(i);
        }
    }

    /** The full control-message walk: the stamp it found (0 for none); counts the drops it reports. */
    private long parseControl(final long offset, final int length)
    {
        control.parse(vector.controls(), offset, length);
        if (control.dropCount >= 0)
        {
            noteKernelDrops(control.dropCount);
        }
        return control.timestampNanos;
    }

    /** Counts an error frame at {@code frame} and follows the bus state it reports. */
    private void noteFrame(final MemorySegment frames, final long frame)
    {
        final int canId = frames.get(SLOT_INT, frame + CAN_ID_OFFSET);
        if ((canId & CAN_ERR_FLAG) != 0)
        {
            noteErrorFrame(canId, frames.get(JAVA_BYTE, frame + DATA_OFFSET + 1));
        }
    }

    /** {@code FrameFlags} of the direction the kernel reported in {@code msg_flags}. */
    private static int direction(final int messageFlags)
    {
        return ((messageFlags & MSG_CONFIRM) != 0 ? FrameFlags.ECHO : 0)
            | ((messageFlags & MSG_DONTROUTE) != 0 ? FrameFlags.LOCAL : 0);
    }

    /** SO_RXQ_OVFL carries the socket's cumulative drop count (on every frame once it is not 0); count the increase. */
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
