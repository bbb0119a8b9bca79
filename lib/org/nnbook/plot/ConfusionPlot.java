package org.nnbook.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The confusion-matrix heat map: rows the true class (top to bottom), columns the predicted class. */
final class ConfusionPlot {
    private ConfusionPlot() {}

    static BufferedImage draw(long[][] m, List<String> names, String title) {
        int c = names.size();
        int longest = names.stream().mapToInt(String::length).max().orElse(1);
        int size = Math.max(380, Math.min(820, 50 * c + 140 + 6 * Math.min(longest, 14)));
        HeatMapChart chart = new HeatMapChartBuilder().width(size + 60).height(size).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        Charts.style(chart.getStyler());
        var s = chart.getStyler();
        s.setShowValue(true);
        s.setValueFont(Charts.TICK);
        s.setValueFontColor(Color.BLACK);
        s.setHeatMapValueDecimalPattern("#");
        s.setRangeColors(new Color[]{Color.WHITE, new Color(158, 202, 225), new Color(66, 146, 198)});
        s.setLegendVisible(false);
        s.setPlotContentSize(1.0);
        if (longest > 3 && c > 4) s.setXAxisLabelRotation(40);
        List<String> x = new ArrayList<>(names);
        List<String> y = new ArrayList<>();
        for (int t = c - 1; t >= 0; t--) y.add(names.get(t)); // first class at the top
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < c; t++)
            for (int p = 0; p < c; p++) cells.add(new Number[]{p, c - 1 - t, m[t][p]});
        chart.addSeries("counts", x, y, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }
}
