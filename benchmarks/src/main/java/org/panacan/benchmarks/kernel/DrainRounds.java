package org.panacan.benchmarks.kernel;

import org.panacan.CanException;

/** Rounds of an untimed fill and a timed drain, for a given time: the loop of the drains measured outside JMH. */
final class DrainRounds
{
    /** One step of a round. */
    interface Step
    {
        void run() throws CanException;
    }

    private DrainRounds()
    {
    }

    /**
     * Fills and drains {@value Buses#QUEUED_FRAMES} frames per round until {@code nanos} have passed (at least one
     * round); only the drains are timed.
     *
     * @return {frames drained, nanoseconds spent draining}
     */
    static long[] run(final long nanos, final Step fill, final Step drain) throws CanException
    {
        long frames = 0;
        long busy = 0;
        final long end = System.nanoTime() + nanos;
        do
        {
            fill.run();
            final long start = System.nanoTime();
            drain.run();
            busy += System.nanoTime() - start;
            frames += Buses.QUEUED_FRAMES;
        }
        while (System.nanoTime() < end);
        return new long[] {frames, busy};
    }
}
