package org.panacan.bcm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.panacan.CanFrame;
import org.panacan.sys.BcmMessage;

/**
 * A periodic task's request, checked completely before anything reaches the kernel or a scheduler: the frames
 * (1..256, all CAN FD or all classic, no error frames, FD only on an FD bus), the period and the count that the
 * options' count or duration come to.
 *
 * @param frames         the frames, copied
 * @param fd             whether they are CAN FD frames ({@code CAN_FD_FRAME})
 * @param period         the period
 * @param periodMicros   the period in microseconds
 * @param count          frames sent at {@code period} before the task ends or switches, 0 for unlimited
 * @param thenMicros     the period after the count, 0 when the task ends then
 * @param delayed        whether the first frame waits one period
 */
record PeriodicPlan(CanFrame[] frames, boolean fd, Duration period, long periodMicros, long count, long thenMicros,
    boolean delayed)
{
    /** Checks the request; throws {@link IllegalArgumentException} naming the first problem. */
    static PeriodicPlan of(final List<CanFrame> frames, final Duration period, final PeriodicOptions options,
        final boolean busFd, final String busName)
    {
        Objects.requireNonNull(options, "options");
        final CanFrame[] copy = checkFrames(frames, busFd, busName);
        final long periodMicros = Intervals.checkMicros(period, "period");
        long count = options.count();
        if (options.duration() != null)
        {
            count = options.duration().toNanos() / (periodMicros * 1_000L);
            if (count < 1)
            {
                throw new IllegalArgumentException("duration " + options.duration() + " is shorter than the period "
                    + period);
            }
            count = Math.min(count, PeriodicOptions.MAX_COUNT);
        }
        long thenMicros = 0;
        if (options.thenPeriod() != null)
        {
            if (count == 0)
            {
                throw new IllegalArgumentException("a then-period needs a count or a duration to follow");
            }
            thenMicros = Intervals.checkMicros(options.thenPeriod(), "then-period");
        }
        return new PeriodicPlan(copy, copy[0].isFd(), period, periodMicros, count, thenMicros,
            options.firstFrameDelayed());
    }

    /** Checks replacement frames for {@code modifyData}: same number, same kind. */
    CanFrame[] checkReplacement(final List<CanFrame> replacement, final boolean busFd, final String busName)
    {
        final CanFrame[] copy = checkFrames(replacement, busFd, busName);
        if (copy.length != frames.length)
        {
            throw new IllegalArgumentException("the task sends " + frames.length + " frames; modifyData got "
                + copy.length + " (the frame count of a task is fixed)");
        }
        if (copy[0].isFd() != fd)
        {
            throw new IllegalArgumentException("the task sends " + (fd ? "CAN FD" : "classic CAN")
                + " frames; modifyData got " + (fd ? "classic CAN" : "CAN FD") + " frames");
        }
        return copy;
    }

    private static CanFrame[] checkFrames(final List<CanFrame> frames, final boolean busFd, final String busName)
    {
        Objects.requireNonNull(frames, "frames");
        if (frames.isEmpty())
        {
            throw new IllegalArgumentException("a periodic task needs at least one frame");
        }
        if (frames.size() > BcmMessage.MAX_FRAMES)
        {
            throw new IllegalArgumentException(frames.size() + " frames exceed the Broadcast Manager's limit of "
                + BcmMessage.MAX_FRAMES + " per task");
        }
        final CanFrame[] copy = frames.toArray(new CanFrame[0]);
        final boolean fd = Objects.requireNonNull(copy[0], "frame 0").isFd();
        for (int i = 0; i < copy.length; i++)
        {
            final CanFrame frame = Objects.requireNonNull(copy[i], "frame " + i);
            if (frame.isError())
            {
                throw new IllegalArgumentException("frame " + i + " is an error frame; error frames are received, "
                    + "not sent");
            }
            if (frame.isFd() != fd)
            {
                throw new IllegalArgumentException("frame " + i + " is " + (frame.isFd() ? "CAN FD" : "classic CAN")
                    + " but frame 0 is " + (fd ? "CAN FD" : "classic CAN") + "; a task sends one kind of frame");
            }
        }
        if (fd && !busFd)
        {
            throw new IllegalArgumentException("CAN FD frames on classic CAN bus '" + busName
                + "' (open it with BusConfig.fd(true))");
        }
        return copy;
    }

    /** The BCM flags every TX_SETUP of this task carries. */
    int baseFlags()
    {
        return (fd ? BcmMessage.CAN_FD_FRAME : 0) | (count > 0 ? BcmMessage.TX_COUNTEVT : 0);
    }

    /** {@code ival1}: the period while counting, else 0. */
    long ival1Micros()
    {
        return count > 0 ? periodMicros : 0;
    }

    /** {@code ival2}: the period of an unlimited task, or the then-period, or 0. */
    long ival2Micros()
    {
        return count > 0 ? thenMicros : periodMicros;
    }
}
