package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;

/**
 * What max and average pooling share: size x size windows moved by {@code stride} over each channel
 * of (N, C, H, W) images, forward and backward as one ND4J op each ({@code <op>} and {@code <op>_bp},
 * libnd4j's own kernels: faster here than oneDNN's for NCHW arrays), unless a subclass does the
 * pass itself ({@link #forwardOwn}, {@link #backwardOwn}). No parameters.
 */
abstract class Pool2D implements Layer {
    private static final int NCHW = 0;
    private final String name;
    private final String op;
    private final int size, stride;
    private final Padding padding;
    private final int[] args;
    private INDArray x;

    /** {@code extra} is the op's ninth integer argument (average pooling: 0 leaves the padding out of the mean). */
    Pool2D(String name, String op, int size, int stride, Padding padding, int extra) {
        if (size < 1 || stride < 1 || padding == null)
            throw new IllegalArgumentException(name + " needs size, stride >= 1 and a Padding, got (" + size + ", " + stride + ", " + padding + ").");
        this.name = name;
        this.op = op;
        this.size = size;
        this.stride = stride;
        this.padding = padding;
        this.args = Images.args(size, stride, padding, extra, NCHW);
    }

    public int size() { return size; }

    public int stride() { return stride; }

    public Padding padding() { return padding; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, -1);
        Images.requireFits(toString(), x, size, padding);
        this.x = x;
        INDArray y = forwardOwn(x, training);
        if (y != null) return y;
        return Images.pool(op, args, Nd4j.createUninitialized(x.dataType(), Images.pooledShape(x, size, stride, padding)), x);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, Images.pooledShape(x, size, stride, padding));
        INDArray gradIn = backwardOwn(gradOut);
        if (gradIn != null) return gradIn;
        return Images.pool(op + "_bp", args, Nd4j.createUninitialized(x.dataType(), x.shape()), x, gradOut);
    }

    /** The output computed by the subclass itself, or null to use the op; called by every forward pass, after the checks. */
    INDArray forwardOwn(INDArray x, boolean training) { return null; }

    /** dL/dx computed by the subclass itself, or null to use the {@code _bp} op; called after the checks. */
    INDArray backwardOwn(INDArray gradOut) { return null; }

    /** E.g. "MaxPool2D(2x2, stride 2, valid)". */
    @Override
    public String toString() { return name + "(" + size + "x" + size + ", stride " + stride + ", " + padding + ")"; }
}
