package org.nnbook.robust;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nnbook.plot.Charts;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Charts of notebook 17: grouped bars of values in [0, 1] (an attack's AUC, accuracies) by setting. */
public final class RobustnessCharts {
    private RobustnessCharts() {}

    /** For each group (distinct, non-blank labels), one bar per series in the colours {@code Charts.COLORS}; y from 0 to 1. */
    public static BufferedImage bars(String title, String xLabel, String yLabel, List<String> groups, Map<String, double[]> series) {
        if (groups == null || groups.isEmpty() || groups.stream().distinct().count() != groups.size() || groups.stream().anyMatch(String::isBlank))
            throw new IllegalArgumentException("RobustnessCharts.bars: group labels must be distinct and not blank (XChart loops on repeated ones), got " + groups + ".");
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setSeriesColors(Arrays.copyOf(Charts.COLORS, Math.max(1, series.size())));
        for (var e : series.entrySet()) {
            if (e.getValue().length != groups.size())
                throw new IllegalArgumentException("RobustnessCharts.bars: '" + e.getKey() + "' has " + e.getValue().length + " values for " + groups.size() + " groups.");
            chart.addSeries(e.getKey(), groups, Arrays.stream(e.getValue()).boxed().toList());
        }
        return Charts.render(chart);
    }
}
