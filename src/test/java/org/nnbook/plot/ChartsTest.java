package org.nnbook.plot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.eval.Evaluation;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Each chart renders to a plausible image; the PNGs land in target/plots/ for a human to look at. */
class ChartsTest {
    static final Path OUT = Path.of("target", "plots");
    static Dataset train, test;
    static Evaluation ev;

    /** Nearest class mean: a real (weak, ~80%) classifier, so the charts show realistic mistakes. */
    static final class NearestMean implements Layer {
        final INDArray means; // (784, 10)

        NearestMean(Dataset d) {
            INDArray counts = d.y().sum(0);                                   // (10)
            means = d.x().transpose().mmul(d.y()).divi(counts);     // (784, 10)
        }

        @Override
        public INDArray forward(INDArray x, boolean training) {
            // -|x - m|^2 up to a per-row constant: 2 x.m - |m|^2
            INDArray norms = means.mul(means).sum(0);
            return x.mmul(means).muli(2).subi(norms);
        }

        @Override
        public INDArray backward(INDArray gradOut) { throw new UnsupportedOperationException(); }
    }

    @BeforeAll
    static void setUp() throws IOException {
        Files.createDirectories(OUT);
        train = Mnist.smallTrain();
        test = Mnist.smallTest();
        ev = Evaluation.of(new NearestMean(train), test);
    }

    static BufferedImage save(BufferedImage im, String name) throws IOException {
        assertNotNull(im);
        ImageIO.write(im, "png", OUT.resolve(name + ".png").toFile());
        return im;
    }

    /** A reversal's attention (the anti-diagonal), a repeated token, a long sentence without values in the cells, and the errors. */
    @Test
    void attentionMaps() throws IOException {
        List<String> src = List.of("3", "1", "4", "1", "5"), out = List.of("5", "1", "4", "1", "3");
        double[][] w = new double[5][5];
        for (int q = 0; q < 5; q++) for (int k = 0; k < 5; k++) w[q][k] = k == 4 - q ? 0.9 : 0.025;
        BufferedImage im = save(Charts.attention("Reversing: each output looks at its mirror", w, out, src), "attention-reverse");
        assertTrue(im.getWidth() > 200 && im.getHeight() > 200);
        int darkBlue = 0;
        for (int x = 0; x < im.getWidth(); x++)
            for (int y = 0; y < im.getHeight(); y++) {
                int rgb = im.getRGB(x, y), r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (b > 150 && r < 60 && g < 140) darkBlue++;
            }
        assertTrue(darkBlue > 500, "the large weights are drawn blue: " + darkBlue + " dark blue pixels");
        assertEquals(List.of("the", "cat", "the (2)", "␣", "the (3)"), AttentionMap.distinct(List.of("the", "cat", "the", " ", "the")));
        assertEquals(List.of("a (2)", "a", "a (2) #3"), AttentionMap.distinct(List.of("a (2)", "a", "a")));
        int n = 30;
        double[][] big = new double[n][n];
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) { words.add("word" + (i % 7)); for (int k = 0; k <= i; k++) big[i][k] = 1.0 / (i + 1); }
        save(Charts.attention("Causal self-attention, 30 tokens", big, words, words), "attention-causal");
        assertThrows(IllegalArgumentException.class, () -> Charts.attention("t", w, out, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> Charts.attention("t", new double[][]{{1, 0}, {1}}, List.of("a", "b"), List.of("x", "y")));
        assertThrows(IllegalArgumentException.class, () -> Charts.attention("t", new double[0][0], List.of(), List.of()));
    }

    @Test
    void legendGoesWhereTheCurvesAreNot() {
        var rising = List.of(Series.of("accuracy", new double[]{0.1, 0.5, 0.8, 0.9, 0.95, 0.96}));
        var falling = List.of(Series.of("loss", new double[]{2.0, 1.0, 0.5, 0.3, 0.2, 0.1}));
        assertEquals(Styler.LegendPosition.InsideSE, LineChart.emptyCorner(rising));
        assertEquals(Styler.LegendPosition.InsideNE, LineChart.emptyCorner(falling));
        double[] wave = new double[60];
        for (int i = 0; i < wave.length; i++) wave[i] = Math.sin(i);
        assertEquals(Styler.LegendPosition.OutsideS, LineChart.emptyCorner(List.of(Series.of("sin", wave))), "no corner is free: below the plot");
    }

    @Test
    void linesDrawsAnySeries() throws IOException {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("SGD", new double[]{2.3, 1.4, 0.9, 0.7, 0.6, 0.55});
        s.put("Adam", new double[]{2.3, 0.8, 0.5, 0.4, 0.35, 0.33});
        BufferedImage im = save(Charts.lines("Loss by optimizer", "epoch", "training loss", s), "lines");
        assertEquals(Charts.WIDTH, im.getWidth());
        assertTrue(hasInk(im));
    }

