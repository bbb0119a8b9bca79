package org.nnbook.compress;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.plot.Charts;
import org.nnbook.plot.Series;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of notebook 06, in the look of {@link Charts}: weight histograms (the shape that pruning
 * cuts and weight sharing collapses), and the bytes on disk per stage of Deep Compression.
 */
public final class CompressionCharts {
    private CompressionCharts() {}

    /**
     * Histograms of the non-zero values of each named weight array, one line each, over {@code bins} equal bins
     * between the smallest and largest value of all of them; counts on a log scale (zeros are left out: after
     * pruning they would dwarf everything else).
     */
    public static BufferedImage histogram(String title, Map<String, INDArray> weights, int bins) {
        if (weights.isEmpty() || bins < 2) throw new IllegalArgumentException("CompressionCharts.histogram needs at least one array and 2 bins.");
        Map<String, double[]> values = new LinkedHashMap<>();
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (Map.Entry<String, INDArray> e : weights.entrySet()) {
            double[] v = Arrays.stream(Quantization.values(e.getValue())).filter(x -> x != 0).toArray();
            values.put(e.getKey(), v);
            for (double x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        }
        if (lo >= hi) { lo -= 1; hi += 1; }
        double width = (hi - lo) / bins;
        double[] centres = new double[bins];
        for (int b = 0; b < bins; b++) centres[b] = lo + (b + 0.5) * width;
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] count = new double[bins];
            for (double x : e.getValue()) count[Math.min(bins - 1, (int) ((x - lo) / width))]++;
            for (int b = 0; b < bins; b++) count[b] = Math.max(count[b], 0.5);      // log scale: an empty bin sits below 1
            series.add(Series.of(e.getKey(), count));
        }
        XYChart chart = Charts.chart(title, "weight value", "how many (log scale)", series, Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern(hi - lo < 0.5 ? "0.00" : "0.0");   // weights, not epochs
        for (Series s : series) chart.updateXYSeries(s.name(), centres, s.values(), null);
        for (XYSeries s : chart.getSeriesMap().values()) s.setMarker(SeriesMarkers.NONE);
        return Charts.render(chart);
    }

    /** Bars of the file size of each stage, in KB, each labelled with how many times smaller than the first it is. */
    public static BufferedImage sizes(String title, Map<String, Long> bytesPerStage) {
        if (bytesPerStage.isEmpty()) throw new IllegalArgumentException("CompressionCharts.sizes needs at least one stage.");
        List<String> names = new ArrayList<>();
        List<Double> kb = new ArrayList<>();
        long first = bytesPerStage.values().iterator().next();
        for (Map.Entry<String, Long> e : bytesPerStage.entrySet()) {
            names.add(String.format("%s (%.1fx)", e.getKey(), (double) first / e.getValue()));
            kb.add(e.getValue() / 1000.0);
        }
        if (names.stream().distinct().count() != names.size()) throw new IllegalArgumentException("CompressionCharts.sizes: stage names must differ: " + names);
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title).xAxisTitle("").yAxisTitle("KB on disk").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);        // (XChart draws no bars on a log axis)
        chart.addSeries("bytes", names, kb).setFillColor(Charts.COLORS[0]);
        return Charts.render(chart);
    }
}
