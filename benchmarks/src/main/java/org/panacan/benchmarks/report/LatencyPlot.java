package org.panacan.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The HdrHistogram percentile plot (as HdrHistogram's own plotter draws it): latency on a log scale against
 * log10(1 / (1 - percentile)), so that 90 %, 99 %, 99.9 % … are evenly spaced (1, 2, 3 … on the x axis, named in
 * its title). The transform is done here on a linear axis: with a tick-label callback, XChart 3.8 draws log axes as
 * linear ones and can loop forever computing the ticks.
 */
final class LatencyPlot
{
    private static final Color[] COLORS = {new Color(0x333333), new Color(0xD62728), new Color(0x1F77B4),
        new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x9467BD), new Color(0x8C564B)};

    private LatencyPlot()
    {
    }

    static void write(final Map<String, Histogram> curves, final String title, final Path png) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(1100).height(650).title(title)
            .xAxisTitle("Percentile as log10(1 / (1 - p)): 1 = 90 %, 2 = 99 %, 3 = 99.9 %, 4 = 99.99 %, 5 = 99.999 %")
            .yAxisTitle("Round trip (µs)").build();
        final var styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xDDDDDD));
        styler.setYAxisLogarithmicDecadeOnly(true);
        styler.setXAxisMin(0.0);
        int series = 0;
        for (final Map.Entry<String, Histogram> curve : curves.entrySet())
        {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final HistogramIterationValue value : curve.getValue().percentiles(5))
            {
                final double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100.0)
                {
                    break;
                }
                x.add(Math.log10(100.0 / (100.0 - percentile)));
                y.add(Math.max(curve.getValue().highestEquivalentValue(value.getValueIteratedTo()) / 1000.0, 0.001));
            }
            if (x.isEmpty())
            {
                continue;
            }
            final XYSeries line = chart.addSeries(curve.getKey(), x, y);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(COLORS[series++ % COLORS.length]);
            line.setLineStyle(new BasicStroke(2.0f));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
