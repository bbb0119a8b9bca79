package org.nnbook.plot;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Lines with error bars over seeds render (target/plots/spread.png) and refuse runs that do not match x. */
class SpreadChartTest {
    @Test
    void meansWithErrorBars() throws IOException {
        java.nio.file.Files.createDirectories(ChartsTest.OUT);
        Map<String, double[][]> runs = new LinkedHashMap<>();
        runs.put("from scratch", new double[][]{{0.60, 0.70, 0.65}, {0.85, 0.88, 0.86}, {0.93, 0.92, 0.94}});
        runs.put("fine-tuned", new double[][]{{0.90, 0.91, 0.89}, {0.95, 0.96, 0.95}, {0.97, 0.97, 0.98}});
        BufferedImage im = ChartsTest.save(SpreadChart.draw("Transfer", "labels per class", "test accuracy", new double[]{10, 50, 100}, runs), "spread");
        assertEquals(Charts.WIDTH, im.getWidth());
        assertTrue(ChartsTest.hasInk(im));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpreadChart.draw("t", "x", "y", new double[]{10, 50}, runs));
        assertTrue(e.getMessage().contains("'from scratch' has results at 3 points but x has 2"), e.getMessage());
    }
}
