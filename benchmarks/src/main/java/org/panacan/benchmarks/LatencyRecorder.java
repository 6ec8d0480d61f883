package org.panacan.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * µs, for plotting) and {@code hlog/NAME.hlog} (the histogram itself, read back by the report). The measured
 * samples are also saved in the order they came, {@code samples/NAME.bin} (int64 ns, native order, as the C
 * ping-pong writes them): back to back, their running sum is a timeline, which shows when the tail happened.
 */
public final class LatencyRecorder
{
    /** Percentiles printed for every latency benchmark. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    /** Samples kept in order: a power of two, 16 MB, more than a full run's ping-pong records. */
    private static final int SEQUENCE_LENGTH = 1 << 21;

    private final String name;
    /** Every sample, warm-up included: the recording path never changes state. */
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    /** A copy taken when measurement began, subtracted at the end; null until then. */
    private Histogram warmup;
    /** The last {@value #SEQUENCE_LENGTH} samples in order, warm-up included (one store each, no branch). */
    private final long[] sequence = new long[SEQUENCE_LENGTH];
    private long recorded;
    /** {@link #recorded} when measurement began. */
    private long measuredFrom;

    public LatencyRecorder(final String name)
    {
        this.name = name;
    }

    /**
     * Call from a {@code @Setup(Level.Iteration)} method: the first measurement iteration remembers what the warm-up
     * recorded, to be subtracted. Warm-up samples go into the same histogram, so that the measured code path is the
     * one the JIT compiled: a recorder that starts recording at the first measurement iteration, or resets its
     * histogram there (its minimum and maximum start over), takes a branch the compiled code has never seen, and
     * the round trip is deoptimised and recompiled while being measured (seen in the VM: a second of 4 ms round
     * trips at the start of the measurement).
     */
    public void beginIteration(final IterationParams iteration)
    {
        if (warmup == null && iteration.getType() == IterationType.MEASUREMENT)
        {
            warmup = histogram.copy();
            measuredFrom = recorded;
        }
    }

    /** Records one sample in ns (clamped to the histogram's range). */
    public void record(final long nanos)
    {
        histogram.recordValue(Math.min(Math.max(nanos, 0), histogram.getHighestTrackableValue()));
        sequence[(int)(recorded++ & (SEQUENCE_LENGTH - 1))] = nanos;
    }

    /** Prints the percentiles and writes the .hgrm and .hlog files. */
    public void save()
    {
        final Histogram measured = histogram.copy();
        if (warmup != null)
        {
            measured.subtract(warmup);
        }
        System.out.println(summary(name, measured));
        save(BenchFrames.outputDirectory(), name, measured);
        saveSequence(BenchFrames.outputDirectory().resolve("samples"));
    }

    /** Writes {@code directory/NAME.bin}: the measured samples still held (the last {@value #SEQUENCE_LENGTH}). */
    private void saveSequence(final Path directory)
    {
        final long first = Math.max(measuredFrom, recorded - SEQUENCE_LENGTH);
        final ByteBuffer bytes = ByteBuffer.allocate((int)(recorded - first) * Long.BYTES)
            .order(ByteOrder.nativeOrder());
        for (long i = first; i < recorded; i++)
        {
            bytes.putLong(sequence[(int)(i & (SEQUENCE_LENGTH - 1))]);
        }
        try
        {
            Files.write(Files.createDirectories(directory).resolve(name + ".bin"), bytes.array());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
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
