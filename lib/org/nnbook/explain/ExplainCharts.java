package org.nnbook.explain;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nnbook.plot.Charts;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Charts of feature importances: several measures side by side, each scaled so that its largest |value| is 1. */
public final class ExplainCharts {
    private ExplainCharts() {}

    /**
     * Grouped bars over the features {@code shown} (indices into {@code featureNames}, in the order given): one
     * bar per measure (e.g. "permutation importance", "|weight|"), each measure divided by its largest |value|
     * over all features, so that measures of different units compare. Feature names must be distinct.
     */
    public static BufferedImage importance(String title, List<String> featureNames, int[] shown, Map<String, double[]> measures) {
        if (featureNames == null || shown == null || shown.length == 0 || measures == null || measures.isEmpty())
            throw new IllegalArgumentException("ExplainCharts.importance: give feature names, at least one feature to show and one measure.");
        List<String> labels = Arrays.stream(shown).mapToObj(j -> {
            if (j < 0 || j >= featureNames.size())
                throw new IllegalArgumentException("ExplainCharts.importance: feature " + j + " is not one of the " + featureNames.size() + ".");
            return featureNames.get(j);
        }).toList();
        if (labels.stream().distinct().count() != labels.size() || labels.stream().anyMatch(String::isBlank))
            throw new IllegalArgumentException("ExplainCharts.importance: the features shown must have distinct, non-blank names (XChart loops on repeated ones): " + labels + ".");
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH + 120).height(Charts.HEIGHT + 60).title(title)
                .xAxisTitle("").yAxisTitle("scaled (largest = 1)").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setSeriesColors(Arrays.copyOf(Charts.COLORS, Math.max(1, measures.size())));
        for (var e : measures.entrySet()) {
            double[] v = e.getValue();
            if (v.length != featureNames.size())
                throw new IllegalArgumentException("ExplainCharts.importance: '" + e.getKey() + "' has " + v.length + " values for " + featureNames.size() + " features.");
            double big = Math.max(1e-12, Arrays.stream(v).map(Math::abs).max().orElse(1));
            chart.addSeries(e.getKey(), labels, Arrays.stream(shown).mapToObj(j -> v[j] / big).toList());
        }
        return Charts.render(chart);
    }
}
