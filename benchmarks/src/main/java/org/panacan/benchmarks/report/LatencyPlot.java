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
 * The HdrHistogram percentile plot (as HdrHistogram's own plotter draws it): latency against the percentile on a
 * log scale of 1 / (1 - percentile), so that 90 %, 99 %, 99.9 % … are evenly spaced.
 */
final class LatencyPlot
{
    private static final Color[] COLORS = {new Color(0x333333), new Color(0xD62728), new Color(0x1F77B4),
        new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x9467BD)};

    private LatencyPlot()
    {
    }

    static void write(final Map<String, Histogram> curves, final String title, final Path png) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(1100).height(650).title(title)
            .xAxisTitle("Percentile").yAxisTitle("Round trip (µs)").build();
        final var styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xDDDDDD));
        styler.setXAxisLogarithmicDecadeOnly(true);
        styler.setYAxisLogarithmicDecadeOnly(true);
        styler.setxAxisTickLabelsFormattingFunction(LatencyPlot::percentileLabel);
        styler.setyAxisTickLabelsFormattingFunction(value -> String.format("%,.0f", value));
        styler.setXAxisMin(1.0);
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
                x.add(100.0 / (100.0 - percentile));
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

    /** 1 → "0%", 10 → "90%", 100 → "99%", 1000 → "99.9%" … */
    private static String percentileLabel(final double x)
    {
        final double percentile = 100.0 - 100.0 / x;
        if (percentile < 0.5)
        {
            return "0%";
        }
        final String text = String.format("%.6f", percentile).replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
    }
}
