package org.nnbook.search;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nnbook.plot.Charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The charts of {@link SearchResults}, drawn with XChart in the look of {@link Charts}. */
final class SearchCharts {
    // Okabe-Ito colours, as in Charts: trials blue, best-so-far orange, the best vermillion.
    static final Color BLUE = Charts.COLORS[0], ORANGE = Charts.COLORS[1], GREEN = Charts.COLORS[2], RED = Charts.COLORS[5];
    private static final Color[] LINES = {BLUE, ORANGE, GREEN, Charts.COLORS[3], Charts.COLORS[4], RED};

    private SearchCharts() {}

    static BufferedImage perTrial(SearchResults r) {
        List<SearchResults.Entry> ok = finite(r.inOrder());
        XYChart chart = chart(r.name() + ": " + r.metric() + " per trial", "trial    (best: " + clip(r.best().toString(), 60) + ")", r.metric());
        scatter(chart, "trials", ok.stream().mapToDouble(SearchResults.Entry::trial).toArray(),
                ok.stream().mapToDouble(SearchResults.Entry::score).toArray(), BLUE, SeriesMarkers.CIRCLE);
        double[] best = r.bestSoFar();
        int first = 0;
        while (first < best.length && Double.isNaN(best[first])) first++;
        double[] x = new double[best.length - first], y = Arrays.copyOfRange(best, first, best.length);
        for (int i = 0; i < x.length; i++) x[i] = first + i + 1;
        XYSeries line = chart.addSeries("best so far", x, y);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        line.setLineColor(ORANGE);
        line.setLineStyle(new BasicStroke(2f));
        line.setMarker(SeriesMarkers.NONE);
        SearchResults.Entry b = r.bestTrial();
        scatter(chart, String.format("best: trial %d (%.4f)", b.trial(), b.score()), new double[]{b.trial()}, new double[]{b.score()}, RED,
                SeriesMarkers.DIAMOND);
        chart.getStyler().setXAxisDecimalPattern("#");
        if (r.size() <= 20) chart.getStyler().setXAxisMaxLabelCount(r.size());
        chart.getStyler().setYAxisDecimalPattern(decimals(ok.stream().mapToDouble(SearchResults.Entry::score).toArray()));
        return Charts.render(chart);
    }

