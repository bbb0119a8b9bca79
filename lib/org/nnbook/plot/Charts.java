package org.nnbook.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.data.Dataset;
import org.nnbook.eval.Evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The course's charts, each returned as a {@link BufferedImage} that a notebook cell shows as its
 * value (XChart rendered headless with {@link BitmapEncoder}, or Java2D for image grids).
 *
 * <pre>{@code
 * Charts.lines("Loss", "epoch", "loss", List.of(Series.of("training", loss), Series.dashed("validation", valLoss)))
 * Charts.confusion(Evaluation.of(net, test))
 * Charts.samples(test, ev, 20)            // digits with label and prediction, mistakes in red
 * Charts.images(filters, 6)               // any images, 6 to a row
 * }</pre>
 *
 * <p>A training run draws its own curves with these: {@code history.chart()}.
 */
public final class Charts {
    /** Width and height of one chart panel, in pixels. */
    public static final int WIDTH = 560, HEIGHT = 380;

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** The Okabe-Ito colours (safe for colour-blind readers), one per series in order; use them for charts of your own. */
    public static final Color[] COLORS = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(86, 180, 233), new Color(213, 94, 0), new Color(120, 120, 120)};

    private Charts() {}

    /** Curves against the epoch 1, 2, ...: one solid line per entry of {@code series}, each in its own colour. */
    public static BufferedImage lines(String title, Map<String, double[]> series) { return lines(title, "epoch", "", series); }

    /** As {@link #lines(String, Map)} with axis titles; x is 1, 2, ... (epochs or steps). */
    public static BufferedImage lines(String title, String xLabel, String yLabel, Map<String, double[]> series) {
        return lines(title, xLabel, yLabel, Series.solid(series));
    }

    /** Curves y = f(x) over the given {@code x}: one solid line per entry of {@code series}, each as long as {@code x}. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        return lines(title, xLabel, yLabel, x, Series.solid(series));
    }

    /**
     * Curves against x = 1, 2, ... (epochs or steps), drawn as each {@link Series} says (solid or dashed,
     * its colour): {@code Charts.lines("Loss", "epoch", "loss", List.of(Series.of("training", loss),
     * Series.dashed("validation", valLoss)))}.
     */
    public static BufferedImage lines(String title, String xLabel, String yLabel, List<Series> series) {
        return render(chart(title, xLabel, yLabel, series, LineChart.emptyCorner(series)));
    }

    /** Curves y = f(x) over the given {@code x}, drawn as each {@link Series} says; each series as long as {@code x}. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, double[] x, List<Series> series) {
        for (Series s : series)
            if (s.values().length != x.length)
                throw new IllegalArgumentException("Charts.lines: series '" + s.name() + "' has " + s.values().length
                        + " values but x has " + x.length + ".");
        XYChart chart = chart(title, xLabel, yLabel, series, LineChart.emptyCorner(series));
        chart.getStyler().setXAxisDecimalPattern(LineChart.decimals(List.of(x)));
        chart.getStyler().setXAxisMaxLabelCount(11);
        for (Series s : series) {
            chart.updateXYSeries(s.name(), x, s.values(), null);
            chart.getSeriesMap().get(s.name()).setMarker(SeriesMarkers.NONE);
        }
        return render(chart);
    }

    /** As {@link #chart(String, String, String, List, Styler.LegendPosition)} with solid lines, one per entry of {@code series}. */
    public static XYChart chart(String title, String xLabel, String yLabel, Map<String, double[]> series, Styler.LegendPosition legend) {
        return chart(title, xLabel, yLabel, Series.solid(series), legend);
    }

    /**
     * The XChart chart behind {@link #lines}, to adjust before rendering with {@link #render}: x is
     * 1, 2, ...; each series solid or dashed and in the colour it asks for (see {@link Series}).
     */
    public static XYChart chart(String title, String xLabel, String yLabel, List<Series> series, Styler.LegendPosition legend) {
        return LineChart.build(title, xLabel, yLabel, series, legend);
    }

    /** Renders any XChart chart to an image. */
    public static BufferedImage render(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) { return BitmapEncoder.getBufferedImage(chart); }

    /** A spectrogram (bands, frames) as a heat map: see {@link SpectrogramChart}. */
    public static BufferedImage spectrogram(String title, double[][] values, double secondsPerHop, double[] bandHz) {
        return SpectrogramChart.draw(title, values, secondsPerHop, bandHz);
    }

    /** Attention weights (queries, keys) as a heat map, rows labelled by the query tokens and columns by the key tokens: see {@link AttentionMap}. */
    public static BufferedImage attention(String title, double[][] weights, List<String> queryTokens, List<String> keyTokens) {
        return AttentionMap.draw(title, weights, queryTokens, keyTokens);
    }

    /** The confusion matrix of {@code ev} as a heat map, counts written in the cells. */
    public static BufferedImage confusion(Evaluation ev) {
        String title = String.format("Confusion matrix (accuracy %.1f%% of %,d)", 100 * ev.accuracy(), ev.size());
        return ConfusionPlot.draw(ev.confusionMatrix(), ev.classNames(), title);
    }

    /** As {@link #confusion(Evaluation)}, titled with the model's name, e.g. when several are drawn side by side. */
    public static BufferedImage confusion(Evaluation ev, String model) {
        String title = String.format("%s (accuracy %.1f%% of %,d)", model, 100 * ev.accuracy(), ev.size());
        return ConfusionPlot.draw(ev.confusionMatrix(), ev.classNames(), title);
    }

    /**
     * A grid of images without captions, {@code columns} wide: filters, feature maps, inputs.
     * {@code x} is (N, H*W) with square images, (N, H, W) or (N, C, H, W) with C = 1 or 3; values in
     * [0, 1] are drawn as they are, others stretched per image.
     */
    public static BufferedImage images(INDArray x, int columns) { return ImageGrid.draw(x, null, null, null, columns); }

    /** As {@link #images(INDArray, int)}, each image captioned with its label (a class number). */
    public static BufferedImage images(INDArray x, int[] labels, int columns) {
        return ImageGrid.draw(x, requireLabels(labels), null, null, columns);
    }

    /** As {@link #images(INDArray, int)}, each image captioned with the name of its class, {@code classNames.get(label)}. */
    public static BufferedImage images(INDArray x, int[] labels, List<String> classNames, int columns) {
        return ImageGrid.draw(x, requireLabels(labels), null, classNames, columns);
    }

    /** The first {@code n} examples of {@code data} with their labels, 10 to a row. */
    public static BufferedImage samples(Dataset data, int n) {
        Dataset d = data.take(n);
        return ImageGrid.draw(d.x(), d.labels(), null, d.classNames(), 10);
    }

    /** The first {@code n} examples of {@code data} with label and prediction from {@code ev} (made on the same data). */
    public static BufferedImage samples(Dataset data, Evaluation ev, int n) {
        checkSame(data, ev);
        Dataset d = data.take(n);
        return ImageGrid.draw(d.x(), d.labels(), Arrays.copyOf(ev.predictions(), d.size()), d.classNames(), 10);
    }

    /** Up to {@code n} of the examples that {@code ev} (made on {@code data}) got wrong, with label and prediction. */
    public static BufferedImage misclassified(Dataset data, Evaluation ev, int n) {
        checkSame(data, ev);
        int[] wrong = ev.misclassified();
        if (wrong.length == 0) throw new IllegalArgumentException("Charts.misclassified: no mistakes to show (accuracy is 100%).");
        int[] rows = Arrays.copyOf(wrong, Math.min(n, wrong.length));
        int[] predicted = ev.predictions();
        Dataset d = data.subset(rows);
        return ImageGrid.draw(d.x(), d.labels(), Arrays.stream(rows).map(r -> predicted[r]).toArray(), d.classNames(), 10);
    }

    /**
     * Images and what explanation methods make of them (saliency, integrated gradients, occlusion...): one
     * column per image, the first row the images (N, 1, H, W) in grey, then one row per map (N, H, W), each
     * named on the left and drawn on its own diverging scale (white 0, red positive, blue negative);
     * {@code captions} (one per image, or null) go above the columns.
     */
    public static BufferedImage attributions(INDArray images, List<INDArray> maps, List<String> rowNames, List<String> captions) {
        return AttributionGrid.draw(images, maps, rowNames, captions);
    }

    /** Images placed left to right on white, tops aligned. */
    public static BufferedImage sideBySide(BufferedImage... images) {
        int w = Arrays.stream(images).mapToInt(BufferedImage::getWidth).sum();
        int h = Arrays.stream(images).mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int at = 0;
        for (BufferedImage im : images) {
            g.drawImage(im, at, 0, null);
            at += im.getWidth();
        }
        g.dispose();
        return out;
    }

    /** Gives any XChart chart nnbook's look (white, light grid, readable fonts): {@code Charts.style(chart.getStyler())}. */
    public static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setLegendFont(LABEL);
        s.setLegendBorderColor(new Color(220, 220, 220));
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(LABEL);
            a.setAxisTickLabelsFont(TICK);
            a.setPlotBackgroundColor(Color.WHITE);
            a.setPlotGridLinesColor(new Color(230, 230, 230));
            a.setPlotBorderVisible(false);
            a.setAxisTickMarkLength(4);
        }
    }

    private static int[] requireLabels(int[] labels) {
        if (labels == null)
            throw new IllegalArgumentException("Charts.images: labels is null; for images without captions use Charts.images(x, columns).");
        return labels;
    }

    private static void checkSame(Dataset data, Evaluation ev) {
        if (data.size() != ev.size() || !Arrays.equals(data.labels(), ev.truth()))
            throw new IllegalArgumentException("Charts: the Evaluation was made on " + ev.size() + " rows, not on this data set of "
                    + data.size() + "; pass the data set that Evaluation.of(model, data) was given.");
    }
}
