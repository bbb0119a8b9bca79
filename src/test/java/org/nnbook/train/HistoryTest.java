package org.nnbook.train;

import org.junit.jupiter.api.Test;
import org.nnbook.plot.Charts;
import org.nnbook.plot.Series;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** History's values and its chart; the PNGs land in target/plots/ for a human to look at. */
class HistoryTest {
    static final Path OUT = Path.of("target", "plots");

    static History history(int epochs) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            double loss = 0.25 + 2.0 * Math.exp(-0.6 * e);
            h.add(Map.of("loss", loss, "val_loss", loss + 0.05 + 0.01 * e, "accuracy", 1 - loss / 2.6,
                    "val_accuracy", 1 - loss / 2.5 - 0.01 * e / 3, "lr", 1e-3, "seconds", 3.2));
        }
        return h;
    }

    static BufferedImage save(BufferedImage im, String name) throws IOException {
        assertNotNull(im);
        Files.createDirectories(OUT);
        ImageIO.write(im, "png", OUT.resolve(name + ".png").toFile());
        return im;
    }

    @Test
    void valuesByKeyAndEpoch() {
        History h = history(3);
        assertEquals(3, h.size());
        assertEquals(h.get("loss")[0], h.first("loss"));
        assertEquals(h.get("val_accuracy")[2], h.last("val_accuracy"));
        assertThrows(IllegalArgumentException.class, () -> h.get("nope"));
    }

    @Test
    void chartShowsLossAndAccuracySideBySide() throws IOException {
        BufferedImage im = save(history(10).chart(), "history");
        assertEquals(2 * Charts.WIDTH, im.getWidth());
        assertEquals(Charts.HEIGHT, im.getHeight());
        save(history(60).chart(), "history-60-epochs");
    }

    @Test
    void validationCurvesAreDashedTrainingCurvesSolid() {
        History h = history(4);
        List<Series> loss = h.curves("loss"), acc = h.curves("acc");
        assertEquals(List.of("loss", "val_loss"), loss.stream().map(Series::name).toList());
        assertEquals(List.of("accuracy", "val_accuracy"), acc.stream().map(Series::name).toList());
        assertFalse(loss.get(0).dashed());
        assertTrue(loss.get(1).dashed());
        assertFalse(acc.get(0).dashed());
        assertTrue(acc.get(1).dashed());
    }

    @Test
    void chartWithLossOnlyIsOnePanel() throws IOException {
        History h = new History();
        for (int e = 0; e < 5; e++) h.add(Map.of("loss", 1.0 / (e + 1)));
        assertEquals(Charts.WIDTH, save(h.chart(), "history-loss-only").getWidth());
        h.add(Map.of("loss", 0.15, "val_loss", 0.2)); // validation only in the last epoch: NaN elsewhere
        assertEquals(Charts.WIDTH, save(h.chart(), "history-with-gaps").getWidth());
        History none = new History();
        none.add(Map.of("lr", 0.1));
        assertThrows(IllegalArgumentException.class, none::chart);
        assertThrows(IllegalArgumentException.class, () -> new History().chart());
    }
}
