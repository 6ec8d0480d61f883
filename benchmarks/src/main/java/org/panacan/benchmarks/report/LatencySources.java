package org.panacan.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/** Loads the round-trip histograms of one run: .hlog files from JMH, raw int64 samples from C and python-can. */
final class LatencySources
{
    private LatencySources()
    {
    }

    /** Every interval of an .hlog file, added up; empty when the file is missing. */
    static Optional<Histogram> hlog(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return Optional.empty();
        }
        final Histogram total = newHistogram();
        try (InputStream in = Files.newInputStream(file))
        {
            final HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null)
            {
                total.add((Histogram)interval);
            }
        }
        return total.getTotalCount() == 0 ? Optional.empty() : Optional.of(total);
    }

    /**
     * Little-endian int64 round trips in ns, as pingpong.c and pycan_bench.py write them, from every file in
     * {@code directory} matching {@code glob} (a full run measures the C ping-pong before and after JMH's).
     */
    static Optional<Histogram> samples(final Path directory, final String glob) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return Optional.empty();
        }
        final Histogram histogram = newHistogram();
        try (var files = Files.newDirectoryStream(directory, glob))
        {
            for (final Path file : files)
            {
                final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
                while (bytes.remaining() >= Long.BYTES)
                {
                    histogram.recordValue(Math.min(Math.max(bytes.getLong(), 0), histogram.getHighestTrackableValue()));
                }
            }
        }
        return histogram.getTotalCount() == 0 ? Optional.empty() : Optional.of(histogram);
    }

    private static Histogram newHistogram()
    {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }
}
