package org.panacan.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** A named HdrHistogram of latencies in nanoseconds, reported in microseconds. */
final class LatencyRecorder
{
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private final String name;
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

    LatencyRecorder(final String name)
    {
        this.name = name;
    }

    String name()
    {
        return name;
    }

    Histogram histogram()
    {
        return histogram;
    }

    /** Records one latency; values beyond the histogram's range count as its maximum. */
    void record(final long nanos)
    {
        histogram.recordValue(Math.max(0, Math.min(nanos, histogram.getHighestTrackableValue())));
    }

    static void printHeader(final PrintStream out)
    {
        out.printf("%-18s %9s %9s", "", "count", "min");
        for (final double percentile : PERCENTILES)
        {
            out.printf(" %9s", "p" + (percentile == Math.rint(percentile) ? String.valueOf((int)percentile)
                : String.valueOf(percentile)));
        }
        out.printf(" %9s   (microseconds)%n", "max");
    }

    void printRow(final PrintStream out)
    {
        out.printf("%-18s %9d %9.1f", name, histogram.getTotalCount(), micros(histogram.getMinValue()));
        for (final double percentile : PERCENTILES)
        {
            out.printf(" %9.1f", micros(histogram.getValueAtPercentile(percentile)));
        }
        out.printf(" %9.1f%n", micros(histogram.getMaxValue()));
    }

    static double micros(final long nanos)
    {
        return nanos / 1000.0;
    }
}
