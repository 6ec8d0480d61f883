package org.panacan.bcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The software scheduler's clock arithmetic, on a synthetic clock: exact, independent of the host's load. */
class PeriodicScheduleTest
{
    private static final long MS = 1_000_000L;
    private static final long PERIOD = 10 * MS;

    /** Sends every slot due at {@code now}, as the scheduler would; returns how many. */
    private static int sendDue(final PeriodicSchedule schedule, final long now)
    {
        int sent = 0;
        while (schedule.isDue(now))
        {
            sent++;
            if (schedule.advance(now) == PeriodicSchedule.ENDED)
            {
                break;
            }
        }
        return sent;
    }

    @Test
    void deadlinesAreAbsoluteSoLatenessNeverAccumulates()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 0, 0);
        schedule.restart(0, 0);
        final long anchor = 300_000; // the first frame went out 0.3 ms after the start: the grid starts there
        for (int slot = 0; slot < 1_000; slot++)
        {
            final long servedAt = anchor + slot * PERIOD + (slot % 7) * 400_000L; // each slot up to 2.4 ms late
            assertTrue(schedule.isDue(servedAt));
            schedule.advance(servedAt);
            assertEquals(anchor + (slot + 1) * PERIOD, schedule.deadline(), "slot " + slot);
        }
    }

    @Test
    void theGridStartsWhenTheFirstFrameActuallyGoesOut()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 0, 0);
        schedule.restart(0, 0);
        schedule.advance(5 * MS);
        assertEquals(15 * MS, schedule.deadline());
    }

    @Test
    void aDelayedFirstFrameIsDueOnePeriodAfterTheStart()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 0, 0);
        schedule.restart(100 * MS, PERIOD);
        assertFalse(schedule.isDue(110 * MS - 1));
        assertTrue(schedule.isDue(110 * MS));
    }

    @Test
    void aCountEndsTheTaskWithItsLastSlot()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 3, 0);
        schedule.restart(0, 0);
        assertEquals(PeriodicSchedule.CONTINUE, schedule.advance(0));
        assertEquals(PeriodicSchedule.CONTINUE, schedule.advance(PERIOD));
        assertEquals(PeriodicSchedule.ENDED, schedule.advance(2 * PERIOD));
    }

    @Test
    void theThenPeriodFollowsTheLastCountedSlot()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 2, 50 * MS);
        schedule.restart(0, 0);
        assertEquals(PeriodicSchedule.CONTINUE, schedule.advance(0));
        assertEquals(PeriodicSchedule.EXPIRED, schedule.advance(PERIOD));
        assertEquals(60 * MS, schedule.deadline());
        assertEquals(PeriodicSchedule.CONTINUE, schedule.advance(60 * MS));
        assertEquals(110 * MS, schedule.deadline());
    }

    @Test
    void everyCountedSlotIsSentEvenAfterAStall()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 5, 0);
        schedule.restart(0, 0);
        assertEquals(1, sendDue(schedule, 0));
        assertEquals(4, sendDue(schedule, 500 * MS), "a stalled scheduler still sends the whole count");
        assertEquals(0, schedule.missed());
    }

    @Test
    void aLongPausePastTheCountSkipsTheOlderSlotsAndKeepsTheGrid()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 0, 0);
        schedule.restart(0, 0);
        assertEquals(1, sendDue(schedule, 0));
        final int burst = sendDue(schedule, 1_000 * MS);
        assertEquals(1 + PeriodicSchedule.MAX_CATCH_UP_SLOTS, burst, "one late slot, then at most the catch-up");
        assertEquals(1_010 * MS, schedule.deadline(), "back on the grid");
        assertEquals(100 - 1 - burst + 1, schedule.missed());
    }

    @Test
    void aRestartStartsANewGrid()
    {
        final PeriodicSchedule schedule = new PeriodicSchedule(PERIOD, 2, 0);
        schedule.restart(0, 0);
        schedule.advance(0);
        schedule.restart(3 * MS, 0);
        assertEquals(PeriodicSchedule.CONTINUE, schedule.advance(3 * MS));
        assertEquals(13 * MS, schedule.deadline());
        assertEquals(PeriodicSchedule.ENDED, schedule.advance(13 * MS));
    }
}
