package org.panacan.bcm;

/**
 * The clock arithmetic of a software periodic task, apart from any thread so that it can be checked exactly:
 * absolute deadlines on a grid {@code anchor + k × period}, where the anchor is the moment the first frame actually
 * went out, so that lateness never accumulates (no sleep-per-period drift).
 *
 * <p>The Broadcast Manager's shape: {@code count} slots at the period, then the then-period, or the end. A slot
 * reached late is still sent and the next keeps its place on the grid (python-can's thread does the same), so a
 * count is always sent in full. Past the count, a scheduler more than {@value #MAX_CATCH_UP_SLOTS} periods behind
 * (a long pause) skips the older slots instead of sending them in a burst.
 *
 * <p>Not thread-safe: guarded by the task's lock.
 */
final class PeriodicSchedule
{
    /** Past the count, how many periods behind the scheduler may catch up on before it skips slots. */
    static final int MAX_CATCH_UP_SLOTS = 4;

    /** {@link #advance} result: go on at {@link #deadline()}. */
    static final int CONTINUE = 0;
    /** {@link #advance} result: the count ran out with this slot; go on at the then-period. */
    static final int EXPIRED = 1;
    /** {@link #advance} result: the count ran out with this slot and the task ends. */
    static final int ENDED = 2;

    private final long periodNanos;
    private final long count;
    private final long thenNanos;
    private long deadline;
    private long currentPeriod;
    private long slotsLeft;
    private boolean anchored;
    private long missed;

    /**
     * @param count     slots at {@code periodNanos} before the end or the then-period; 0 for unlimited
     * @param thenNanos the period after the count, 0 to end then
     */
    PeriodicSchedule(final long periodNanos, final long count, final long thenNanos)
    {
        this.periodNanos = periodNanos;
        this.count = count;
        this.thenNanos = thenNanos;
    }

    /** Starts over: the first slot is due {@code firstDelayNanos} after {@code now}. */
    void restart(final long now, final long firstDelayNanos)
    {
        deadline = now + firstDelayNanos;
        currentPeriod = periodNanos;
        slotsLeft = count > 0 ? count : -1;
        anchored = false;
    }

    /** When the next slot is due ({@link System#nanoTime()} scale). */
    long deadline()
    {
        return deadline;
    }

    boolean isDue(final long now)
    {
        return now - deadline >= 0;
    }

    /**
     * The slot has gone out, at {@code sentAt} (read after the send returned, so that the first slot's frame is
     * stamped no later than the anchor): moves the deadline to the next slot.
     *
     * @return {@link #CONTINUE}, {@link #EXPIRED} or {@link #ENDED}
     */
    int advance(final long sentAt)
    {
        if (!anchored)
        {
            deadline = sentAt; // the period counts from the first frame actually sent
            anchored = true;
        }
        deadline += currentPeriod;
        int result = CONTINUE;
        if (slotsLeft > 0 && --slotsLeft == 0)
        {
            slotsLeft = -1;
            if (thenNanos == 0)
            {
                return ENDED;
            }
            deadline += thenNanos - currentPeriod; // the next frame follows the last counted one by ival2
            currentPeriod = thenNanos;
            result = EXPIRED;
        }
        while (slotsLeft < 0 && sentAt - deadline >= MAX_CATCH_UP_SLOTS * currentPeriod)
        {
            missed++;
            deadline += currentPeriod;
        }
        return result;
    }

    /** Slots skipped because the scheduler was too far behind. */
    long missed()
    {
        return missed;
    }
}
