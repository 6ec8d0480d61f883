package org.panacan.bcm;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.CanException;
import org.panacan.ReadableFrame;
import org.panacan.TimestampSource;

/**
 * What kernel and software watches share: turning changes and timeouts into {@link WatchEvent}s and handing them to
 * the listener or the poll queue.
 *
 * <h2>Threads</h2>
 * One event thread produces (the BCM thread, or the virtual bus's monitor thread); one consumer at a time polls.
 * Producing happens under {@link #delivery}, which {@link #deactivate()} also takes: once a watch is inactive, no
 * event is produced and no listener call is in progress.
 *
 * <h2>Poll queue</h2>
 * A single-producer single-consumer ring of preallocated events. The producer fills {@code slots[tail]} and
 * releases {@code tail}; the consumer acquires {@code tail}, reads, and releases {@code head}; the producer acquires
 * {@code head} before reusing a slot. A full queue drops the newest event and counts it. Waking a parked consumer is
 * the Dekker handshake of the frame ring: the consumer publishes itself in {@code waiter} (volatile) then re-reads
 * {@code tail} (volatile); the producer releases {@code tail}, fences, then reads {@code waiter}.
 */
abstract class WatchBase implements Watch
{
    final BcmSession session;
    final int id;
    final WatchOptions options;
    final long key;
    private final WatchListener listener;
    private final WatchEvent pushed;
    private final WatchEvent[] slots;
    private final int mask;
    private final ReentrantLock delivery = new ReentrantLock();
    private final ReentrantLock consumer = new ReentrantLock();
    /** Producer-only: a TIMEOUT was reported and no frame has come since. */
    private boolean silent;
    private boolean active = true;
    private long head;
    private long tail;
    private long dropped;
    private Thread waiter;

