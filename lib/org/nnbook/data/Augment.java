package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random geometric image augmentation: rotation, shift, zoom and horizontal flip, drawn anew for
 * every image. The steps of a {@link #compose composition} are first combined into one affine map
 * per image, so each image is resampled once (bilinear interpolation; pixels that come from outside
 * the image are 0) instead of being blurred once per step.
 *
 * <p>Shapes: x is (N, C, H, W), (N, H, W), or rows of square one-channel images (N, H*H) such as
 * MNIST's (N, 784). The result has x's shape and data type; all channels of an image move together.
 *
 * <pre>{@code
 * Augment aug = Augment.compose(Augment.rotate(10), Augment.shift(2), Augment.scale(0.9, 1.1));
 * DataLoader loader = new DataLoader(train, 64, true, 42).transform(aug);   // new variants every epoch
 * INDArray variants = aug.apply(Mnist.asImages(test).x(), 7);              // or look at a few, seeded
 * }</pre>
 *
 * <p>Small affine distortions of MNIST as training data: P. Y. Simard, D. Steinkraus and J. C. Platt,
 * "Best practices for convolutional neural networks applied to visual document analysis", ICDAR 2003.
 */
public final class Augment implements Transform {
    /**
     * One random change. It draws its parameters from {@code rnd} and returns the INVERSE of the map
     * it drew (output pixel to source pixel), as a 2x3 affine matrix {a, b, c, d, e, f} on pixel
     * coordinates centred on the image: source = (a u + b v + c, d u + e v + f).
     */
    private interface Step { double[] drawInverse(Random rnd); }

    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0};

    private final List<Step> steps;
    private final List<String> names;

    private Augment(List<Step> steps, List<String> names) {
        this.steps = List.copyOf(steps);
        this.names = List.copyOf(names);
    }

    private static Augment of(String name, Step step) { return new Augment(List.of(step), List.of(name)); }

    /** Rotation by an angle drawn uniformly from [-maxDegrees, maxDegrees] about the image centre. */
    public static Augment rotate(double maxDegrees) {
        if (!(maxDegrees >= 0)) throw new IllegalArgumentException("Augment.rotate: maxDegrees must be >= 0, got " + maxDegrees + ".");
        return rotate(-maxDegrees, maxDegrees);
    }

    /** Rotation by an angle drawn uniformly from [minDegrees, maxDegrees]; positive turns counter-clockwise as displayed. */
    public static Augment rotate(double minDegrees, double maxDegrees) {
        checkRange("rotate", minDegrees, maxDegrees, Double.NEGATIVE_INFINITY);
        return of("rotate " + range(minDegrees, maxDegrees) + "°", rnd -> {
            double t = Math.toRadians(uniform(rnd, minDegrees, maxDegrees));
            double c = Math.cos(t), s = Math.sin(t);
            // Rows point down, so a counter-clockwise turn on screen is (u, v) -> (u c + v s, -u s + v c); this is its inverse.
            return new double[]{c, -s, 0, s, c, 0};
        });
    }

    /** Shift by whole pixels dx, dy, each drawn uniformly from {-maxPixels, ..., maxPixels}; no blurring. */
    public static Augment shift(int maxPixels) {
        if (maxPixels < 0) throw new IllegalArgumentException("Augment.shift: maxPixels must be >= 0, got " + maxPixels + ".");
        return of("shift ±" + maxPixels + " px", rnd -> {
            int dx = rnd.nextInt(2 * maxPixels + 1) - maxPixels, dy = rnd.nextInt(2 * maxPixels + 1) - maxPixels;
            return new double[]{1, 0, -dx, 0, 1, -dy};
        });
    }

    /** Zoom about the centre by a factor drawn uniformly from [minFactor, maxFactor]: above 1 enlarges, below 1 shrinks. */
    public static Augment scale(double minFactor, double maxFactor) {
        checkRange("scale", minFactor, maxFactor, 0);
        return of("scale " + range(minFactor, maxFactor), rnd -> {
            double inv = 1 / uniform(rnd, minFactor, maxFactor);
            return new double[]{inv, 0, 0, 0, inv, 0};
        });
    }

    /** Mirror left-right with probability 1/2. (Right for clothes; wrong for digits, where a mirrored 2 is no 2.) */
    public static Augment flipHorizontal() { return flipHorizontal(0.5); }

    /** Mirror left-right with the given probability. */
    public static Augment flipHorizontal(double probability) {
        if (!(probability >= 0 && probability <= 1))
            throw new IllegalArgumentException("Augment.flipHorizontal: probability must be in [0, 1], got " + probability + ".");
        return of("flip horizontal p=" + probability, rnd -> rnd.nextDouble() < probability ? new double[]{-1, 0, 0, 0, 1, 0} : IDENTITY);
    }

    /** The steps of {@code parts}, applied in that order to each image (and resampled once). */
    public static Augment compose(Augment... parts) {
        if (parts == null || parts.length == 0) throw new IllegalArgumentException("Augment.compose needs at least one augmentation.");
        List<Step> steps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Augment a : parts) {
            if (a == null) throw new IllegalArgumentException("Augment.compose: an augmentation is null.");
            steps.addAll(a.steps);
            names.addAll(a.names);
        }
        return new Augment(steps, names);
    }

    @Override
    public INDArray apply(INDArray x, Random rnd) {
        int[] chw = imageShape(x);
        int n = (int) x.size(0), channels = chw[0], h = chw[1], w = chw[2];
        float[] in = floats(x);
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            double[] m = draw(rnd);
            for (int c = 0; c < channels; c++) warp(in, out, (i * channels + c) * h * w, h, w, m);
        }
        // Written straight into ND4J's buffer: several times faster than Nd4j.create(float[], ...).
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        result.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(out);
        return x.dataType() == DataType.FLOAT ? result : result.castTo(x.dataType());
    }

    /** x's elements in row-major order, as float. */
    private static float[] floats(INDArray x) {
        INDArray c = x.dataType() == DataType.FLOAT && x.ordering() == 'c' && !x.isView() && x.offset() == 0
                && x.data().length() == x.length()
                ? x : x.castTo(DataType.FLOAT).dup('c');
        float[] in = new float[(int) c.length()];
        c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get(in);
        return in;
    }

    /** One image's map: the inverses of the steps, multiplied in the order the steps apply. */
    private double[] draw(Random rnd) {
        double[] m = IDENTITY;
        for (Step s : steps) m = multiply(m, s.drawInverse(rnd));
        return m;
    }

    /** (p q) for affine 2x3 matrices, i.e. apply q, then p. */
    private static double[] multiply(double[] p, double[] q) {
        return new double[]{
                p[0] * q[0] + p[1] * q[3], p[0] * q[1] + p[1] * q[4], p[0] * q[2] + p[1] * q[5] + p[2],
                p[3] * q[0] + p[4] * q[3], p[3] * q[1] + p[4] * q[4], p[3] * q[2] + p[4] * q[5] + p[5]};
    }

    /** Resamples the h x w plane at {@code at}: out(u, v) = in(m (u, v)), bilinear, 0 outside. */
    private static void warp(float[] in, float[] out, int at, int h, int w, double[] m) {
        if (Arrays.equals(m, IDENTITY)) {
            System.arraycopy(in, at, out, at, h * w);
            return;
        }
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        for (int v = 0; v < h; v++) {
            double dv = v - cy;
            for (int u = 0; u < w; u++) {
                double du = u - cx;
                double sx = m[0] * du + m[1] * dv + m[2] + cx, sy = m[3] * du + m[4] * dv + m[5] + cy;
                if (!(sx > -1 && sy > -1 && sx < w && sy < h)) { out[at + v * w + u] = 0f; continue; }
                int x0 = (int) (sx + 1) - 1, y0 = (int) (sy + 1) - 1; // floor, as sx, sy > -1
                double fx = sx - x0, fy = sy - y0;
                int row = at + y0 * w + x0;
                double p00, p10, p01, p11;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) { // inside: the common case
                    p00 = in[row]; p10 = in[row + 1]; p01 = in[row + w]; p11 = in[row + w + 1];
                } else {                                              // at the border: zeros outside
                    boolean left = x0 >= 0, right = x0 + 1 < w, top = y0 >= 0, bottom = y0 + 1 < h;
                    p00 = left && top ? in[row] : 0; p10 = right && top ? in[row + 1] : 0;
                    p01 = left && bottom ? in[row + w] : 0; p11 = right && bottom ? in[row + w + 1] : 0;
                }
                float value = (float) ((1 - fy) * ((1 - fx) * p00 + fx * p10) + fy * ((1 - fx) * p01 + fx * p11));
                out[at + v * w + u] = value;
            }
        }
    }

    /** {C, H, W} of x's images. */
    static int[] imageShape(INDArray x) {
        long[] s = x.shape();
        if (x.rank() == 4) return new int[]{(int) s[1], (int) s[2], (int) s[3]};
        if (x.rank() == 3) return new int[]{1, (int) s[1], (int) s[2]};
        if (x.rank() == 2) {
            int side = (int) Math.round(Math.sqrt(s[1]));
            if ((long) side * side == s[1]) return new int[]{1, side, side};
        }
        throw new IllegalArgumentException("Augment expects images (N, C, H, W), (N, H, W) or rows of square one-channel images"
                + " (N, H*H) such as MNIST's (N, 784); got x of shape " + Arrays.toString(s)
                + ". Reshape x to (N, C, H, W) first (for MNIST: Mnist.asImages(data)).");
    }

    private static double uniform(Random rnd, double lo, double hi) { return lo + (hi - lo) * rnd.nextDouble(); }

    private static void checkRange(String what, double lo, double hi, double above) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi) || lo <= above)
            throw new IllegalArgumentException("Augment." + what + ": expected finite min <= max"
                    + (above > Double.NEGATIVE_INFINITY ? ", both > " + above : "") + ", got " + lo + " and " + hi + ".");
    }

    private static String range(double lo, double hi) {
        if (lo == -hi) return "±" + fmt(hi);
        return lo == hi ? fmt(lo) : fmt(lo) + ".." + fmt(hi);
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

    /** E.g. {@code Augment(rotate ±10°, shift ±2 px)}. */
    @Override
    public String toString() { return "Augment(" + String.join(", ", names) + ")"; }
}
