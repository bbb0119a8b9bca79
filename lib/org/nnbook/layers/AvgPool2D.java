package org.nnbook.layers;

/**
 * Average pooling: each size x size window of each channel is replaced by its mean — the
 * subsampling layers of LeCun et al., 1998, "Gradient-Based Learning Applied to Document
 * Recognition" (there followed by a learned scale and bias). No parameters. Backward spreads each
 * gradient evenly over its window. With {@link Padding#SAME} the padded border does not count in
 * the mean (as in Keras).
 *
 * <pre>{@code new AvgPool2D(2)   // (N, C, 24, 24) -> (N, C, 12, 12)}</pre>
 *
 * <p>Shapes: x (N, C, H, W) → y (N, C, H', W') with H' = {@link Padding#outputSize}. Forward and
 * backward are ND4J's {@code avgpool2d} and {@code avgpool2d_bp} ops (libnd4j's own kernels:
 * faster here than oneDNN's for NCHW arrays).
 */
public final class AvgPool2D extends Pool2D {

    /** Non-overlapping size x size windows: stride = size, no padding. */
    public AvgPool2D(int size) { this(size, size, Padding.VALID); }

    public AvgPool2D(int size, int stride, Padding padding) { super("AvgPool2D", "avgpool2d", size, stride, padding, 0); }   // 0: the padding does not count in the mean
}
