package org.panacan.log;

/**
 * The replay schedule: turns each logged timestamp into an absolute deadline on the {@link System#nanoTime()}
 * clock, {@code anchorClock + (timestamp - anchorTimestamp) / speed}. Deadlines come from the log's own offsets,
 * never from "now plus the delta", so a late frame does not delay the ones after it and no drift accumulates.
 *
 * <p>The schedule is re-anchored, so that the frame goes out right after the previous one, where canplayer
 * re-synchronises: at the first frame of every loop, when the log's time jumps backwards, and at a pause longer
 * than the maximum gap. The new anchor is the previous deadline, not the clock, for the same no-drift reason.
 */
public final class ReplayTimeline
{
    private final double speed;
    private final long maxGapNanos;
    private boolean anchored;
    private boolean started;
    private long anchorTimestamp;
    private long anchorClock;
    private long previousTimestamp;
    private long previousDeadline;

    /**
     * @param speed       replay speed factor (positive; infinity for no waiting)
     * @param maxGapNanos pauses longer than this are skipped; 0 keeps all
     */
    public ReplayTimeline(final double speed, final long maxGapNanos)
    {
        if (!(speed > 0))
        {
            throw new IllegalArgumentException("replay speed " + speed + " must be positive");
        }
        this.speed = speed;
        this.maxGapNanos = maxGapNanos;
    }

    /**
     * The deadline of the next frame.
     *
     * @param timestampNanos the frame's logged timestamp
     * @param nowNanos       the clock now, used only to anchor the very first frame
     */
    public long deadline(final long timestampNanos, final long nowNanos)
    {
        if (!anchored)
        {
            anchor(timestampNanos, started ? previousDeadline : nowNanos);
        }
        else if (timestampNanos < previousTimestamp
            || (maxGapNanos > 0 && timestampNanos - previousTimestamp > maxGapNanos))
        {
            anchor(timestampNanos, previousDeadline);
        }
        previousTimestamp = timestampNanos;
        previousDeadline = anchorClock + scaled(timestampNanos - anchorTimestamp);
        return previousDeadline;
    }

    /** Starts the next loop: its first frame goes out right after this loop's last one. */
    public void nextLoop()
    {
        anchored = false;
    }

    private void anchor(final long timestampNanos, final long clockNanos)
    {
        anchored = true;
        started = true;
        anchorTimestamp = timestampNanos;
        anchorClock = clockNanos;
    }

    private long scaled(final long offsetNanos)
    {
        return speed == 1.0 ? offsetNanos : (long)(offsetNanos / speed);
    }
}
