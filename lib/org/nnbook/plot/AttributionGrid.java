package org.nnbook.plot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Java2D grid of images and what explanation methods make of them: one column per example, the first row
 * the images in grey, then one row per method, each map drawn on a diverging scale of its own (white 0,
 * red positive, blue negative, the strongest colour at the map's largest |value|).
 */
final class AttributionGrid {
    private static final int PAD = 8, LABEL = 130, CAPTION = 20;
    private static final Color POSITIVE = new Color(200, 30, 30), NEGATIVE = new Color(30, 80, 200);

    private AttributionGrid() {}

    static BufferedImage draw(INDArray images, List<INDArray> maps, List<String> rowNames, List<String> captions) {
        if (images == null || images.rank() != 4 || images.size(1) != 1)
            throw new IllegalArgumentException("Charts.attributions: images must be grey images (N, 1, H, W), got "
                    + (images == null ? "null" : Arrays.toString(images.shape())) + ".");
        int n = (int) images.size(0), h = (int) images.size(2), w = (int) images.size(3);
        if (maps == null || rowNames == null || maps.size() != rowNames.size())
            throw new IllegalArgumentException("Charts.attributions: give one row name per map (" + (maps == null ? 0 : maps.size()) + " maps, "
                    + (rowNames == null ? 0 : rowNames.size()) + " names).");
        for (INDArray m : maps)
            if (m == null || m.length() != (long) n * h * w)
                throw new IllegalArgumentException("Charts.attributions: every map must be (N, H, W) = (" + n + ", " + h + ", " + w + ") or (N, 1, H, W), got "
                        + (m == null ? "null" : Arrays.toString(m.shape())) + ".");
        if (captions != null && captions.size() != n)
            throw new IllegalArgumentException("Charts.attributions: " + n + " images but " + captions.size() + " captions.");
        int scale = Math.max(1, Math.round(84f / Math.max(h, w))), tw = w * scale, th = h * scale;
        int rows = maps.size() + 1, top = captions == null ? 0 : CAPTION;
        BufferedImage out = new BufferedImage(LABEL + n * (tw + PAD) + PAD, top + rows * (th + PAD) + PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(ImageGrid.CAPTION);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(ImageGrid.RIGHT);
        if (captions != null)
            for (int e = 0; e < n; e++)
                g.drawString(captions.get(e), LABEL + e * (tw + PAD) + (tw - fm.stringWidth(captions.get(e))) / 2, PAD + fm.getAscent() - 4);
        float[] px = images.castTo(DataType.FLOAT).reshape('c', n, (long) h * w).data().asFloat();
        for (int r = 0; r < rows; r++) {
            int y = top + PAD + r * (th + PAD);
            String name = r == 0 ? "image" : rowNames.get(r - 1);
            g.setColor(ImageGrid.RIGHT);
            g.drawString(name, PAD, y + th / 2 + fm.getAscent() / 2);
            float[] v = r == 0 ? px : maps.get(r - 1).castTo(DataType.FLOAT).reshape('c', n, (long) h * w).data().asFloat();
            for (int e = 0; e < n; e++) {
                BufferedImage tile = r == 0 ? grey(v, e * h * w, h, w) : diverging(v, e * h * w, h, w);
                g.drawImage(tile, LABEL + e * (tw + PAD), y, tw, th, null);
            }
        }
        g.dispose();
        return out;
    }

    private static BufferedImage grey(float[] v, int from, int h, int w) {
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (int k = from; k < from + h * w; k++) { lo = Math.min(lo, v[k]); hi = Math.max(hi, v[k]); }
        float span = Math.max(hi - lo, 1e-12f);
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int c = Math.round(255 * (v[from + i * w + j] - lo) / span);
                im.setRGB(j, i, new Color(c, c, c).getRGB());
            }
        return im;
    }

    private static BufferedImage diverging(float[] v, int from, int h, int w) {
        float big = 1e-12f;
        for (int k = from; k < from + h * w; k++) big = Math.max(big, Math.abs(v[k]));
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                float t = v[from + i * w + j] / big;
                Color end = t >= 0 ? POSITIVE : NEGATIVE;
                float a = Math.min(1f, Math.abs(t));
                im.setRGB(j, i, new Color(mix(255, end.getRed(), a), mix(255, end.getGreen(), a), mix(255, end.getBlue(), a)).getRGB());
            }
        return im;
    }

    private static int mix(int from, int to, float a) { return Math.round(from + (to - from) * a); }
}
