package org.nnbook.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;

/** XChart line charts of {@link Series} in nnbook's look: colours, dashes, markers, axis patterns, where the legend goes. */
final class LineChart {
    private LineChart() {}

    /** The chart of {@link Charts#chart(String, String, String, List, Styler.LegendPosition)}. */
    static XYChart build(String title, String xLabel, String yLabel, List<Series> series, Styler.LegendPosition legend) {
        if (series.isEmpty()) throw new IllegalArgumentException("Charts.lines: no series to draw.");
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(legend);
        int maxLen = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
        chart.getStyler().setXAxisDecimalPattern("#");
        if (maxLen <= 12) chart.getStyler().setXAxisMaxLabelCount(maxLen);
        chart.getStyler().setXAxisTickMarkSpacingHint(70);   // long series: a label every ~70 px, not every point
        chart.getStyler().setYAxisDecimalPattern(decimals(values(series)));
        int[] colours = colours(series);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (chart.getSeriesMap().containsKey(s.name()))
                throw new IllegalArgumentException("Charts.lines: two series named '" + s.name() + "'; give each its own name.");
            Color c = Charts.COLORS[colours[i]];
            double[] y = s.values();
            double[] x = new double[y.length];
            for (int k = 0; k < y.length; k++) x[k] = k + 1;
            XYSeries xy = chart.addSeries(s.name(), x, y);
            xy.setLineColor(c);
            xy.setMarkerColor(c);
            xy.setLineStyle(s.dashed() ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[]{7, 4}, 0)
                    : new BasicStroke(2.2f));
            xy.setMarker(maxLen <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * The index into {@link Charts#COLORS} of each series: its own, or for {@link Series#AUTO} the next one
     * in order that no series asks for (round again when all are taken).
     */
    static int[] colours(List<Series> series) {
        boolean[] asked = new boolean[Charts.COLORS.length];
        int numAsked = 0;
        for (Series s : series)
            if (s.colour() != Series.AUTO && !asked[s.colour()]) { asked[s.colour()] = true; numAsked++; }
        int[] colours = new int[series.size()];
        int next = 0;
        for (int i = 0; i < colours.length; i++) {
            int own = series.get(i).colour();
            if (own != Series.AUTO) { colours[i] = own; continue; }
            while (numAsked < Charts.COLORS.length && asked[next % Charts.COLORS.length]) next++;
            colours[i] = next++ % Charts.COLORS.length;
        }
        return colours;
    }

    /**
     * The inside corner where the legend hides the least: the right side unless the curves end where
     * they started, and the top or the bottom, whichever the curves' right-hand thirds stay away from;
     * below the plot when even the emptiest corner holds more than an eighth of the points (waves).
     */
    static Styler.LegendPosition emptyCorner(List<Series> series) {
        List<double[]> values = values(series);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : values)
            for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        if (!(hi > lo)) return Styler.LegendPosition.InsideNE;
        double mid = (lo + hi) / 2;
        int upperRight = 0, lowerRight = 0, upperLeft = 0, lowerLeft = 0;
        for (double[] v : values)
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) continue;
                boolean upper = v[i] > mid;
                if (i >= v.length * 2 / 3) { if (upper) upperRight++; else lowerRight++; }
                else if (i < v.length / 3) { if (upper) upperLeft++; else lowerLeft++; }
            }
        int best = Math.min(Math.min(upperRight, lowerRight), Math.min(upperLeft, lowerLeft));
        if (best > (upperRight + lowerRight + upperLeft + lowerLeft) / 8) return Styler.LegendPosition.OutsideS;   // every corner crowded (waves): below the plot
        if (best == upperRight) return Styler.LegendPosition.InsideNE;
        if (best == lowerRight) return Styler.LegendPosition.InsideSE;
        return best == upperLeft ? Styler.LegendPosition.InsideNW : Styler.LegendPosition.InsideSW;
    }

    /** A y-axis number pattern with enough decimals for the data's range (XChart's default drops them: "2", "1.8"). */
    static String decimals(List<double[]> series) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : series)
            for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        double range = hi - lo;
        if (!(range > 0)) return "0.###";
        if (Math.max(Math.abs(lo), Math.abs(hi)) >= 1e5 || range < 1e-4) return "0.##E0";
        int places = Math.max(0, (int) Math.ceil(-Math.log10(range / 8)));
        return places == 0 ? "#,##0" : "0." + "0".repeat(places);
    }

    static List<double[]> values(List<Series> series) { return series.stream().map(Series::values).toList(); }
}
