package org.panacan.ring;

import static org.panacan.ring.FrameRingDescriptor.INTERFACE_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.SLOT_LONG;
import static org.panacan.ring.FrameRingDescriptor.TIMESTAMP_OFFSET;
import static org.panacan.ring.FrameRingDescriptor.checkCapacity;
import static org.panacan.ring.FrameRingDescriptor.headerWord;
import static org.panacan.ring.FrameRingDescriptor.slotLength;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import org.panacan.FrameHandler;
import org.panacan.FrameView;

/**
 * A single-producer, single-consumer ring of fixed-size frame slots in one off-heap segment (layout:
 * {@link FrameRingDescriptor}).
 *
 * <h2>Sequences and invariants</h2>
 * {@code tail} counts slots ever published, {@code head} slots ever consumed; sequence {@code s} lives in slot
 * {@code s & mask}. Always {@code 0 <= tail - head <= capacity}. The producer writes only slots
 * {@code [tail, head + capacity)}, the consumer reads only {@code [head, tail)}; neither index ever decreases.
 *
 * <h2>Happens-before</h2>
 * <ol>
 * <li>The producer fills slots {@code [t, t + n)} with plain stores (the kernel writes the frames during the
 * producer's {@code recvmmsg}, which returns before the next step in program order), then
 * {@code setRelease(tail, t + n)}: <em>one release per batch</em>. The consumer's {@code getAcquire(tail)} that
 * reads {@code t + n} therefore sees the complete slots.</li>
 * <li>The consumer reads slots {@code [h, h + m)}, then {@code setRelease(head, h + m)} once per drained batch. The
 * producer's {@code getAcquire(head)} that reads {@code h + m} orders its later overwrite of those slots after the
 * consumer's reads.</li>
 * <li>Waking a parked consumer is a Dekker handshake: the consumer {@code setVolatile(waiter, self)} then re-reads
 * {@code tail} (volatile); the producer releases {@code tail}, issues a full fence, then reads {@code waiter}. At
 * least one of them sees the other's store, so a publish is never missed. {@link #wakeConsumer()} does the same
 * with {@code wakeSequence} in place of {@code tail}. {@link #commit} is the release without the handshake, for
 * producers whose consumer never parks (it spins or polls) or that end a burst of commits with one
 * {@link #publish(int) publish(0)}.</li>
 * </ol>
 * Plain fields owned by one side ({@code tail} for the producer, {@code head} for the consumer) are read plainly by
 * their owner; the producer keeps a {@code cachedHead} so that it touches the consumer's cache line only when the
 * ring looks full (Agrona's head cache, JCTools' producer limit). Hot indices are padded onto their own cache lines;
 * {@code waiter}, read by the producer on every publish, sits on a line of its own that the consumer writes only when
 * it parks, so that publishing does not pull the line the consumer writes {@code head} to on every drain.
 *
 * <p>"Single producer" means one thread at a time: a producer role handed between threads must be handed over with
 * a happens-before edge (a lock, a thread start or join), as the virtual bus and the receive loop do.
 */
public final class FrameRing extends FrameRingWaiterFields
{
    /**
     * Allocates a ring of {@code capacity} slots for frames up to {@code mtu} bytes in {@code arena}, which owns
     * the memory: the ring is unusable once the arena is closed.
     */
    public FrameRing(final Arena arena, final int capacity, final int mtu)
    {
        super(arena, capacity, mtu);
    }

    /** The segment holding every slot (for the receive vector's iovecs). */
    public MemorySegment slots()
    {
        return slots;
    }

    public int capacity()
    {
        return capacity;
    }

    /** Bytes per slot. */
    public int slotLength()
    {
        return slotLength;
    }

    /** Largest frame a slot holds: {@code CAN_MTU} or {@code CANFD_MTU}. */
    public int mtu()
    {
        return mtu;
    }

    /** Index of the slot that holds sequence {@code sequence}. */
    public int slotIndex(final long sequence)
    {
        return (int)(sequence & mask);
    }

    /** Byte offset of the slot that holds sequence {@code sequence}. */
    public long slotOffset(final long sequence)
    {
        return (sequence & mask) * slotLength;
    }

    // ---------------------------------------------------------------------------------------------- producer side

    /** Producer only: the next sequence to publish. */
    public long tail()
    {
        return tail;
    }

