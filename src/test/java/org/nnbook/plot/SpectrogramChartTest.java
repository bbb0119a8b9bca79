package org.nnbook.plot;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.*;

/** The spectrogram heat map renders at the chart size, loud cells brighter than quiet ones, and rejects mismatched band lists. */
class SpectrogramChartTest {

    @Test
    void drawsLoudCellsBright() {
        double[][] v = new double[8][20];
        for (int t = 0; t < 20; t++) v[6][t] = 10;                       // one loud band near the top
        double[] hz = {100, 200, 300, 400, 500, 600, 700, 800};
        BufferedImage im = Charts.spectrogram("a loud band", v, 0.016, hz);
        assertEquals(Charts.WIDTH, im.getWidth());
        assertEquals(Charts.HEIGHT, im.getHeight());
        int bright = 0;
        for (int x = 0; x < im.getWidth(); x++) for (int y = 0; y < im.getHeight(); y++) {
            int rgb = im.getRGB(x, y), r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
            if (r > 200 && g > 200 && b < 100) bright++;                  // the yellow end of the colour scale
        }
        assertTrue(bright > 1000, bright + " yellow pixels");
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.spectrogram("x", v, 0.016, new double[3]));
        assertTrue(e.getMessage().contains("8 bands"), e.getMessage());
    }
}
