package org.nnbook.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nnbook.eval.Spread;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results over several seeds as lines with error bars: for each method, its mean at each x and a bar
 * of ± one standard deviation (see {@link Spread}), e.g. accuracy against the number of labels per class.
 * <pre>{@code
 * // runs.get("from scratch")[i][s]: the accuracy at x[i] with seed s
 * SpreadChart.draw("Transfer", "labels per class", "test accuracy", new double[]{10, 50, 100}, runs)
 * }</pre>
 */
public final class SpreadChart {
    private SpreadChart() {}

    /** One line per entry of {@code runs} through the means, with ± std bars; {@code runs.get(name)[i]} holds the runs at {@code x[i]}. */
    public static BufferedImage draw(String title, String xLabel, String yLabel, double[] x, Map<String, double[][]> runs) {
        Map<String, double[]> means = new LinkedHashMap<>(), stds = new LinkedHashMap<>();
        runs.forEach((name, r) -> {
            if (r.length != x.length)
                throw new IllegalArgumentException("SpreadChart.draw: '" + name + "' has results at " + r.length + " points but x has " + x.length + ".");
            double[] m = new double[x.length], s = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Spread sp = Spread.of(r[i]);
                m[i] = sp.mean();
                s[i] = sp.std();
            }
            means.put(name, m);
            stds.put(name, s);
        });
        List<Series> series = new ArrayList<>(Series.solid(means));
        XYChart chart = Charts.chart(title, xLabel, yLabel, series, LineChart.emptyCorner(series));
        chart.getStyler().setXAxisDecimalPattern(LineChart.decimals(List.of(x)));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        for (Series s : series) {
            chart.updateXYSeries(s.name(), x, s.values(), stds.get(s.name()));
            chart.getSeriesMap().get(s.name()).setMarker(SeriesMarkers.CIRCLE);
        }
        return Charts.render(chart);
    }
}
