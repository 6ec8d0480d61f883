package org.panacan.bcm;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PeriodicTask} runs, beyond its frames and period. Immutable: every {@code with}-style method returns
 * a copy, so a constant can be shared. Start from {@link #defaults()}: unlimited, first frame at once, kernel
 * scheduled where the bus has a kernel.
 *
 * <p>A task either runs until stopped, or for a {@link #count(long) count} of frames (or a {@link #duration(Duration)
 * duration}, which is the count that fits in it) and then ends, or goes on at a {@link #thenPeriod(Duration) second
 * period}: the Broadcast Manager's {@code count × ival1, then ival2}.
 */
public final class PeriodicOptions
{
    /** The largest count a {@code bcm_msg_head} holds ({@code __u32}). */
    public static final long MAX_COUNT = 0xFFFF_FFFFL;

    private static final PeriodicOptions DEFAULTS = new PeriodicOptions(0, null, null, false, null, null, false);

    private final long count;
    private final Duration duration;
    private final Duration thenPeriod;
    private final boolean firstFrameDelayed;
    private final PeriodicListener listener;
    private final PayloadModifier modifier;
    private final boolean softwareScheduled;

    private PeriodicOptions(final long count, final Duration duration, final Duration thenPeriod,
        final boolean firstFrameDelayed, final PeriodicListener listener, final PayloadModifier modifier,
        final boolean softwareScheduled)
    {
        this.count = count;
        this.duration = duration;
        this.thenPeriod = thenPeriod;
        this.firstFrameDelayed = firstFrameDelayed;
        this.listener = listener;
        this.modifier = modifier;
        this.softwareScheduled = softwareScheduled;
    }

    /** Unlimited, first frame at once, no listener, kernel scheduled where possible. */
    public static PeriodicOptions defaults()
    {
        return DEFAULTS;
    }

    /** Sends {@code count} frames (1..{@value #MAX_COUNT}), then ends or goes on at {@link #thenPeriod()}. */
    public PeriodicOptions count(final long count)
    {
        if (count < 1 || count > MAX_COUNT)
        {
            throw new IllegalArgumentException("count " + count + " is outside 1.." + MAX_COUNT);
        }
        if (duration != null)
        {
            throw new IllegalArgumentException("a duration (" + duration + ") is set already; set a count or a "
                + "duration, not both");
        }
        return new PeriodicOptions(count, null, thenPeriod, firstFrameDelayed, listener, modifier, softwareScheduled);
    }

    /**
     * Runs for {@code duration}, as python-can's {@code duration}: the task sends the frames that fit
     * ({@code duration / period}, at least one period's worth), then ends or goes on at {@link #thenPeriod()}.
     */
    public PeriodicOptions duration(final Duration duration)
    {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero())
        {
            throw new IllegalArgumentException("duration " + duration + " must be positive");
        }
        if (count != 0)
        {
            throw new IllegalArgumentException("a count (" + count + ") is set already; set a count or a duration, "
                + "not both");
        }
        return new PeriodicOptions(0, duration, thenPeriod, firstFrameDelayed, listener, modifier, softwareScheduled);
    }

    /** After the count or duration, goes on sending at this period instead of ending ({@code ival2}). */
    public PeriodicOptions thenPeriod(final Duration thenPeriod)
    {
        Intervals.checkMicros(thenPeriod, "then-period");
        return new PeriodicOptions(count, duration, thenPeriod, firstFrameDelayed, listener, modifier,
            softwareScheduled);
    }

    /**
     * With {@code true} the first frame goes out one period after the start instead of at once. The kernel always
     * sends the first frame when it starts a timer ({@code STARTTIMER} implies {@code TX_ANNOUNCE}), so a kernel task
     * is handed to the kernel one period late, timed by the bus's BCM thread; the cycle from then on is the kernel's.
     */
    public PeriodicOptions firstFrameDelayed(final boolean firstFrameDelayed)
    {
        return new PeriodicOptions(count, duration, thenPeriod, firstFrameDelayed, listener, modifier,
            softwareScheduled);
    }

    /** Hears {@code TX_EXPIRED} and, for software tasks, send failures. */
    public PeriodicOptions listener(final PeriodicListener listener)
    {
        return new PeriodicOptions(count, duration, thenPeriod, firstFrameDelayed,
            Objects.requireNonNull(listener, "listener"), modifier, softwareScheduled);
    }

    /** Changes each payload before it is sent; makes the task software scheduled. */
    public PeriodicOptions modifier(final PayloadModifier modifier)
    {
        return new PeriodicOptions(count, duration, thenPeriod, firstFrameDelayed, listener,
            Objects.requireNonNull(modifier, "modifier"), softwareScheduled);
    }

    /** Uses panacan's software scheduler even on a SocketCAN bus. */
    public PeriodicOptions softwareScheduled(final boolean softwareScheduled)
    {
        return new PeriodicOptions(count, duration, thenPeriod, firstFrameDelayed, listener, modifier,
            softwareScheduled);
    }

    /** The frame count, or 0 when unlimited or limited by {@link #duration()}. */
    public long count()
    {
        return count;
    }

    /** The duration, or {@code null}. */
    public Duration duration()
    {
        return duration;
    }

    /** The period after the count or duration, or {@code null} when the task ends then. */
    public Duration thenPeriod()
    {
        return thenPeriod;
    }

    public boolean firstFrameDelayed()
    {
        return firstFrameDelayed;
    }

    /** The listener, or {@code null}. */
    public PeriodicListener listener()
    {
        return listener;
    }

    /** The payload modifier, or {@code null}. */
    public PayloadModifier modifier()
    {
        return modifier;
    }

    /** Whether the task must run on the software scheduler (asked for, or needed by a modifier). */
    public boolean softwareScheduled()
    {
        return softwareScheduled || modifier != null;
    }

    @Override
    public String toString()
    {
        return "PeriodicOptions[" + (count != 0 ? "count=" + count : duration != null ? "duration=" + duration
            : "unlimited") + (thenPeriod != null ? ", thenPeriod=" + thenPeriod : "")
            + (firstFrameDelayed ? ", first frame after one period" : "")
            + (softwareScheduled() ? ", software scheduled" : "") + "]";
    }
}
