package org.panacan.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReplayTimelineTest
{
    private static final long START = 1_000_000_000L;
    private static final long LOG = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void deadlinesKeepTheLogsOffsetsFromTheFirstFrame()
    {
        final ReplayTimeline timeline = new ReplayTimeline(1.0, 0);
        assertEquals(START, timeline.deadline(LOG, START));
        assertEquals(START + 10 * MS, timeline.deadline(LOG + 10 * MS, START + 999 * MS));
        assertEquals(START + 25 * MS, timeline.deadline(LOG + 25 * MS, START + 50 * MS));
    }

    @Test
    void lateFramesDoNotPushBackTheOnesAfterThem()
    {
        final ReplayTimeline timeline = new ReplayTimeline(1.0, 0);
        timeline.deadline(LOG, START);
        timeline.deadline(LOG + MS, START + 500 * MS); // sent half a second late
        assertEquals(START + 2 * MS, timeline.deadline(LOG + 2 * MS, START + 501 * MS));
    }

    @Test
    void speedScalesTheOffsets()
    {
        final ReplayTimeline fast = new ReplayTimeline(2.0, 0);
        fast.deadline(LOG, START);
        assertEquals(START + 5 * MS, fast.deadline(LOG + 10 * MS, START));
        final ReplayTimeline slow = new ReplayTimeline(0.5, 0);
        slow.deadline(LOG, START);
        assertEquals(START + 20 * MS, slow.deadline(LOG + 10 * MS, START));
    }

    @Test
    void infiniteSpeedSendsEverythingAtOnce()
    {
        final ReplayTimeline timeline = new ReplayTimeline(Double.POSITIVE_INFINITY, 0);
        timeline.deadline(LOG, START);
        assertEquals(START, timeline.deadline(LOG + 3600_000 * MS, START));
    }

    @Test
    void aBackwardJumpReanchorsRightAfterThePreviousFrame()
    {
        final ReplayTimeline timeline = new ReplayTimeline(1.0, 0);
        timeline.deadline(LOG, START);
        timeline.deadline(LOG + 10 * MS, START);
        assertEquals(START + 10 * MS, timeline.deadline(LOG - 60_000 * MS, START + 11 * MS));
        assertEquals(START + 15 * MS, timeline.deadline(LOG - 60_000 * MS + 5 * MS, START + 11 * MS));
    }

    @Test
    void pausesLongerThanTheMaximumGapAreSkipped()
    {
        final ReplayTimeline timeline = new ReplayTimeline(1.0, 1000 * MS);
        timeline.deadline(LOG, START);
        assertEquals(START + 1000 * MS, timeline.deadline(LOG + 1000 * MS, START));
        assertEquals(START + 1000 * MS, timeline.deadline(LOG + 5000 * MS, START));
        assertEquals(START + 1001 * MS, timeline.deadline(LOG + 5001 * MS, START));
    }

    @Test
    void eachLoopStartsRightAfterThePreviousLoopsLastFrame()
    {
        final ReplayTimeline timeline = new ReplayTimeline(1.0, 0);
        timeline.deadline(LOG, START);
        timeline.deadline(LOG + 40 * MS, START);
        timeline.nextLoop();
        assertEquals(START + 40 * MS, timeline.deadline(LOG, START + 99 * MS));
        assertEquals(START + 80 * MS, timeline.deadline(LOG + 40 * MS, START + 99 * MS));
    }

    @Test
    void speedMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> new ReplayTimeline(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReplayTimeline(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> ReplayOptions.DEFAULT.withSpeed(-1));
    }
}
