package org.nnbook.compress;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Symmetric linear quantisation: a real number x becomes a small integer code q = round(x / s),
 * kept within ±qmax, and stands for s·q. With b bits, qmax = 2^(b−1) − 1 (127 for int8): the
 * codes −qmax..qmax are symmetric around an exact zero, and the code −2^(b−1) stays unused, as in
 * Jacob et al. (2018, "Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only
 * Inference") and Krishnamoorthi (2018, "Quantizing deep convolutional networks for efficient
 * inference: A whitepaper"). The scale s = max|x| / qmax maps the largest magnitude to ±qmax, so
 * nothing is clipped and the rounding error is at most s/2.
 *
 * <p><b>Per output channel</b> (weights): one scale per Dense output column, or per Conv2D filter,
 * so that a filter of small weights is not rounded with the coarse grid of the largest one; the
 * whitepaper finds per-channel int8 weights within a fraction of a point of float on every network it
 * tried. <b>Per tensor</b>: one scale for the whole array (activations, where a per-channel scale
 * would not factor out of the integer sums). A scale array of length 1 means per tensor.
 *
 * <p>Rounding is to the nearest integer, ties to even ({@link Math#rint}, as PyTorch's
 * {@code fake_quantize_*} ops). Scales are float32 numbers, and s·q is computed as one float32
 * multiplication, so a quantised weight is exactly the number a reader of the file computes again.
 *
 * <p>{@link PostTrainingQuantization} builds a whole quantised model; {@link QuantizationAware}
 * trains through the rounding.
 */
public final class Quantization {
    private Quantization() {}

    /** The largest code of a symmetric b-bit quantiser: 2^(b−1) − 1 (127 for 8 bits, 7 for 4). */
    public static int maxCode(int bits) {
        if (bits < 2 || bits > 16) throw new IllegalArgumentException("Quantization: bits from 2 to 16, got " + bits + ".");
        return (1 << (bits - 1)) - 1;
    }

    /** One float32 scale per output channel (Dense column, Conv2D filter): max|w_c| / qmax, 0 for a channel of zeros. */
    public static float[] channelScales(INDArray w, int bits) {
        int qmax = maxCode(bits);
        double[] max = new double[Weights.channels(w.shape())];
        double[] v = values(w);
        for (int i = 0; i < v.length; i++) {
            int c = Weights.channelOf(i, w.shape());
            max[c] = Math.max(max[c], Math.abs(v[i]));
        }
        float[] s = new float[max.length];
        for (int c = 0; c < s.length; c++) s[c] = scale(max[c], qmax);
        return s;
    }

    /** One float32 scale for the whole array: max|w| / qmax. */
    public static float tensorScale(INDArray w, int bits) {
        double max = 0;
        for (double v : values(w)) max = Math.max(max, Math.abs(v));
        return scale(max, maxCode(bits));
    }

    /** The codes q = clamp(rint(w / s), −qmax, qmax), an INT32 array of w's shape; {@code scales} per channel, or one. */
    public static INDArray quantize(INDArray w, float[] scales, int bits) {
        int qmax = maxCode(bits);
        double[] v = values(w);
        int[] q = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float s = scales[scaleIndex(i, w.shape(), scales)];
            q[i] = s == 0 ? 0 : (int) Math.max(-qmax, Math.min(qmax, Math.rint(v[i] / s)));
        }
        return Nd4j.createFromArray(q).reshape(w.shape());
    }

    /** s·q for codes {@code q}, each product rounded once to float32, as an array of {@code type}. */
    public static INDArray dequantize(INDArray codes, float[] scales, DataType type) {
        int[] q = codes.dup('c').data().asInt();
        double[] out = new double[q.length];
        for (int i = 0; i < q.length; i++) out[i] = scales[scaleIndex(i, codes.shape(), scales)] * (float) q[i];   // a float32 product
        return Nd4j.create(out, codes.shape(), 'c').castTo(type);
    }

    /** Quantise and dequantise {@code w} per output channel with {@code bits}: the values a b-bit model computes with. */
    public static INDArray fakeQuantize(INDArray w, int bits) {
        float[] s = channelScales(w, bits);
        return dequantize(quantize(w, s, bits), s, w.dataType());
    }

    /**
     * The float32 scale for a largest magnitude {@code max}: max / qmax, nudged by at most a few units in
     * the last place so that a reader who sees only the quantised numbers finds it again exactly, as
     * (float) (float(s·qmax) / qmax) — the property the compressed file format relies on.
     */
    static float scale(double max, int qmax) {
        if (!(max > 0)) return 0f;
        float first = (float) (max / qmax), up = first, down = first;
        for (int k = 0; k <= 8; k++, up = Math.nextUp(up), down = Math.nextDown(down)) {
            if (recovers(up, qmax)) return up;
            if (recovers(down, qmax)) return down;
        }
        return first;
    }

    private static boolean recovers(float s, int qmax) { return recover(s * (float) qmax, qmax) == s; }

    /** The scale a reader derives from a channel's largest quantised magnitude. */
    static float recover(float max, int qmax) { return (float) ((double) max / qmax); }

    private static int scaleIndex(long i, long[] shape, float[] scales) {
        if (scales.length == 1) return 0;
        int c = Weights.channelOf(i, shape);
        if (scales.length != Weights.channels(shape))
            throw new IllegalArgumentException("Quantization: " + scales.length + " scales for an array of shape " + java.util.Arrays.toString(shape)
                    + " with " + Weights.channels(shape) + " output channels; give one per channel, or one for the whole array.");
        return c;
    }

    static double[] values(INDArray w) { return w.dup('c').data().asDouble(); }
}