    /**
     * Producer only: writes the header of the slot holding {@code sequence} (two stores; the frame itself is written
     * by the kernel, or copied, at {@link FrameRingDescriptor#FRAME_OFFSET}).
     */
    public void writeHeader(final long sequence, final long timestampNanos, final int interfaceIndex, final int meta,
        final int frameSize)
    {
        writeHeaderAt(slotOffset(sequence), timestampNanos, interfaceIndex, meta, frameSize);
    }

    /**
     * Producer only: {@link #writeHeader} for the slot at byte offset {@code slotOffset}, for a producer that walks
     * a claimed run of slots by offset.
     */
    public void writeHeaderAt(final long slotOffset, final long timestampNanos, final int interfaceIndex,
        final int meta, final int frameSize)
    {
        slots.set(SLOT_LONG, slotOffset + TIMESTAMP_OFFSET, timestampNanos);
        slots.set(SLOT_LONG, slotOffset + INTERFACE_OFFSET, headerWord(interfaceIndex, meta, frameSize));
    }

    /**
     * Producer only: how many slots from {@link #tail()} can be written without wrapping or overwriting unread
     * slots, at most {@code max}. 0 means full.
     */
    public int claimable(final int max)
    {
        final long tail = this.tail;
        final int wanted = Math.min(max, capacity - (int)(tail & mask)); // a claim never wraps
        int free = capacity - (int)(tail - cachedHead);
        if (free < wanted)
        {
            cachedHead = (long)HEAD.getAcquire(this); // orders our overwrite after the consumer's reads
            free = capacity - (int)(tail - cachedHead);
        }
        return Math.min(wanted, free);
    }

    /**
     * Producer only: publishes the next {@code count} slots, which must have been claimed and filled, and wakes the
     * consumer if it is parked in {@link #awaitFrames}. {@code publish(0)} only wakes it, after earlier commits.
     */
    public void publish(final int count)
    {
        commit(count);
        VarHandle.fullFence(); // StoreLoad: read waiter only after the tail is visible (rule 3)
        final Thread parked = (Thread)WAITER.getAcquire(this);
        if (parked != null)
        {
            LockSupport.unpark(parked);
        }
    }

    /**
     * Producer only: publishes the next {@code count} slots with one release and no wake-up: a consumer parked in
     * {@link #awaitFrames} sleeps on until its deadline or a later {@link #publish}.
     */
    public void commit(final int count)
    {
        final long newTail = tail + count;
        TAIL.setRelease(this, newTail); // publishes slots [old tail, newTail)
    }

    // ---------------------------------------------------------------------------------------------- consumer side

    /** Frames published and not yet consumed (exact on the consumer thread, a snapshot elsewhere). */
    public int available()
    {
        return (int)((long)TAIL.getAcquire(this) - (long)HEAD.getAcquire(this));
    }

    /**
     * Consumer only: hands up to {@code limit} frames to {@code handler} through {@code view}, oldest first, and
     * frees their slots with one release. A frame whose handler throws counts as consumed; the exception
     * propagates.
     *
     * @return the number of frames handed out
     */
    public int drain(final FrameView view, final FrameHandler handler, final int limit)
    {
        final long head = this.head;
        final long tail = (long)TAIL.getAcquire(this); // sees every slot published up to tail
        final int count = (int)Math.min(limit, tail - head);
        final int beforeWrap = Math.min(count, capacity - slotIndex(head));
        final long first = slotOffset(head);
        int consumed = 0;
        try
        {
            // Two runs of consecutive slots, up to the end of the segment and on from its start: each offset is a
            // multiple of the slot length, with no sequence masked per frame.
            while (consumed < beforeWrap)
            {
                view.wrap(slots, first + (long)consumed * slotLength);
                consumed++;
                handler.onFrame(view);
            }
            while (consumed < count)
            {
                view.wrap(slots, (long)(consumed - beforeWrap) * slotLength);
                consumed++;
                handler.onFrame(view);
            }
        }
        finally
        {
            if (consumed > 0)
            {
                this.head = head + consumed;
                HEAD.setRelease(this, head + consumed); // frees slots [head, head + consumed) for the producer
            }
        }
        return consumed;
    }

    /** A counter bumped by every {@link #wakeConsumer()}; read it before checking the conditions you wait on. */
    public long wakeSequence()
    {
        return (long)WAKE_SEQUENCE.getVolatile(this);
    }

