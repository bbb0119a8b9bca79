package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling: each size x size window of each channel is replaced by its mean — the
 * subsampling layers of LeCun et al., 1998, "Gradient-Based Learning Applied to Document
 * Recognition" (there followed by a learned scale and bias). No parameters. Backward spreads each
 * gradient evenly over its window. With {@link Padding#SAME} the padded border does not count in
 * the mean (as in Keras).
 *
 * <pre>{@code new AvgPool2D(2)   // (N, C, 24, 24) -> (N, C, 12, 12)}</pre>
 *
 * <p>Shapes: x (N, C, H, W) → y (N, C, H', W') with H' = {@link Padding#outputSize}.
 */
public final class AvgPool2D extends Pool2D {

    /** Non-overlapping size x size windows: stride = size, no padding. */
    public AvgPool2D(int size) { this(size, size, Padding.VALID); }

    public AvgPool2D(int size, int stride, Padding padding) { super("AvgPool2D", false, size, stride, padding); }

    /** y = the sum of the window's pixels / how many pixels of the image it covers. */
    @Override
    INDArray reduce(INDArray windows, INDArray real) { return windows.sum(2).divi(real.sum(2)); }

    /** Each of the window's pixels gets g / (its pixel count); padding gets nothing. */
    @Override
    INDArray spread(INDArray gradOut, INDArray windows, INDArray real) {
        long[] s = gradOut.shape();
        INDArray share = gradOut.div(real.sum(2)).reshape(s[0], s[1], 1, s[2], s[3]);    // (N, C, 1, H', W')
        return real.mul(share);                                                             // broadcast over the window
    }
}
