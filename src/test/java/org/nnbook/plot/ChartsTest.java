package org.nnbook.plot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.eval.Evaluation;
import org.nnbook.train.History;

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
            means = d.x().transpose().mmul(d.y()).diviRowVector(counts);     // (784, 10)
        }

        @Override
        public INDArray forward(INDArray x, boolean training) {
            // -|x - m|^2 up to a per-row constant: 2 x.m - |m|^2
            INDArray norms = means.mul(means).sum(0);
            return x.mmul(means).muli(2).subiRowVector(norms);
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

    static History history(int epochs) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            double loss = 0.25 + 2.0 * Math.exp(-0.6 * e);
            h.add(Map.of("loss", loss, "val_loss", loss + 0.05 + 0.01 * e, "accuracy", 1 - loss / 2.6,
                    "val_accuracy", 1 - loss / 2.5 - 0.01 * e / 3, "lr", 1e-3, "seconds", 3.2));
        }
        return h;
    }

    @Test
    void legendGoesWhereTheCurvesAreNot() {
        var rising = Map.of("accuracy", new double[]{0.1, 0.5, 0.8, 0.9, 0.95, 0.96});
        var falling = Map.of("loss", new double[]{2.0, 1.0, 0.5, 0.3, 0.2, 0.1});
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.InsideSE, Charts.emptyCorner(rising));
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.InsideNE, Charts.emptyCorner(falling));
    }

    @Test
    void historyShowsLossAndAccuracySideBySide() throws IOException {
        BufferedImage im = save(Charts.history(history(10)), "history");
        assertEquals(2 * Charts.WIDTH, im.getWidth());
        assertEquals(Charts.HEIGHT, im.getHeight());
        save(Charts.history(history(60)), "history-60-epochs");
    }

    @Test
    void historyWithLossOnlyIsOnePanel() throws IOException {
        History h = new History();
        for (int e = 0; e < 5; e++) h.add(Map.of("loss", 1.0 / (e + 1)));
        assertEquals(Charts.WIDTH, save(Charts.history(h), "history-loss-only").getWidth());
        h.add(Map.of("loss", 0.15, "val_loss", 0.2)); // validation only in the last epoch: NaN elsewhere
        assertTrue(hasInk(save(Charts.history(h), "history-with-gaps")));
        History none = new History();
        none.add(Map.of("lr", 0.1));
        assertThrows(IllegalArgumentException.class, () -> Charts.history(none));
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
    void confusionHeatmap() throws IOException {
        BufferedImage im = save(Charts.confusion(ev), "confusion");
        assertTrue(im.getWidth() >= 400 && im.getHeight() >= 400, im.getWidth() + "x" + im.getHeight());
        assertTrue(hasInk(im));
        Evaluation three = Evaluation.of(new int[]{0, 1, 2, 2}, new int[]{0, 2, 1, 2}, List.of("T-shirt/top", "Trouser", "Pullover"));
        save(Charts.confusion(three), "confusion-named");
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
        save(Charts.images(standardised, null, null, null, 4), "images-no-captions");
        assertThrows(IllegalArgumentException.class, () -> Charts.images(Nd4j.zeros(3, 10), null, null, null, 3));
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
