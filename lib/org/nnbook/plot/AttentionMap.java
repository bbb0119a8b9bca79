package org.nnbook.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Attention weights as a heat map: one row per query (the token being produced or read), top to
 * bottom, one column per key (the token attended to), white (0) to blue (1). Each row is a
 * probability distribution over the keys, so a dark cell says where that query looked. The weights
 * are written in the cells when the map is small enough to read them. A token that occurs twice in a
 * sentence is labelled "the", "the (2)": the chart needs distinct labels.
 */
public final class AttentionMap {
    private AttentionMap() {}

    /**
     * @param weights     (queries, keys): weights[q][k], each row summing to 1 (not checked: masked
     *                    positions may hold 0)
     * @param queryTokens one label per row
     * @param keyTokens   one label per column
     */
    public static BufferedImage draw(String title, double[][] weights, List<String> queryTokens, List<String> keyTokens) {
        if (weights == null || weights.length == 0 || weights[0].length == 0)
            throw new IllegalArgumentException("AttentionMap needs weights (queries, keys) with at least one of each, got " + (weights == null ? "null" : weights.length + " rows") + ".");
        int rows = weights.length, cols = weights[0].length;
        for (double[] row : weights)
            if (row.length != cols) throw new IllegalArgumentException("AttentionMap: every row of the weights needs " + cols + " values (one per key); one has " + row.length + ".");
        if (queryTokens == null || queryTokens.size() != rows || keyTokens == null || keyTokens.size() != cols)
            throw new IllegalArgumentException("AttentionMap: weights are " + rows + " queries x " + cols + " keys, but there are "
                    + (queryTokens == null ? "no" : queryTokens.size()) + " query labels and " + (keyTokens == null ? "no" : keyTokens.size())
                    + " key labels; give one label per row and per column.");
        int cell = Math.max(14, Math.min(40, 560 / Math.max(rows, cols)));
        int longestKey = keyTokens.stream().mapToInt(String::length).max().orElse(1), longestQuery = queryTokens.stream().mapToInt(String::length).max().orElse(1);
        int width = Math.max(cols * cell + 120 + 7 * Math.min(longestQuery, 16), 11 * (title == null ? 0 : title.length()) + 60);
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.min(width, 1000))
                .height(rows * cell + 110 + 6 * Math.min(longestKey, 16)).title(title).xAxisTitle("attends to (keys)").yAxisTitle("query").build();
        Charts.style(chart.getStyler());
        var s = chart.getStyler();
        boolean values = rows <= 12 && cols <= 12;
        s.setShowValue(values);
        if (values) {
            s.setValueFont(Charts.TICK);
            s.setValueFontColor(Color.BLACK);
            s.setHeatMapValueDecimalPattern("0.00");
        }
        s.setRangeColors(new Color[]{Color.WHITE, new Color(158, 202, 225), new Color(66, 146, 198), new Color(33, 113, 181)});   // black values stay legible
        s.setMin(0);
        s.setMax(1);
        s.setLegendVisible(false);
        s.setPlotContentSize(1.0);
        if (longestKey > 2) s.setXAxisLabelRotation(60);
        List<String> x = distinct(keyTokens), yTopDown = distinct(queryTokens), y = new ArrayList<>();
        for (int q = rows - 1; q >= 0; q--) y.add(yTopDown.get(q));                 // the first query at the top
        List<Number[]> cells = new ArrayList<>();
        for (int q = 0; q < rows; q++)
            for (int k = 0; k < cols; k++) cells.add(new Number[]{k, rows - 1 - q, weights[q][k]});
        chart.addSeries("attention", x, y, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The labels, the second and later copies of one numbered: "the", "the (2)"; blank ones shown as "␣". */
    static List<String> distinct(List<String> labels) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String l : labels) {
            String shown = l == null || l.isBlank() ? "␣" : l.strip();
            int n = seen.merge(shown, 1, Integer::sum);
            out.add(n == 1 ? shown : String.format(Locale.ROOT, "%s (%d)", shown, n));
        }
        for (int i = 0; i < out.size(); i++)                    // "the (2)" might be a token too: make sure
            for (int j = 0; j < i; j++)
                if (out.get(i).equals(out.get(j))) out.set(i, out.get(i) + " #" + (i + 1));
        return out;
    }
}
