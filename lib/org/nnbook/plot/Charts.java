package org.nnbook.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.data.Dataset;
import org.nnbook.eval.Evaluation;
import org.nnbook.train.History;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The course's charts, each returned as a {@link BufferedImage} that a notebook cell shows as its
 * value (XChart rendered headless with {@link BitmapEncoder}, or Java2D for image grids).
 *
 * <pre>{@code
 * Charts.history(history)                 // loss | accuracy, train and validation, per epoch
 * Charts.confusion(Evaluation.of(net, test))
 * Charts.samples(test, ev, 20)            // digits with label and prediction, mistakes in red
 * }</pre>
 */
public final class Charts {
    /** Width and height of one chart panel, in pixels. */
    public static final int WIDTH = 560, HEIGHT = 380;

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    // The Okabe-Ito colours (safe for colour-blind readers), one per series in order.
    /** The Okabe-Ito colours, one per series in order; use them for charts of your own. */
    public static final Color[] COLORS = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(86, 180, 233), new Color(213, 94, 0), new Color(120, 120, 120)};

    private Charts() {}

    /**
     * Training curves: loss and val_loss (every key containing "loss") in the left panel, accuracy and
     * val_accuracy (every key containing "acc") in the right one, against the epoch.
     */
    public static BufferedImage history(History history) {
        if (history.size() == 0) throw new IllegalArgumentException("Charts.history: the History is empty; train for at least one epoch.");
        Map<String, double[]> loss = new LinkedHashMap<>(), acc = new LinkedHashMap<>();
        for (boolean validation : new boolean[]{false, true}) // training curves first, then validation
            for (String k : history.keys()) {
                if (k.startsWith("val_") != validation) continue;
                if (k.contains("loss")) loss.put(k, history.get(k));
                else if (k.contains("acc")) acc.put(k, history.get(k));
            }
        if (loss.isEmpty() && acc.isEmpty())
            throw new IllegalArgumentException("Charts.history: no 'loss' or 'accuracy' in the History, which has " + history.keys() + ".");
        BufferedImage left = loss.isEmpty() ? null : render(chart("Loss", "epoch", "loss", loss, Styler.LegendPosition.InsideNE));
        BufferedImage right = acc.isEmpty() ? null : render(chart("Accuracy", "epoch", "accuracy", acc, Styler.LegendPosition.InsideSE));
        return left == null ? right : right == null ? left : sideBySide(left, right);
    }

    /** Curves against the epoch 1, 2, ...: one line per entry of {@code series}. */
    public static BufferedImage lines(String title, Map<String, double[]> series) { return lines(title, "epoch", "", series); }

    /** As {@link #lines(String, Map)} with axis titles; x is 1, 2, ... (epochs or steps). */
    public static BufferedImage lines(String title, String xLabel, String yLabel, Map<String, double[]> series) {
        return render(chart(title, xLabel, yLabel, series, emptyCorner(series)));
    }

    /** Curves y = f(x) over the given {@code x}: one line per entry of {@code series}, each as long as {@code x}. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        for (var e : series.entrySet())
            if (e.getValue().length != x.length)
                throw new IllegalArgumentException("Charts.lines: series '" + e.getKey() + "' has " + e.getValue().length
                        + " values but x has " + x.length + ".");
        XYChart chart = chart(title, xLabel, yLabel, series, emptyCorner(series));
        chart.getStyler().setXAxisDecimalPattern(decimals(Map.of("x", x)));
        chart.getStyler().setXAxisMaxLabelCount(11);
        for (var e : series.entrySet()) {
            chart.updateXYSeries(e.getKey(), x, e.getValue(), null);
            chart.getSeriesMap().get(e.getKey()).setMarker(SeriesMarkers.NONE);
        }
        return render(chart);
    }

    /**
     * The XChart chart behind {@link #lines}, to adjust before rendering with
     * {@link #render}. Each series has its own colour; validation series ("val_...") are dashed.
     */
    public static XYChart chart(String title, String xLabel, String yLabel, Map<String, double[]> series, Styler.LegendPosition legend) {
        if (series.isEmpty()) throw new IllegalArgumentException("Charts.lines: no series to draw.");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(legend);
        int maxLen = series.values().stream().mapToInt(v -> v.length).max().orElse(0);
        chart.getStyler().setXAxisDecimalPattern("#");
        if (maxLen <= 12) chart.getStyler().setXAxisMaxLabelCount(maxLen);
        chart.getStyler().setXAxisTickMarkSpacingHint(70);   // long series: a label every ~70 px, not every point
        chart.getStyler().setYAxisDecimalPattern(decimals(series));
        int colour = 0;
        for (var e : series.entrySet()) {
            String name = e.getKey();
            boolean validation = name.startsWith("val_");
            Color c = COLORS[colour++ % COLORS.length];
            double[] y = e.getValue();
            double[] x = new double[y.length];
            for (int k = 0; k < y.length; k++) x[k] = k + 1;
            XYSeries s = chart.addSeries(name, x, y);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setLineStyle(validation ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[]{7, 4}, 0)
                    : new BasicStroke(2.2f));
            s.setMarker(maxLen <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * The inside corner where the legend hides the least: the right side unless the curves end where
     * they started, and the top or the bottom, whichever the curves' right-hand thirds stay away from.
     */
    static Styler.LegendPosition emptyCorner(Map<String, double[]> series) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : series.values())
            for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        if (!(hi > lo)) return Styler.LegendPosition.InsideNE;
        double mid = (lo + hi) / 2;
        int upperRight = 0, lowerRight = 0, upperLeft = 0, lowerLeft = 0;
        for (double[] v : series.values())
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) continue;
                boolean upper = v[i] > mid;
                if (i >= v.length * 2 / 3) { if (upper) upperRight++; else lowerRight++; }
                else if (i < v.length / 3) { if (upper) upperLeft++; else lowerLeft++; }
            }
        int best = Math.min(Math.min(upperRight, lowerRight), Math.min(upperLeft, lowerLeft));
        if (best == upperRight) return Styler.LegendPosition.InsideNE;
        if (best == lowerRight) return Styler.LegendPosition.InsideSE;
        return best == upperLeft ? Styler.LegendPosition.InsideNW : Styler.LegendPosition.InsideSW;
    }

    /** A y-axis number pattern with enough decimals for the data's range (XChart's default drops them: "2", "1.8"). */
    static String decimals(Map<String, double[]> series) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : series.values())
            for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        double range = hi - lo;
        if (!(range > 0)) return "0.###";
        if (Math.max(Math.abs(lo), Math.abs(hi)) >= 1e5 || range < 1e-4) return "0.##E0";
        int places = Math.max(0, (int) Math.ceil(-Math.log10(range / 8)));
        return places == 0 ? "#,##0" : "0." + "0".repeat(places);
    }

    /** Renders any XChart chart to an image. */
    public static BufferedImage render(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) { return BitmapEncoder.getBufferedImage(chart); }

    /** The confusion matrix of {@code ev} as a heat map, counts written in the cells. */
    public static BufferedImage confusion(Evaluation ev) {
        String title = String.format("Confusion matrix (accuracy %.1f%% of %,d)", 100 * ev.accuracy(), ev.size());
        return ConfusionPlot.draw(ev.confusionMatrix(), ev.classNames(), title);
    }

    /**
     * A grid of images, {@code columns} wide. {@code x} is (N, H*W) with square images, (N, H, W) or
     * (N, C, H, W) with C = 1 or 3; values in [0, 1] are drawn as they are, others stretched per image.
     * Captions: the label, and the prediction when {@code predicted} is not null (mistakes in red).
     * {@code labels} may be null too.
     */
    public static BufferedImage images(INDArray x, int[] labels, int[] predicted, List<String> classNames, int columns) {
        return ImageGrid.draw(x, labels, predicted, classNames, columns);
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

    private static void checkSame(Dataset data, Evaluation ev) {
        if (data.size() != ev.size() || !Arrays.equals(data.labels(), ev.truth()))
            throw new IllegalArgumentException("Charts: the Evaluation was made on " + ev.size() + " rows, not on this data set of "
                    + data.size() + "; pass the data set that Evaluation.of(model, data) was given.");
    }
}
