package org.panacan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The classic HdrHistogram "latency by percentile distribution" plot as a PNG: the x axis is
 * {@code log10(1 / (1 - percentile))}, the "number of nines", so that 90%, 99%, 99.9% ... are evenly spaced at 1,
 * 2, 3 ...; the y axis is the latency in microseconds, on a log scale. (XChart's custom tick labels take minutes
 * to lay out on this axis, so the axis title explains the scale instead.)
 */
final class LatencyPlot
{
    private LatencyPlot()
    {
    }

    static void write(final Path png, final String title, final List<LatencyRecorder> recorders) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(1000).height(600).title(title)
            .xAxisTitle("percentile, in nines: 1 = 90%, 2 = 99%, 3 = 99.9%, 4 = 99.99%, ...")
            .yAxisTitle("latency (microseconds)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisLogarithmic(true); // tails are orders of magnitude above the median
        for (final LatencyRecorder recorder : recorders)
        {
            if (recorder.histogram().getTotalCount() == 0)
            {
                continue;
            }
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final HistogramIterationValue value : recorder.histogram().percentiles(5))
            {
                final double percentile = value.getPercentileLevelIteratedTo() / 100.0;
                if (percentile >= 1.0)
                {
                    break;
                }
                x.add(Math.log10(1.0 / (1.0 - percentile)));
                y.add(Math.max(0.001, LatencyRecorder.micros(value.getValueIteratedTo())));
            }
            if (!x.isEmpty())
            {
                chart.addSeries(recorder.name(), x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