    static BufferedImage against(SearchResults r, String name) {
        HyperParameter hp = r.space().get(name); // names the existing parameters if unknown
        List<SearchResults.Entry> ok = finite(r.inOrder());
        SearchResults.Entry b = r.bestTrial();
        String title = r.name() + ": " + r.metric() + " vs " + name;
        double[] y = ok.stream().mapToDouble(SearchResults.Entry::score).toArray();
        boolean log = isLog(hp);
        XYChart chart = chart(title, name + (log ? " (log scale)" : ""), r.metric());
        XYStyler s = chart.getStyler();
        s.setYAxisDecimalPattern(decimals(y));
        String bestLabel = String.format("best: %s=%s (%.4f)", name, Params.format(b.params().get(name)), b.score());
        if (hp.kind() == HyperParameter.Kind.CHOICE && !(hp.gridValues().get(0) instanceof Number)) {
            // text or boolean choices: one colour per value, placed side by side, named in the legend
            List<Object> values = hp.gridValues();
            for (int k = 0; k < values.size(); k++) {
                Object v = values.get(k);
                double[] vy = ok.stream().filter(e -> e.params().get(name).equals(v)).mapToDouble(SearchResults.Entry::score).toArray();
                double[] vx = new double[vy.length];
                Arrays.fill(vx, k);
                if (vy.length > 0) scatter(chart, name + "=" + v, vx, vy, LINES[k % (LINES.length - 1)], SeriesMarkers.CIRCLE);
            }
            scatter(chart, bestLabel, new double[]{values.indexOf(b.params().get(name))}, new double[]{b.score()}, RED, SeriesMarkers.DIAMOND);
            s.setXAxisMin(-0.5);
            s.setXAxisMax(values.size() - 0.5);
            s.setXAxisTicksVisible(false);
            return Charts.render(chart);
        }
        double[] x = ok.stream().mapToDouble(e -> ((Number) e.params().get(name)).doubleValue()).toArray();
        scatter(chart, "trials", x, y, BLUE, SeriesMarkers.CIRCLE);
        scatter(chart, bestLabel, new double[]{((Number) b.params().get(name)).doubleValue()}, new double[]{b.score()}, RED, SeriesMarkers.DIAMOND);
        if (log) {
            double lo = hp.kind() == HyperParameter.Kind.LOG_UNIFORM ? hp.low() : Arrays.stream(x).min().orElse(1);
            double hi = hp.kind() == HyperParameter.Kind.LOG_UNIFORM ? hp.high() : Arrays.stream(x).max().orElse(1);
            s.setXAxisLogarithmic(true);
            s.setXAxisMin(Math.pow(10, Math.floor(Math.log10(lo) + 1e-9)));  // whole decades: the searched range in full
            s.setXAxisMax(Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9)));
            int places = Math.max(0, (int) Math.ceil(-Math.log10(lo) - 1e-9));
            s.setXAxisDecimalPattern(places == 0 ? "#,##0" : "0." + "#".repeat(places)); // 0.0001, 0.001 rather than 1E-4, 0.001
        } else {
            s.setXAxisDecimalPattern(decimals(x));
        }
        return Charts.render(chart);
    }

    static BufferedImage compare(SearchResults... results) {
        if (results == null || results.length == 0) throw new IllegalArgumentException("SearchResults.compare needs at least one result.");
        String metric = results[0].metric();
        XYChart chart = chart("Best " + metric + " so far", "trial", "best " + metric);
        Set<String> used = new HashSet<>();
        List<Double> all = new ArrayList<>();
        int longest = 0;
        for (int k = 0; k < results.length; k++) {
            SearchResults r = results[k];
            if (!r.metric().equals(metric))
                throw new IllegalArgumentException("SearchResults.compare: the searches were scored by '" + metric + "' and '" + r.metric()
                        + "'; compare searches of the same metric.");
            String label = String.format("%s (best %.4f)", r.name(), r.bestScore());
            if (!used.add(label)) label = label + " #" + (k + 1);
            double[] y = r.bestSoFar();
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) x[i] = i + 1;
            XYSeries s = chart.addSeries(label, x, y);
            Color c = LINES[k % LINES.length];
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setLineStyle(new BasicStroke(2.2f));
            s.setMarker(SeriesMarkers.CIRCLE);
            for (double v : y) if (Double.isFinite(v)) all.add(v);
            longest = Math.max(longest, y.length);
        }
        chart.getStyler().setXAxisDecimalPattern("#");
        if (longest <= 20) chart.getStyler().setXAxisMaxLabelCount(longest);
        chart.getStyler().setYAxisDecimalPattern(decimals(all.stream().mapToDouble(Double::doubleValue).toArray()));
        return Charts.render(chart);
    }

    static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        return chart;
    }

    /** The look of {@link Charts}: white, light grid, readable fonts; the legend below the plot so it hides no point. */
    static void style(AxesChartStyler s) {
        Charts.style(s);
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setMarkerSize(9);
    }

    static void scatter(XYChart chart, String name, double[] x, double[] y, Color c, Marker marker) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(c);
    }

    private static String clip(String s, int width) { return s.length() <= width ? s : s.substring(0, width - 3) + "..."; }

    private static List<SearchResults.Entry> finite(List<SearchResults.Entry> entries) {
        return entries.stream().filter(e -> Double.isFinite(e.score())).toList();
    }

    /** Log axis for a log-uniform range, or for positive number choices spanning 50x or more. */
    static boolean isLog(HyperParameter hp) {
        if (hp.kind() == HyperParameter.Kind.LOG_UNIFORM) return true;
        if (hp.kind() != HyperParameter.Kind.CHOICE || !(hp.gridValues().get(0) instanceof Number)) return false;
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Object v : hp.gridValues()) {
            double d = ((Number) v).doubleValue();
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        return lo > 0 && hi / lo >= 50;
    }

    /** A number pattern with enough decimals for the data's range (as Charts does). */
    static String decimals(double[] v) {
        double lo = Arrays.stream(v).filter(Double::isFinite).min().orElse(0), hi = Arrays.stream(v).filter(Double::isFinite).max().orElse(0);
        double range = hi - lo;
        if (!(range > 0)) return "0.####";
        if (Math.max(Math.abs(lo), Math.abs(hi)) >= 1e5 || range < 1e-4) return "0.##E0";
        int places = Math.max(0, (int) Math.ceil(-Math.log10(range / 8)));
        return places == 0 ? "#,##0" : "0." + "0".repeat(places);
    }
}
