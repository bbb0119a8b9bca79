package org.nnbook.plot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/** Java2D grid of small images with captions: the label, or "label → prediction" with mistakes in red. */
final class ImageGrid {
    static final Color WRONG = new Color(200, 30, 30), RIGHT = new Color(40, 40, 40);
    static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final int PAD = 8;

    private ImageGrid() {}

    static BufferedImage draw(INDArray x, int[] labels, int[] predicted, List<String> names, int columns) {
        long[] s = x.shape();
        int n = (int) s[0], channels, h, w;
        if (x.rank() == 2) {
            int side = (int) Math.round(Math.sqrt(s[1]));
            if (side * side != s[1])
                throw new IllegalArgumentException("Charts.images: rows of " + s[1] + " values are not square images; pass x as (N, C, H, W).");
            channels = 1; h = side; w = side;
        } else if (x.rank() == 3) {
            channels = 1; h = (int) s[1]; w = (int) s[2];
        } else if (x.rank() == 4 && (s[1] == 1 || s[1] == 3)) {
            channels = (int) s[1]; h = (int) s[2]; w = (int) s[3];
        } else {
            throw new IllegalArgumentException("Charts.images expects x of shape (N, H*W), (N, H, W) or (N, C, H, W) with C = 1 or 3, got "
                    + Arrays.toString(s) + ".");
        }
        if (n == 0) throw new IllegalArgumentException("Charts.images: no images to draw.");
        if (labels != null && labels.length < n || predicted != null && predicted.length < n)
            throw new IllegalArgumentException("Charts.images: " + n + " images but " + (labels == null ? 0 : labels.length)
                    + " labels and " + (predicted == null ? 0 : predicted.length) + " predictions.");
        int scale = Math.max(1, Math.round(84f / Math.max(h, w)));
        int tileW = w * scale, tileH = h * scale;
        boolean captions = labels != null || predicted != null;
        int captionH = captions ? 20 : 0;
        int cols = Math.min(columns, n), rows = (n + cols - 1) / cols;
        int cellW = Math.max(tileW, captions ? 64 : 0) + PAD, cellH = tileH + captionH + PAD;
        boolean both = labels != null && predicted != null;
        int top = both ? 22 : 0; // a key to the captions
        BufferedImage out = new BufferedImage(cols * cellW + PAD, top + rows * cellH + PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(CAPTION);
        FontMetrics fm = g.getFontMetrics();
        if (both) {
            long wrong = java.util.stream.IntStream.range(0, n).filter(i -> labels[i] != predicted[i]).count();
            g.setColor(new Color(90, 90, 90));
            g.drawString("caption: true class, or true \u2192 predicted in red when wrong (" + wrong + " of " + n + " wrong)",
                    PAD, PAD + fm.getAscent());
        }
        float[] px = x.reshape('c', n, (long) channels * h * w).castTo(DataType.FLOAT).data().asFloat();
        int per = channels * h * w;
        for (int i = 0; i < n; i++) {
            int cx = PAD + (i % cols) * cellW, cy = top + PAD + (i / cols) * cellH;
            int left = cx + (cellW - PAD - tileW) / 2;
            g.drawImage(tile(px, i * per, channels, h, w), left, cy, tileW, tileH, null);
            if (!captions) continue;
            String text;
            boolean wrong = false;
            if (predicted == null) text = name(names, labels[i]);
            else if (labels == null) text = name(names, predicted[i]);
            else {
                wrong = labels[i] != predicted[i];
                text = wrong ? name(names, labels[i]) + " \u2192 " + name(names, predicted[i]) : name(names, labels[i]);
            }
            text = fit(text, fm, cellW - 2);
            g.setColor(wrong ? WRONG : RIGHT);
            g.drawString(text, cx + (cellW - PAD - fm.stringWidth(text)) / 2, cy + tileH + fm.getAscent() + 3);
        }
        g.dispose();
        return out;
    }

    /** One image; values in [0, 1] as they are, anything else stretched to [0, 1] per image. */
    private static BufferedImage tile(float[] px, int from, int channels, int h, int w) {
        int per = channels * h * w;
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (int k = from; k < from + per; k++) { lo = Math.min(lo, px[k]); hi = Math.max(hi, px[k]); }
        boolean unit = lo >= 0 && hi <= 1;
        float off = unit ? 0 : lo, span = unit ? 1 : Math.max(hi - lo, 1e-12f);
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++) {
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    int k = from + (channels == 1 ? 0 : ch) * h * w + r * w + c;
                    int v = Math.round(255 * (px[k] - off) / span);
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, v));
                }
                im.setRGB(c, r, rgb);
            }
        return im;
    }

    private static String name(List<String> names, int cls) {
        return names != null && cls >= 0 && cls < names.size() ? names.get(cls) : Integer.toString(cls);
    }

    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) return text;
        while (text.length() > 1 && fm.stringWidth(text + "\u2026") > width) text = text.substring(0, text.length() - 1);
        return text + "\u2026";
    }
}