    @Test
    void mapSeriesAreSolidWhateverTheirNames() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("loss", new double[]{1.0, 0.5, 0.3});
        s.put("val_loss", new double[]{1.1, 0.7, 0.6});
        XYChart chart = Charts.chart("t", "epoch", "loss", s, Styler.LegendPosition.InsideNE);
        assertFalse(isDashed(chart, "loss"));
        assertFalse(isDashed(chart, "val_loss"), "no naming convention: a map's series are all solid");
        assertNotEquals(colour(chart, "loss"), colour(chart, "val_loss"));
    }

    @Test
    void seriesSayWhetherTheyAreDashedAndWhichColourTheyHave() throws IOException {
        double[] tiny = {2.0, 1.5, 1.3, 1.2}, tinyVal = {2.0, 1.6, 1.4, 1.35}, big = {1.5, 0.5, 0.1, 0.02}, bigVal = {1.4, 0.8, 0.9, 1.1};
        List<Series> series = List.of(
                Series.of("tiny net: training", tiny).colour(0), Series.dashed("tiny net: validation", tinyVal).colour(0),
                Series.of("big net: training", big).colour(1), Series.dashed("big net: validation", bigVal).colour(1));
        XYChart chart = Charts.chart("fit", "epoch", "loss", series, Styler.LegendPosition.InsideNE);
        assertFalse(isDashed(chart, "tiny net: training"));
        assertTrue(isDashed(chart, "tiny net: validation"));
        assertEquals(Charts.COLORS[0], colour(chart, "tiny net: training"));
        assertEquals(Charts.COLORS[0], colour(chart, "tiny net: validation"));
        assertEquals(Charts.COLORS[1], colour(chart, "big net: validation"));
        assertTrue(hasInk(save(Charts.lines("Under- and over-fitting", "epoch", "loss", series), "lines-dashed")));
        // Series without a colour of their own take the next one that no other series asks for.
        XYChart mixed = Charts.chart("t", "x", "y", List.of(Series.of("a", tiny), Series.of("b", big).colour(1), Series.dashed("c", bigVal)),
                Styler.LegendPosition.InsideNE);
        assertEquals(Charts.COLORS[0], colour(mixed, "a"));
        assertEquals(Charts.COLORS[2], colour(mixed, "c"));
        // Over an x axis too.
        double[] x = {0.5, 1, 1.5, 2};
        assertTrue(hasInk(save(Charts.lines("over x", "x", "y", x, List.of(Series.of("f", tiny), Series.dashed("g", big))), "lines-x-dashed")));
        assertThrows(IllegalArgumentException.class, () -> Charts.lines("t", "x", "y", new double[]{1, 2}, List.of(Series.of("f", tiny))));
        assertThrows(IllegalArgumentException.class, () -> Charts.lines("t", "x", "y", List.of(Series.of("f", tiny), Series.dashed("f", big))));
        assertThrows(IllegalArgumentException.class, () -> Series.of("f", tiny).colour(Charts.COLORS.length));
    }

    static boolean isDashed(XYChart chart, String name) {
        return chart.getSeriesMap().get(name).getLineStyle().getDashArray() != null;
    }

    static java.awt.Color colour(XYChart chart, String name) { return chart.getSeriesMap().get(name).getLineColor(); }

    @Test
    void confusionHeatmap() throws IOException {
        BufferedImage im = save(Charts.confusion(ev), "confusion");
        assertTrue(im.getWidth() >= 400 && im.getHeight() >= 400, im.getWidth() + "x" + im.getHeight());
        assertTrue(hasInk(im));
        Evaluation three = Evaluation.of(new int[]{0, 1, 2, 2}, new int[]{0, 2, 1, 2}, List.of("T-shirt/top", "Trouser", "Pullover"));
        save(Charts.confusion(three), "confusion-named");
        assertTrue(hasInk(save(Charts.confusion(three, "GRU over word ids"), "confusion-titled")));
        List<String> fashion = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        save(Charts.confusion(Evaluation.of(ev.truth(), ev.predictions(), fashion)), "confusion-fashion-names");
    }

    @Test
    void imageGridsWithCaptions() throws IOException {
        BufferedImage plain = save(Charts.samples(test, 20), "samples");
        assertTrue(plain.getWidth() > 10 * 84 && plain.getHeight() > 2 * 84, plain.getWidth() + "x" + plain.getHeight());
        save(Charts.samples(test, ev, 30), "samples-predicted");
        BufferedImage wrong = save(Charts.misclassified(test, ev, 20), "misclassified");
        assertTrue(hasRed(wrong), "mistakes are captioned in red");
        assertFalse(hasRed(plain));
        // (N, 1, 28, 28) and standardised values work too.
        INDArray images = Mnist.asImages(test.take(8)).x();
        INDArray standardised = images.sub(images.meanNumber()).div(images.stdNumber());
        BufferedImage bare = save(Charts.images(standardised, 4), "images-no-captions");
        BufferedImage numbered = save(Charts.images(standardised, test.take(8).labels(), 4), "images-labels");
        BufferedImage named = save(Charts.images(images, test.take(8).labels(), List.of("zero", "one", "two", "three", "four",
                "five", "six", "seven", "eight", "nine"), 4), "images-class-names");
        assertEquals(bare.getWidth(), numbered.getWidth());
        assertTrue(numbered.getHeight() > bare.getHeight(), "captions take room");
        assertEquals(numbered.getHeight(), named.getHeight());
        assertThrows(IllegalArgumentException.class, () -> Charts.images(Nd4j.zeros(3, 10), 3));
        assertThrows(IllegalArgumentException.class, () -> Charts.images(images, null, 3));
        assertThrows(IllegalArgumentException.class, () -> Charts.samples(train, ev, 5));
    }

    static boolean hasInk(BufferedImage im) {
        for (int y = 0; y < im.getHeight(); y += 2)
            for (int x = 0; x < im.getWidth(); x += 2)
                if ((im.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) return true;
        return false;
    }

    static boolean hasRed(BufferedImage im) {
        for (int y = 0; y < im.getHeight(); y++)
            for (int x = 0; x < im.getWidth(); x++) {
                int rgb = im.getRGB(x, y), r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                if (r > 150 && g < 90 && b < 90) return true;
            }
        return false;
    }
}
