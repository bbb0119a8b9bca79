package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * scikit-learn's 8x8 handwritten digits ({@code load_digits}): 1,797 digits 0-9 written by 13 people,
 * scanned on NIST's forms (not MNIST's writers), size-normalised to 32x32 bitmaps and counted in 4x4
 * blocks, so each pixel is the number of ink dots (0-16) in its block. The test part of Alpaydin and
 * Kaynak's UCI set "Optical Recognition of Handwritten Digits" (1998).
 *
 * <pre>{@code
 * Dataset small = SmallDigits.load();                  // x (1797, 64) in [0, 1], y one-hot (1797, 10)
 * Dataset big = SmallDigits.asMnist(small);            // x (1797, 1, 28, 28), drawn as MNIST draws its digits
 * Split parts = Splits.stratified(big, 2.0 / 3, 8);    // a pool to take labels from, and a test part
 * }</pre>
 *
 * <p>{@link #asMnist} prepares the digits as MNIST prepared its own (LeCun et al.): the digit scaled
 * into a 20x20 box (bilinear interpolation from 8x8), then put into a 28x28 frame so that its centre of
 * mass lies at the frame's centre. Pixels are the dot counts / 16, in [0, 1] like MNIST's / 255,
 * ink bright on a black background. Still the images differ from MNIST's: blurrier strokes (from 8x8),
 * other writers, other pens. That is what makes them a test of transfer.
 *
 * <p>The file ({@code datasets/small-digits/digits.csv.gz}, from Debian's {@code python3-sklearn}
 * 1.2.1; licence and source in {@code datasets/README.md}) travels inside the nnbook jar; every read is
 * checked against the SHA-256 of its decompressed text.
 */
public final class SmallDigits {
    /** Height and width of the original images. */
    public static final int SIZE = 8;
    /** Number of digits in the set. */
    public static final int COUNT = 1_797;
    /** The side of the box that {@link #asMnist} scales a digit into, as MNIST did. */
    static final int BOX = 20;

    static final String SHA = "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8";
    static final String FIX = "The file comes from datasets/small-digits/ (made by datasets/make-small-digits); rebuild the jar"
            + " with `mvn package` from the repository root.";

    private SmallDigits() {}

    /** The 1,797 digits: x (1797, 64) float32, the 8x8 pixels row by row in [0, 1]; y one-hot (1797, 10), classes "0".."9". */
    public static Dataset load() {
        String where = "resource org/nnbook/data/small-digits/digits.csv.gz";
        byte[] text;
        try (InputStream in = SmallDigits.class.getResourceAsStream("small-digits/digits.csv.gz")) {
            if (in == null) throw new DataFileException(where, "The 8x8 digits are missing from the class path: no " + where + ". " + FIX);
            text = new GZIPInputStream(in).readAllBytes();
        } catch (IOException e) {
            throw new DataFileException(where, "Cannot read " + where + ": " + e + ". " + FIX, e);
        }
        String found = IdxFile.sha256(text);
        if (!found.equals(SHA))
            throw new DataFileException(where, where + " is corrupt or not the expected file: expected SHA-256 " + SHA
                    + " of its decompressed text, found " + found + ". " + FIX);
        String[] lines = new String(text, StandardCharsets.US_ASCII).strip().split("\n");
        if (lines.length != COUNT) throw new DataFileException(where, where + " has " + lines.length + " rows, expected " + COUNT + ". " + FIX);
        float[] x = new float[COUNT * SIZE * SIZE];
        int[] y = new int[COUNT];
        for (int i = 0; i < COUNT; i++) {
            String[] f = lines[i].strip().split(",");
            if (f.length != SIZE * SIZE + 1) throw new DataFileException(where, where + ", line " + (i + 1) + ": " + f.length + " fields, expected 65. " + FIX);
            for (int j = 0; j < SIZE * SIZE; j++) x[i * SIZE * SIZE + j] = Integer.parseInt(f[j]) / 16f;   // dots in a 4x4 block, 0-16
            y[i] = Integer.parseInt(f[SIZE * SIZE]);
        }
        return Dataset.ofLabels(Nd4j.create(x, new long[]{COUNT, SIZE * SIZE}, 'c'), y, 10);
    }

    /**
     * The digits drawn as MNIST draws its own: x (N, 1, 28, 28), each digit scaled from 8x8 into a
     * 20x20 box by bilinear interpolation, then placed in the 28x28 frame with its centre of mass at
     * the centre; y is shared. Accepts x (N, 64) from {@link #load}.
     */
    public static Dataset asMnist(Dataset d) {
        INDArray x = d.x();
        if (x.rank() != 2 || x.size(1) != SIZE * SIZE)
            throw new IllegalArgumentException("SmallDigits.asMnist expects x of shape (N, 64), the 8x8 digits of SmallDigits.load(), got "
                    + Arrays.toString(x.shape()) + ".");
        int n = (int) x.size(0), side = Mnist.SIZE;
        float[] in = x.castTo(DataType.FLOAT).dup('c').data().asFloat(), out = new float[n * side * side];
        float[] box = new float[BOX * BOX];
        for (int i = 0; i < n; i++) {
            upsample(in, i * SIZE * SIZE, box);
            double mass = 0, rows = 0, cols = 0;
            for (int r = 0; r < BOX; r++) for (int c = 0; c < BOX; c++) {
                mass += box[r * BOX + c];
                rows += r * box[r * BOX + c];
                cols += c * box[r * BOX + c];
            }
            // where the box's corner goes so that its centre of mass lands on the frame's centre, (27 / 2, 27 / 2); the box stays inside
            int top = mass == 0 ? (side - BOX) / 2 : clamp((int) Math.round((side - 1) / 2.0 - rows / mass), 0, side - BOX);
            int left = mass == 0 ? (side - BOX) / 2 : clamp((int) Math.round((side - 1) / 2.0 - cols / mass), 0, side - BOX);
            for (int r = 0; r < BOX; r++) System.arraycopy(box, r * BOX, out, i * side * side + (top + r) * side + left, BOX);
        }
        return new Dataset(Nd4j.create(out, new long[]{n, 1, side, side}, 'c'), d.y(), d.classNames());
    }

    /** Bilinear interpolation of the 8x8 image at {@code from} into the BOX x BOX array, pixel centres aligned (as PIL and OpenCV resize). */
    private static void upsample(float[] src, int from, float[] box) {
        double scale = (double) SIZE / BOX;
        for (int r = 0; r < BOX; r++) {
            double sy = Math.min(Math.max((r + 0.5) * scale - 0.5, 0), SIZE - 1);
            int y0 = (int) sy, y1 = Math.min(y0 + 1, SIZE - 1);
            double wy = sy - y0;
            for (int c = 0; c < BOX; c++) {
                double sx = Math.min(Math.max((c + 0.5) * scale - 0.5, 0), SIZE - 1);
                int x0 = (int) sx, x1 = Math.min(x0 + 1, SIZE - 1);
                double wx = sx - x0;
                double top = (1 - wx) * src[from + y0 * SIZE + x0] + wx * src[from + y0 * SIZE + x1];
                double bottom = (1 - wx) * src[from + y1 * SIZE + x0] + wx * src[from + y1 * SIZE + x1];
                box[r * BOX + c] = (float) ((1 - wy) * top + wy * bottom);
            }
        }
    }

    private static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }
}
