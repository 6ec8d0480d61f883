package org.panacan.bcm;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.panacan.CanBus;
import org.panacan.CanFrame;

/** Test helpers: collecting frames and measuring their spacing. */
final class Frames
{
    private Frames()
    {
    }

    /** The next {@code count} frames of {@code id} on {@code bus}, failing if they do not come within the wait. */
    static List<CanFrame> receive(final CanBus bus, final int id, final int count, final Duration wait)
        throws Exception
    {
        final List<CanFrame> frames = new ArrayList<>(count);
        final long deadline = System.nanoTime() + wait.toNanos();
        while (frames.size() < count)
        {
            final long remaining = deadline - System.nanoTime();
            final CanFrame frame = remaining > 0 ? bus.recv(Duration.ofNanos(remaining)) : null;
            assertNotNull(frame, "frame " + frames.size() + " of " + count + " arrived within " + wait);
            if (frame.id() == id)
            {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** How many frames of {@code id} arrive within {@code wait}. */
    static int count(final CanBus bus, final int id, final Duration wait) throws Exception
    {
        int count = 0;
        final long deadline = System.nanoTime() + wait.toNanos();
        while (true)
        {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0)
            {
                return count;
            }
            final CanFrame frame = bus.recv(Duration.ofNanos(remaining));
            if (frame != null && frame.id() == id)
            {
                count++;
            }
        }
    }

    /** Now, in ns since the epoch, as the kernel's CLOCK_REALTIME stamps count. */
    static long epochNanos()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * How many frames of {@code id} stamped later than {@code epochNanos} arrive within {@code wait}: frames sent
     * after that moment, whatever the receiver still had queued from before.
     */
    static int countSentAfter(final CanBus bus, final int id, final long epochNanos, final Duration wait)
        throws Exception
    {
        int count = 0;
        final long deadline = System.nanoTime() + wait.toNanos();
        while (true)
        {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0)
            {
                return count;
            }
            final CanFrame frame = bus.recv(Duration.ofNanos(remaining));
            if (frame != null && frame.id() == id && frame.timestampNanos() > epochNanos)
            {
                count++;
            }
        }
    }

    /** Gaps between consecutive receive timestamps, in ns. */
    static long[] intervals(final List<CanFrame> frames)
    {
        final long[] gaps = new long[frames.size() - 1];
        for (int i = 1; i < frames.size(); i++)
        {
            gaps[i - 1] = frames.get(i).timestampNanos() - frames.get(i - 1).timestampNanos();
        }
        return gaps;
    }

    static double meanNanos(final long[] gaps)
    {
        double sum = 0;
        for (final long gap : gaps)
        {
            sum += gap;
        }
        return sum / gaps.length;
    }

    static long maxNanos(final long[] gaps)
    {
        long max = 0;
        for (final long gap : gaps)
        {
            max = Math.max(max, gap);
        }
        return max;
    }
}
