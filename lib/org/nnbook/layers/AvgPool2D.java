package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;

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
public final class AvgPool2D implements Layer {
    private static final int EXCLUDE_PADDING = 0, NCHW = 0;
    private final int size, stride;
    private final Padding padding;
    private final int[] args;
    private INDArray x;

    /** Non-overlapping size x size windows: stride = size, no padding. */
    public AvgPool2D(int size) { this(size, size, Padding.VALID); }

    public AvgPool2D(int size, int stride, Padding padding) {
        if (size < 1 || stride < 1 || padding == null)
            throw new IllegalArgumentException("AvgPool2D needs size, stride >= 1 and a Padding, got (" + size + ", " + stride + ", " + padding + ").");
        this.size = size;
        this.stride = stride;
        this.padding = padding;
        this.args = Images.args(size, stride, padding, EXCLUDE_PADDING, NCHW);
    }

    public int size() { return size; }

    public int stride() { return stride; }

    public Padding padding() { return padding; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, -1);
        Images.requireFits(toString(), x, size, padding);
        this.x = x;
        return Images.pool("avgpool2d", args, Nd4j.createUninitialized(x.dataType(), Images.pooledShape(x, size, stride, padding)), x);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, Images.pooledShape(x, size, stride, padding));
        return Images.pool("avgpool2d_bp", args, Nd4j.createUninitialized(x.dataType(), x.shape()), x, gradOut);
    }

    /** E.g. "AvgPool2D(2x2, stride 2, valid)". */
    @Override
    public String toString() { return "AvgPool2D(" + size + "x" + size + ", stride " + stride + ", " + padding + ")"; }
}
