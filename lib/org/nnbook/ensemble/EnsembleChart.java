package org.nnbook.ensemble;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nnbook.plot.Charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The chart of an {@link EnsembleReport}, drawn with XChart in the look of {@link Charts}. */
final class EnsembleChart {
    // Okabe-Ito colours, as in Charts and the search charts
    private static final Color BLUE = Charts.COLORS[0], ORANGE = Charts.COLORS[1], GREEN = Charts.COLORS[2], RED = Charts.COLORS[5];

    private EnsembleChart() {}

    /** The accuracy of each member and of both rules, with the best member's level as a dashed line. */
    static BufferedImage of(EnsembleReport r) {
        int m = r.size();
        List<String> x = new ArrayList<>();
        for (int k = 1; k <= m; k++) x.add("m" + k);
        x.add("average");
        x.add("vote");
        double[] acc = r.memberAccuracies();
        List<Double> members = new ArrayList<>(), byAverage = new ArrayList<>(), byVote = new ArrayList<>(), best = new ArrayList<>();
        for (int k = 0; k < m + 2; k++) {
            members.add(k < m ? acc[k] : null);   // null: no point in that column
            byAverage.add(k == m ? r.averageAccuracy() : null);
            byVote.add(k == m + 1 ? r.voteAccuracy() : null);
            best.add(r.bestMemberAccuracy());
        }
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(String.format("Ensemble of %d on %,d examples", m, r.average().size()))
                .xAxisTitle("model    (in brackets: gain over the best member, in points)").yAxisTitle("accuracy").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);   // below the plot, so it hides no point
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setOverlapped(true);
        add(chart, "members", x, members, BLUE, SeriesMarkers.CIRCLE, CategorySeriesRenderStyle.Scatter);
        add(chart, String.format("average (%+.2f)", 100 * r.averageGain()), x, byAverage, GREEN, SeriesMarkers.DIAMOND, CategorySeriesRenderStyle.Scatter);
        add(chart, String.format("vote (%+.2f)", 100 * r.voteGain()), x, byVote, ORANGE, SeriesMarkers.SQUARE, CategorySeriesRenderStyle.Scatter);
        CategorySeries line = add(chart, "best member", x, best, RED, SeriesMarkers.NONE, CategorySeriesRenderStyle.Line);
        line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[]{6, 4}, 0));
        double[] all = Arrays.copyOf(acc, m + 2);
        all[m] = r.averageAccuracy();
        all[m + 1] = r.voteAccuracy();
        double lo = Arrays.stream(all).min().orElse(0), hi = Arrays.stream(all).max().orElse(1), pad = Math.max(0.1 * (hi - lo), 0.002);
        chart.getStyler().setYAxisMin(Math.max(0, lo - pad));   // zoomed in: the differences are a few tenths of a point
        chart.getStyler().setYAxisMax(Math.min(1, hi + pad));
        chart.getStyler().setYAxisDecimalPattern(decimals(lo - pad, hi + pad));
        return Charts.render(chart);
    }

    private static CategorySeries add(CategoryChart chart, String name, List<String> x, List<Double> y, Color c, Marker marker,
                                      CategorySeriesRenderStyle style) {
        CategorySeries s = chart.addSeries(name, x, y);
        s.setChartCategorySeriesRenderStyle(style);
        s.setMarker(marker);
        s.setMarkerColor(c);
        s.setLineColor(c);
        s.setFillColor(c);
        return s;
    }

    /** A number pattern with enough decimals for the axis range [lo, hi] (as Charts does). */
    private static String decimals(double lo, double hi) {
        double range = hi - lo;
        if (!(range > 0)) return "0.####";
        int places = Math.max(0, (int) Math.ceil(-Math.log10(range / 8)));
        return places == 0 ? "#,##0" : "0." + "0".repeat(places);
    }
}
