package org.panacan.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.panacan.BusClosedException;
import org.panacan.CanException;
import org.panacan.CanFrame;
import org.panacan.FrameHandler;
import org.panacan.FrameView;

/**
 * The consumer side of a bus: {@code recv}, {@code poll}, {@code drain} and the frame stream over a
 * {@link FrameRing}. One thread at a time consumes (the lock serialises callers; uncontended it costs two CAS per
 * call, not per frame). When no background producer fills the ring, the consumer asks the {@link Source} to read
 * the socket itself: invoker mode, the lowest-latency path.
 */
public final class RingConsumer
{
    /** Where frames come from, as seen by the consumer. */
    public interface Source
    {
        /** Whether a background thread keeps the ring filled, so the consumer only waits on the ring. */
        boolean producesInBackground();

        /**
         * Invoker mode: moves frames the socket already holds into the ring; when there were none, waits until
         * some arrive or the deadline ({@link System#nanoTime()}) passes, then tries once more. May return 0 early.
         *
         * @param deadlineNanos  when to stop waiting
         * @param remainingNanos the wait left, {@code deadlineNanos} less the caller's clock reading (the caller has
         *                       just read the clock: one reading per wait, not two); 0 or less: do not wait
         * @return frames published
         */
        int fill(long deadlineNanos, long remainingNanos) throws CanException;

        /** Throws {@link BusClosedException} once the bus is closed, or a pending socket error (once). */
        void ensureOpen() throws CanException;
    }

    private final FrameRing ring;
    private final Source source;
    private final FrameView view = new FrameView();
    private final ReentrantLock lock = new ReentrantLock();
    private final CopyingHandler copier = new CopyingHandler();
    private long delivered;

    public RingConsumer(final FrameRing ring, final Source source)
    {
        this.ring = ring;
        this.source = source;
    }

    /** Hands frames already available (reading the socket once in invoker mode), without waiting. */
    public int drain(final FrameHandler handler, final int limit) throws CanException
    {
        checkLimit(limit);
        lock.lock();
        try
        {
            source.ensureOpen();
            int count = ring.drain(view, handler, limit);
            if (count == 0 && !source.producesInBackground() && source.fill(0, 0) > 0)
            {
                count = ring.drain(view, handler, limit);
            }
            return delivered(count);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutNanos} for frames, then hands up to {@code limit} to {@code handler}. */
    public int poll(final FrameHandler handler, final int limit, final long timeoutNanos) throws CanException
    {
        checkLimit(limit);
        lock.lock();
        try
        {
            long deadline = 0;
            while (true)
            {
                final long wake = ring.wakeSequence(); // before the checks, so a wake after them is seen
                source.ensureOpen();
                final int count = ring.drain(view, handler, limit);
                if (count > 0)
                {
                    return delivered(count);
                }
                final long now = System.nanoTime();
                if (deadline == 0)
                {
                    deadline = now + Math.max(0, timeoutNanos);
                }
                else if (now - deadline >= 0)
                {
                    return 0;
                }
                if (source.producesInBackground())
                {
                    ring.awaitFrames(deadline, wake);
                }
                else if (source.fill(deadline, deadline - now) > 0)
                {
                    final int read = ring.drain(view, handler, limit); // the frames just read, without re-checks
                    if (read > 0)
                    {
                        return delivered(read);
                    }
                }
                else if (System.nanoTime() - deadline >= 0)
                {
                    source.ensureOpen();
                    return 0;
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** One frame as a copy, or {@code null} on timeout. */
    public CanFrame recv(final Duration timeout) throws CanException
    {
        final long nanos = timeout.compareTo(MAX_WAIT) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
        copier.frame = null;
        poll(copier, 1, nanos);
        final CanFrame frame = copier.frame;
        copier.frame = null;
        return frame;
    }

    /** A blocking stream of copies that ends when the bus closes. */
    public Stream<CanFrame> stream()
    {
        final Spliterator<CanFrame> frames = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
            Spliterator.ORDERED | Spliterator.NONNULL)
        {
            @Override
            public boolean tryAdvance(final Consumer<? super CanFrame> action)
            {
                while (true)
                {
                    try
                    {
                        final CanFrame frame = recv(STREAM_POLL);
                        if (frame != null)
                        {
                            action.accept(frame);
                            return true;
                        }
                    }
                    catch (final BusClosedException closed)
                    {
                        return false;
                    }
                    catch (final CanException ex)
                    {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }
            }
        };
        return StreamSupport.stream(frames, false);
    }

    /** Frames handed to the application so far. Any thread. */
    public long delivered()
    {
        return (long)DELIVERED.getOpaque(this);
    }

    /** Wakes a consumer parked on the ring (stop, close), then waits until no consumer is inside. */
    public void closeAndAwait()
    {
        ring.wakeConsumer();
        lock.lock();
        lock.unlock();
    }

    /** Wakes a consumer parked on the ring so that it re-reads the mode (start, stop). */
    public void wake()
    {
        ring.wakeConsumer();
    }

    private int delivered(final int count)
    {
        if (count > 0)
        {
            DELIVERED.setOpaque(this, delivered + count);
        }
        return count;
    }

    private static void checkLimit(final int limit)
    {
        if (limit < 1)
        {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
    }

    private static final Duration MAX_WAIT = Duration.ofDays(365);
    private static final Duration STREAM_POLL = Duration.ofMillis(TimeUnit.SECONDS.toMillis(1));
    private static final VarHandle DELIVERED;

    static
    {
        try
        {
            DELIVERED = MethodHandles.lookup().findVarHandle(RingConsumer.class, "delivered", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Keeps a copy of the one frame {@code recv} asks for. */
    private static final class CopyingHandler implements FrameHandler
    {
        CanFrame frame;

        @Override
        public void onFrame(final FrameView view)
        {
            frame = view.toFrame();
        }
    }
}
