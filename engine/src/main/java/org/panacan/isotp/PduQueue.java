package org.panacan.isotp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * The receive queue of an ISO-TP channel: a single-producer, single-consumer ring of bytes holding length-prefixed
 * records, either a whole PDU or a receive failure, in the order they happened. Bounded: a record that finds no
 * room is dropped and counted, as the kernel drops a PDU that finds its socket buffer full. No allocation.
 *
 * <h2>Layout</h2>
 * Records start 4-aligned with an int header: a PDU's length (&ge; 0), {@link #WRAP} (the rest of the lap is
 * unused, continue at offset 0), or {@code -2 - ordinal} of an {@link IsoTpError} followed by two detail ints.
 *
 * <h2>Happens-before</h2>
 * The producer writes a record with plain stores, then {@code setRelease(tail)}; the consumer's
 * {@code getAcquire(tail)} sees the whole record. The consumer reads, then {@code setRelease(head)}; the producer's
 * {@code getAcquire(head)} orders its overwrite after those reads. Waking a parked consumer is the Dekker handshake
 * of {@code FrameRing}: the consumer publishes itself as waiter (volatile) then re-reads tail and the wake
 * sequence (volatile); the producer releases tail, fences, then reads the waiter. "Single" producer and consumer
 * mean one thread at a time, handed over with a happens-before edge (the channel's locks, thread start and join).
 */
public final class PduQueue
{
    /** {@link #peek()}: nothing queued. */
    public static final int EMPTY = Integer.MIN_VALUE;
    private static final int WRAP = -1;
    private static final int HEADER = 4;
    private static final int ERROR_RECORD = HEADER + 8;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final byte[] buffer;
    private final int capacity;
    private final int mask;

    private long tail;
    private long recordStart;
    private long cachedHead;
    private long drops;
    private long head;
    private Thread waiter;
    private long wakeSequence;

    /** A queue of at least {@code minCapacity} bytes (rounded up to a power of two, at least 64). */
    public PduQueue(final int minCapacity)
    {
        int capacity = 64;
        while (capacity < minCapacity)
        {
            capacity <<= 1;
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.buffer = new byte[capacity];
    }

    /** The capacity in bytes. */
    public int capacity()
    {
        return capacity;
    }

    // ------------------------------------------------------------------------------------------------- producer

    /** Producer: queues a PDU from a byte array; {@code false} (counted as a drop) when it does not fit. */
    public boolean offer(final byte[] src, final int offset, final int length)
    {
        final int position = reserve(HEADER + length);
        if (position < 0)
        {
            return false;
        }
        INT.set(buffer, position, length);
        System.arraycopy(src, offset, buffer, position + HEADER, length);
        publish(HEADER + length);
        return true;
    }

    /** Producer: queues a PDU from native or heap memory. */
    public boolean offer(final MemorySegment src, final long offset, final int length)
    {
        final int position = reserve(HEADER + length);
        if (position < 0)
        {
            return false;
        }
        INT.set(buffer, position, length);
        MemorySegment.copy(src, JAVA_BYTE, offset, buffer, position + HEADER, length);
        publish(HEADER + length);
        return true;
    }

    /** Producer: queues a receive failure with two details (their meaning depends on the error). */
    public boolean offerError(final IsoTpError error, final int detail0, final int detail1)
    {
        final int position = reserve(ERROR_RECORD);
        if (position < 0)
        {
            return false;
        }
        INT.set(buffer, position, -2 - error.ordinal());
        INT.set(buffer, position + HEADER, detail0);
        INT.set(buffer, position + HEADER + 4, detail1);
        publish(ERROR_RECORD);
        return true;
    }

    /** Records dropped for want of room. Any thread (a snapshot). */
    public long drops()
    {
        return (long)DROPS.getOpaque(this);
    }

    /**
     * Finds room for a record of {@code length} bytes, writing a wrap marker when it must start the next lap; the
     * returned position is valid until {@link #publish}. -1 when there is no room.
     */
    private int reserve(final int length)
    {
        final int recordLength = align(length);
        long start = tail;
        final int position = (int)(start & mask);
        final int toEnd = capacity - position;
        final long needed = recordLength <= toEnd ? recordLength : (long)toEnd + recordLength;
        if (recordLength > capacity || !hasRoom(needed))
        {
            DROPS.setOpaque(this, drops + 1);
            return -1;
        }
        if (recordLength > toEnd)
        {
            INT.set(buffer, position, WRAP); // toEnd >= 4: every record is 4-aligned
            start += toEnd;
        }
        recordStart = start; // tail itself moves only in publish, with release
        return (int)(start & mask);
    }

    private boolean hasRoom(final long needed)
    {
        if (capacity - (tail - cachedHead) >= needed)
        {
            return true;
        }
        cachedHead = (long)HEAD.getAcquire(this); // orders our overwrite after the consumer's reads
        return capacity - (tail - cachedHead) >= needed;
    }

    private void publish(final int length)
    {
        TAIL.setRelease(this, recordStart + align(length));
        VarHandle.fullFence(); // StoreLoad: read the waiter only after the tail is visible
        final Thread parked = (Thread)WAITER.getAcquire(this);
        if (parked != null)
        {
            LockSupport.unpark(parked);
        }
    }

    private static int align(final int length)
    {
        return (length + 3) & ~3;
    }

    // ------------------------------------------------------------------------------------------------- consumer

    /**
     * Consumer: the header of the next record without taking it: a PDU's length (&ge; 0), a failure
     * ({@link #isError}), or {@link #EMPTY}.
     */
    public int peek()
    {
        while (true)
        {
            final long head = this.head;
            if (head == (long)TAIL.getAcquire(this))
            {
                return EMPTY;
            }
            final int position = (int)(head & mask);
            final int header = (int)INT.get(buffer, position);
            if (header != WRAP)
            {
                return header;
            }
            advance(capacity - position);
        }
    }

    /** Whether a header from {@link #peek()} is a failure record. */
    public static boolean isError(final int header)
    {
        return header < WRAP && header != EMPTY;
    }

    /** The failure a header from {@link #peek()} stands for. */
    public static IsoTpError error(final int header)
    {
        return IsoTpError.of(-2 - header);
    }

    /** Consumer: detail {@code index} (0 or 1) of the failure record {@link #peek()} returned. */
    public int detail(final int index)
    {
        peek();
        return (int)INT.get(buffer, (int)(head & mask) + HEADER + 4 * index);
    }

    /** Consumer: copies the PDU {@link #peek()} announced into {@code dst} and removes it; returns its length. */
    public int take(final byte[] dst, final int offset)
    {
        peek(); // steps over a wrap marker at the head
        final int position = (int)(head & mask);
        final int length = (int)INT.get(buffer, position);
        System.arraycopy(buffer, position + HEADER, dst, offset, length);
        advance(align(HEADER + length));
        return length;
    }

    /** Consumer: removes the record {@link #peek()} announced without reading it. */
    public void skip()
    {
        peek();
        final int header = (int)INT.get(buffer, (int)(head & mask));
        advance(header >= 0 ? align(HEADER + header) : ERROR_RECORD);
    }

    /** Consumer: discards everything queued; returns the number of bytes freed. */
    public long clear()
    {
        final long tail = (long)TAIL.getAcquire(this);
        final long freed = tail - head;
        head = tail;
        HEAD.setRelease(this, tail);
        return freed;
    }

    /** Whether nothing is queued (a snapshot on threads other than the consumer). */
    public boolean isEmpty()
    {
        return (long)TAIL.getAcquire(this) == (long)HEAD.getAcquire(this);
    }

    private void advance(final int length)
    {
        head += length;
        HEAD.setRelease(this, head);
    }

    /** A counter bumped by {@link #wake()}: read it before checking the conditions a wait depends on. */
    public long wakeSequence()
    {
        return (long)WAKE_SEQUENCE.getVolatile(this);
    }

    /**
     * Parks until a record is queued, the deadline ({@link System#nanoTime()}) passes, or {@link #wake()} is called
     * after {@link #wakeSequence()} returned {@code wakeSequence}. May return early. One waiting thread at a time;
     * it need not hold the consumer role while it waits.
     */
    public void await(final long deadlineNanos, final long wakeSequence)
    {
        WAITER.setVolatile(this, Thread.currentThread());
        try
        {
            if ((long)TAIL.getVolatile(this) == (long)HEAD.getVolatile(this)
                && (long)WAKE_SEQUENCE.getVolatile(this) == wakeSequence)
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
            WAITER.setRelease(this, null);
        }
    }

    /** Any thread: makes a parked or about-to-park consumer return (stop, close, a pending failure). */
    public void wake()
    {
        WAKE_SEQUENCE.getAndAdd(this, 1L);
        final Thread parked = (Thread)WAITER.getVolatile(this);
        if (parked != null)
        {
            LockSupport.unpark(parked);
        }
    }

    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle DROPS;
    private static final VarHandle WAITER;
    private static final VarHandle WAKE_SEQUENCE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(PduQueue.class, "tail", long.class);
            HEAD = lookup.findVarHandle(PduQueue.class, "head", long.class);
            DROPS = lookup.findVarHandle(PduQueue.class, "drops", long.class);
            WAITER = lookup.findVarHandle(PduQueue.class, "waiter", Thread.class);
            WAKE_SEQUENCE = lookup.findVarHandle(PduQueue.class, "wakeSequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
