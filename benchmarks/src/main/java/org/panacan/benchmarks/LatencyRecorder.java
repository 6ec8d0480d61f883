package org.panacan.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Records every latency sample of a benchmark's measurement iterations (warm-up excluded) into an HdrHistogram,
 * without allocating, and saves it at the end of the trial: {@code hgrm/NAME.hgrm} (percentile distribution in
 * µs, for plotting) and {@code hlog/NAME.hlog} (the histogram itself, read back by the report).
 */
public final class LatencyRecorder
{
    /** Percentiles printed for every latency benchmark. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private final String name;
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private boolean recording;

    public LatencyRecorder(final String name)
    {
        this.name = name;
    }

    /** Call from a {@code @Setup(Level.Iteration)} method: records only during measurement iterations. */
    public void beginIteration(final IterationParams iteration)
    {
        recording = iteration.getType() == IterationType.MEASUREMENT;
    }

    /** Records one sample in ns (clamped to the histogram's range). */
    public void record(final long nanos)
    {
        if (recording)
        {
            histogram.recordValue(Math.min(Math.max(nanos, 0), histogram.getHighestTrackableValue()));
        }
    }

    /** Prints the percentiles and writes the .hgrm and .hlog files. */
    public void save()
    {
        System.out.println(summary(name, histogram));
        save(BenchFrames.outputDirectory(), name, histogram);
    }

    /** "latency NAME: n=…, p50=… µs, …" */
    public static String summary(final String name, final Histogram histogram)
    {
        final StringBuilder text = new StringBuilder("latency ").append(name).append(": n=")
            .append(histogram.getTotalCount());
        for (final double percentile : PERCENTILES)
        {
            text.append(String.format(", p%s=%.1f", format(percentile),
                histogram.getValueAtPercentile(percentile) / 1000.0));
        }
        return text.append(String.format(", max=%.1f µs", histogram.getMaxValue() / 1000.0)).toString();
    }

    /** Writes {@code directory/hgrm/NAME.hgrm} and {@code directory/hlog/NAME.hlog}. */
    public static void save(final Path directory, final String name, final Histogram histogram)
    {
        try
        {
            final Path hgrm = Files.createDirectories(directory.resolve("hgrm")).resolve(name + ".hgrm");
            try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), false, "UTF-8"))
            {
                histogram.outputPercentileDistribution(out, 1000.0); // values in µs
            }
            final Path hlog = Files.createDirectories(directory.resolve("hlog")).resolve(name + ".hlog");
            try (PrintStream out = new PrintStream(Files.newOutputStream(hlog), false, "UTF-8"))
            {
                final HistogramLogWriter writer = new HistogramLogWriter(out);
                writer.outputLogFormatVersion();
                writer.outputLegend();
                writer.outputIntervalHistogram(histogram);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String format(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }
}
