package org.panacan.benchmarks.kernel;

import org.panacan.CanException;
import org.panacan.TimestampMode;
import org.panacan.benchmarks.CompilerQueue;

/**
 * The drain benchmark's loop outside JMH, for a profiler that attaches to a running process
 * ({@code scripts/drain-profile}): the same bus, filler, handler and loop as {@code ReceiveBenchmark.panacan} with
 * batches of 64 and timestamps, round after round (queue {@value Buses#QUEUED_FRAMES} frames, untimed; drain them,
 * timed). After the warm-up it waits for an idle JIT, prints {@code MEASURING}, and at the end one line in the C
 * references' format (the JIT's wait also runs once before the warm-up, as JMH iterations do: classes it loads
 * in the measured phase could invalidate compiled code):
 *
 * <pre>  RESULT name=panacan-drain-loop frames_per_s=... frames=... rounds=...</pre>
 *
 * Usage: {@code DrainLoop WARMUP_SECONDS MEASURE_SECONDS} (interface: {@code -Dpanacan.bench.interface}).
 */
public final class DrainLoop
{
    private DrainLoop()
    {
    }

    public static void main(final String[] args) throws CanException
    {
        if (args.length != 2)
        {
            System.err.println("usage: DrainLoop WARMUP_SECONDS MEASURE_SECONDS");
            System.exit(2);
        }
        final ReceiveBenchmark.Panacan state = new ReceiveBenchmark.Panacan();
        state.batch = 64;
        state.timestamps = TimestampMode.SOFTWARE;
        state.open();
        try
        {
            final ReceiveBenchmark benchmark = new ReceiveBenchmark();
            CompilerQueue.awaitIdle(); // loads what the wait needs before the warm-up: no class loaded after it
            run(benchmark, state, Double.parseDouble(args[0]));
            CompilerQueue.awaitIdle();
            System.out.println("MEASURING");
            final long[] measured = run(benchmark, state, Double.parseDouble(args[1]));
            System.out.printf("RESULT name=panacan-drain-loop frames_per_s=%.0f frames=%d rounds=%d checksum=%d%n",
                measured[0] * 1e9 / measured[1], measured[0], measured[0] / Buses.QUEUED_FRAMES, state.checksum);
        }
        finally
        {
            state.close();
        }
    }

    /** Rounds for {@code seconds}: {frames drained, nanoseconds spent draining}. */
    private static long[] run(final ReceiveBenchmark benchmark, final ReceiveBenchmark.Panacan state,
        final double seconds) throws CanException
    {
        return DrainRounds.run((long)(seconds * 1e9), state::queue, () -> benchmark.panacan(state));
    }
}
