package org.nnbook.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A spectrogram as a heat map: time (s) along x, frequency (the centre of each mel band, Hz) up y, the
 * value (e.g. dB) as colour, dark blue (quiet) to yellow (loud).
 */
public final class SpectrogramChart {
    private SpectrogramChart() {}

    /**
     * @param values        (bands, frames), row 0 the lowest band
     * @param secondsPerHop time between two frames
     * @param bandHz        each band's centre frequency in Hz (its length the number of rows)
     */
    public static BufferedImage draw(String title, double[][] values, double secondsPerHop, double[] bandHz) {
        if (values.length == 0 || values[0].length == 0) throw new IllegalArgumentException("an empty spectrogram");
        int bands = values.length, frames = values[0].length;
        if (bandHz.length != bands)
            throw new IllegalArgumentException("a spectrogram of " + bands + " bands but " + bandHz.length + " band frequencies");
        HeatMapChart chart = new HeatMapChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle(String.format(Locale.ROOT, "time: 0 to %.2f s, one column every %.0f ms", values[0].length * secondsPerHop, 1000 * secondsPerHop)).yAxisTitle("mel band centre (Hz)").build();
        Charts.style(chart.getStyler());
        var s = chart.getStyler();
        s.setShowValue(false);
        s.setLegendVisible(false);
        s.setPlotContentSize(1.0);
        s.setRangeColors(new Color[] {new Color(13, 8, 135), new Color(126, 3, 168), new Color(204, 71, 120), new Color(248, 149, 64), new Color(240, 249, 33)});
        s.setXAxisTicksVisible(false);                 // one label per frame would not fit: the axis title gives the scale
        List<String> x = new ArrayList<>(), y = new ArrayList<>();
        for (int t = 0; t < frames; t++) x.add(String.valueOf(t));
        for (int b = 0; b < bands; b++) y.add(String.format(Locale.ROOT, "%.0f", bandHz[b]));   // distinct: the bands are more than 1 Hz apart
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < frames; t++) for (int b = 0; b < bands; b++) cells.add(new Number[] {t, b, values[b][t]});
        chart.addSeries("spectrogram", x, y, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }
}
