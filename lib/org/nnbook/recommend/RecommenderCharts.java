package org.nnbook.recommend;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nnbook.plot.Charts;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Charts of a recommender's errors. */
public final class RecommenderCharts {
    private RecommenderCharts() {}

    /**
     * Grouped bars: for each group (e.g. "0", "1-4", "5-19" ratings in training; labels must differ), one bar per
     * model, its height the model's value there (RMSE), the models in the colours {@code Charts.COLORS} in order.
     * The y axis starts a little below the smallest value, so that differences show; a NaN (an empty group) is left out.
     */
    public static BufferedImage groupedBars(String title, String xLabel, String yLabel, List<String> groups, Map<String, double[]> byModel) {
        if (groups.stream().distinct().count() != groups.size() || groups.stream().anyMatch(String::isBlank))
            throw new IllegalArgumentException("Group labels must be distinct and not blank (XChart 3.8.8 loops on repeated ones): " + groups + ".");
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        double min = byModel.values().stream().flatMapToDouble(Arrays::stream).filter(v -> !Double.isNaN(v)).min().orElse(0);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(min * 10) / 10 - 0.1));
        chart.getStyler().setSeriesColors(Arrays.copyOf(Charts.COLORS, Math.max(1, byModel.size())));
        for (var e : byModel.entrySet()) {
            if (e.getValue().length != groups.size())
                throw new IllegalArgumentException("'" + e.getKey() + "' has " + e.getValue().length + " values for " + groups.size() + " groups.");
            chart.addSeries(e.getKey(), groups, Arrays.stream(e.getValue()).boxed().map(v -> v.isNaN() ? null : v).toList());
        }
        return Charts.render(chart);
    }
}