    /**
     * Consumer only: parks until a frame is available, the deadline ({@link System#nanoTime()}) passes, or
     * {@link #wakeConsumer()} is called after {@link #wakeSequence()} returned {@code wakeSequence}. May return
     * early (spuriously); callers re-check their condition.
     */
    public void awaitFrames(final long deadlineNanos, final long wakeSequence)
    {
        WAITER.setVolatile(this, Thread.currentThread()); // StoreLoad before re-reading tail (rule 3)
        try
        {
            if ((long)TAIL.getVolatile(this) == head && (long)WAKE_SEQUENCE.getVolatile(this) == wakeSequence)
            {
                final long remaining = deadlineNanos - System.nanoTime();
                if (remaining > 0)
                {
                    LockSupport.parkNanos(this, remaining);
                }
            }
        }
        finally
        {
            WAITER.setRelease(this, null); // a stale non-null only costs the producer a spurious unpark
        }
    }

    /** Any thread: wakes a consumer blocked in {@link #awaitFrames} (on stop and close). */
    public void wakeConsumer()
    {
        WAKE_SEQUENCE.getAndAdd(this, 1L);
        final Thread parked = (Thread)WAITER.getVolatile(this);
        if (parked != null)
        {
            LockSupport.unpark(parked);
        }
    }

    /** Consumer only: discards every published frame; returns how many. */
    public int clear()
    {
        final long tail = (long)TAIL.getAcquire(this);
        final int count = (int)(tail - head);
        head = tail;
        HEAD.setRelease(this, tail);
        return count;
    }

    static final VarHandle TAIL;
    static final VarHandle HEAD;
    static final VarHandle WAITER;
    static final VarHandle WAKE_SEQUENCE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(FrameRingProducerFields.class, "tail", long.class);
            HEAD = lookup.findVarHandle(FrameRingConsumerFields.class, "head", long.class);
            WAITER = lookup.findVarHandle(FrameRingWaiterFields.class, "waiter", Thread.class);
            WAKE_SEQUENCE = lookup.findVarHandle(FrameRingWaiterFields.class, "wakeSequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}

/** Read-only after construction, shared by both sides. */
abstract class FrameRingColdFields
{
    final MemorySegment slots;
    final int capacity;
    final long mask;
    final int slotLength;
    final int mtu;

    FrameRingColdFields(final Arena arena, final int capacity, final int mtu)
    {
        checkCapacity(capacity);
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.mtu = mtu;
        this.slotLength = slotLength(mtu);
        this.slots = arena.allocate((long)capacity * slotLength, FrameRingDescriptor.SLOT_ALIGNMENT * 4);
    }
}

/** Keeps the producer's line away from the cold fields (128 bytes: two lines, against adjacent-line prefetch). */
abstract class FrameRingPad1 extends FrameRingColdFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    FrameRingPad1(final Arena arena, final int capacity, final int mtu)
    {
        super(arena, capacity, mtu);
    }
}

/** Written by the producer only. */
abstract class FrameRingProducerFields extends FrameRingPad1
{
    /** Next sequence to publish; released per batch, read plainly by the producer. */
    long tail;
    /** The producer's last acquired view of head. */
    long cachedHead;

    FrameRingProducerFields(final Arena arena, final int capacity, final int mtu)
    {
        super(arena, capacity, mtu);
    }
}

abstract class FrameRingPad2 extends FrameRingProducerFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    FrameRingPad2(final Arena arena, final int capacity, final int mtu)
    {
        super(arena, capacity, mtu);
    }
}

/** Written by the consumer only. */
abstract class FrameRingConsumerFields extends FrameRingPad2
{
    /** Next sequence to consume; released per drained batch, read plainly by the consumer. */
    long head;

    FrameRingConsumerFields(final Arena arena, final int capacity, final int mtu)
    {
        super(arena, capacity, mtu);
    }
}

abstract class FrameRingPad3 extends FrameRingConsumerFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    FrameRingPad3(final Arena arena, final int capacity, final int mtu)
    {
        super(arena, capacity, mtu);
    }
}

/** Written when the consumer parks or someone wakes it; read by the producer on every publish. */
abstract class FrameRingWaiterFields extends FrameRingPad3
{
    /** The consumer while it is parked or about to park in awaitFrames, else null. */
    Thread waiter;
    /** Bumped by wakeConsumer, so that a wake between the caller's checks and the park is not lost. */
    long wakeSequence;

    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    FrameRingWaiterFields(final Arena arena, final int capacity, final int mtu)
    {
        super(arena, capacity, mtu);
    }
}