    WatchBase(final BcmSession session, final int id, final WatchOptions options, final long key,
        final WatchListener listener)
    {
        this.session = session;
        this.id = id;
        this.options = options;
        this.key = key;
        this.listener = listener;
        this.pushed = listener != null ? new WatchEvent() : null;
        final int capacity = listener != null ? 0 : Integer.highestOneBit(options.eventCapacity() * 2 - 1);
        this.slots = new WatchEvent[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new WatchEvent();
        }
        this.mask = capacity - 1;
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public WatchOptions options()
    {
        return options;
    }

    @Override
    public boolean isActive()
    {
        return (boolean)ACTIVE.getAcquire(this);
    }

    /** Ends event delivery: waits for a delivery in progress. Returns whether this call ended it. */
    final boolean deactivate()
    {
        delivery.lock();
        try
        {
            if (!isActive())
            {
                return false;
            }
            ACTIVE.setRelease(this, false);
        }
        finally
        {
            delivery.unlock();
        }
        wakeConsumer();
        return true;
    }

    // ------------------------------------------------------------------------------------------------ producer

    /** A frame changed (or came first, or came back) in native memory: a kernel RX_CHANGED. Event thread. */
    final void changed(final long timestampNanos, final TimestampSource source, final int frameId, final int flags,
        final int length, final int len8Dlc, final int interfaceIndex, final MemorySegment payload,
        final long payloadOffset)
    {
        delivery.lock();
        try
        {
            final WatchEvent event = claim();
            if (event != null)
            {
                event.setFrame(changeKind(), this, timestampNanos, source, frameId, flags, length, len8Dlc,
                    interfaceIndex, payload, payloadOffset);
                publish(event);
            }
        }
        finally
        {
            delivery.unlock();
        }
    }

    /** A frame changed (or came first, or came back): the software twin's RX_CHANGED. Event thread. */
    final void changed(final ReadableFrame frame)
    {
        delivery.lock();
        try
        {
            final WatchEvent event = claim();
            if (event != null)
            {
                event.setFrame(changeKind(), this, frame);
                publish(event);
            }
        }
        finally
        {
            delivery.unlock();
        }
    }

    /** The id went silent. Event thread. */
    final void timedOut(final long timestampNanos, final TimestampSource source)
    {
        delivery.lock();
        try
        {
            final WatchEvent event = claim();
            silent = true;
            if (event != null)
            {
                event.setTimeout(this, timestampNanos, source);
                publish(event);
            }
        }
        finally
        {
            delivery.unlock();
        }
    }

    private WatchEvent.Kind changeKind()
    {
        final WatchEvent.Kind kind = silent ? WatchEvent.Kind.RESUMED : WatchEvent.Kind.CHANGED;
        silent = false;
        return kind;
    }

    /** The event to fill, or null when inactive or the queue is full. */
    private WatchEvent claim()
    {
        if (!isActive())
        {
            return null;
        }
        if (listener != null)
        {
            return pushed;
        }
        if (tail - (long)HEAD.getAcquire(this) > mask)
        {
            DROPPED.setOpaque(this, dropped + 1);
            return null;
        }
        return slots[(int)tail & mask];
    }

    private void publish(final WatchEvent event)
    {
        if (listener != null)
        {
            try
            {
                listener.onEvent(event);
            }
            catch (final RuntimeException | Error ex)
            {
                PeriodicTaskBase.uncaught(ex);
            }
            return;
        }
        TAIL.setRelease(this, tail + 1);
        VarHandle.fullFence();
        final Thread parked = (Thread)WAITER.getVolatile(this);
        if (parked != null)
        {
            LockSupport.unpark(parked);
        }
    }

    private void wakeConsumer()
    {
        final Thread parked = (Thread)WAITER.getVolatile(this);
        if (parked != null)
        {
            LockSupport.unpark(parked);
        }
    }

    // ------------------------------------------------------------------------------------------------ consumer

    @Override
    public int poll(final WatchListener handler, final int limit, final long timeoutNanos)
        throws InterruptedException
    {
        if (listener != null)
        {
            throw new IllegalStateException("this watch pushes its events to a listener; poll a watch opened "
                + "without one");
        }
        if (limit < 1)
        {
            throw new IllegalArgumentException("limit " + limit + " must be positive");
        }
        consumer.lock();
        try
        {
            final long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
            while (true)
            {
                final long available = (long)TAIL.getAcquire(this) - head;
                if (available > 0)
                {
                    return handOver(handler, (int)Math.min(available, limit));
                }
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !isActive())
                {
                    return 0;
                }
                WAITER.setVolatile(this, Thread.currentThread());
                if ((long)TAIL.getVolatile(this) == head && isActive())
                {
                    LockSupport.parkNanos(this, remaining);
                }
                WAITER.setVolatile(this, null);
                if (Thread.interrupted())
                {
                    throw new InterruptedException();
                }
            }
        }
        finally
        {
            consumer.unlock();
        }
    }

    private int handOver(final WatchListener handler, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            try
            {
                handler.onEvent(slots[(int)head & mask]);
            }
            finally
            {
                head++;
                HEAD.setRelease(this, head);
            }
        }
        return count;
    }

    @Override
    public WatchEvent next(final Duration timeout) throws InterruptedException
    {
        final WatchEvent[] copy = new WatchEvent[1];
        return poll(event -> copy[0] = event.copy(), 1, timeout.toNanos()) == 1 ? copy[0] : null;
    }

    @Override
    public long droppedEvents()
    {
        return (long)DROPPED.getOpaque(this);
    }

    @Override
    public final void unwatch() throws CanException
    {
        if (deactivate())
        {
            try
            {
                release();
            }
            finally
            {
                session.forget(this);
            }
        }
    }

    /** Removes the subscription from the kernel or the software monitor; the watch is inactive already. */
    abstract void release() throws CanException;

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "[" + String.format(options.extended() ? "%08X" : "%03X", id) + " "
            + options + (isActive() ? "" : ", ended") + "]";
    }

    private static final VarHandle ACTIVE;
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle DROPPED;
    private static final VarHandle WAITER;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ACTIVE = lookup.findVarHandle(WatchBase.class, "active", boolean.class);
            HEAD = lookup.findVarHandle(WatchBase.class, "head", long.class);
            TAIL = lookup.findVarHandle(WatchBase.class, "tail", long.class);
            DROPPED = lookup.findVarHandle(WatchBase.class, "dropped", long.class);
            WAITER = lookup.findVarHandle(WatchBase.class, "waiter", Thread.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
