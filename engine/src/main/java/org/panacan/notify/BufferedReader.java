package org.panacan.notify;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.FrameView;

/**
 * python-can's {@code BufferedReader}: a {@link Listener} that copies every frame into a queue, to be taken from
 * any thread at its own pace. The convenient path: each frame becomes a {@link CanFrame} (one allocation), carrying
 * the name of the interface it came from. For zero allocation, write a {@link Listener} that reads the
 * {@link FrameView} in place.
 *
 * <p>Bounded or not: when a bounded reader is full, new frames are dropped and counted ({@link #dropped()}) rather
 * than stalling the notifier, which would stall every other listener and bus.
 */
public final class BufferedReader implements Listener
{
    private final BlockingQueue<CanFrame> frames;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /** An unbounded reader. */
    public BufferedReader()
    {
        this.frames = new LinkedBlockingQueue<>();
    }

    /** A reader that holds up to {@code capacity} frames. */
    public BufferedReader(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
        }
        this.frames = new LinkedBlockingQueue<>(capacity);
    }

    @Override
    public void onFrame(final CanBus bus, final FrameView frame)
    {
        final CanFrame copy = frame.toFrame().withInterface(frame.interfaceIndex(),
            bus.interfaceName(frame.interfaceIndex()));
        if (!frames.offer(copy))
        {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void onStop()
    {
        stopped.set(true);
    }

    /**
     * The oldest frame, waiting up to {@code timeout} for one ({@code get_message(timeout)}).
     *
     * @return the frame, or {@code null} when none came in time
     */
    public CanFrame poll(final Duration timeout) throws InterruptedException
    {
        return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The oldest frame, or {@code null} when there is none; does not wait. */
    public CanFrame poll()
    {
        return frames.poll();
    }

    /** Moves every buffered frame to {@code target}; returns how many. */
    public int drainTo(final Collection<? super CanFrame> target)
    {
        return frames.drainTo(target);
    }

    /** Frames buffered now. */
    public int size()
    {
        return frames.size();
    }

    /** Frames dropped because the reader was full. */
    public long dropped()
    {
        return dropped.get();
    }

    /** Whether the notifier feeding this reader has stopped (frames already buffered stay readable). */
    public boolean isStopped()
    {
        return stopped.get();
    }
}
