package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.kernels.PoolKernel;

/**
 * What max and average pooling share: size x size windows moved by {@code stride} over each channel
 * of (N, C, H, W) images. The windows are laid out with {@code im2col} as W (N, C, size·size, H', W');
 * a subclass says how a window becomes one value ({@link #reduce}) and how the gradient of that value
 * goes back into the window ({@link #spread}); {@code col2im} then adds each window entry's gradient
 * to its pixel. The training runs the same through libnd4j's pooling ops ({@code org.nnbook.kernels}).
 * No parameters.
 */
abstract class Pool2D implements Layer {
    private final String name;
    private final int size, stride;
    private final Padding padding;
    private final PoolKernel fast;
    private INDArray x, windows;
    private boolean fastRan;

    Pool2D(String name, boolean max, int size, int stride, Padding padding) {
        if (size < 1 || stride < 1 || padding == null)
            throw new IllegalArgumentException(name + " needs size, stride >= 1 and a Padding, got (" + size + ", " + stride + ", " + padding + ").");
        this.name = name;
        this.size = size;
        this.stride = stride;
        this.padding = padding;
        this.fast = new PoolKernel(max, size, stride, padding == Padding.SAME);
    }

    public int size() { return size; }

    public int stride() { return stride; }

    public Padding padding() { return padding; }

    /** One value per window: (N, C, size·size, H', W') → (N, C, H', W'). {@code real} is 1 at image pixels, 0 at padding, (1, 1, size·size, H', W'). */
    abstract INDArray reduce(INDArray windows, INDArray real);

    /** dL/d(window entries), (N, C, size·size, H', W'), from dL/dy (N, C, H', W') and the windows of the last forward. */
    abstract INDArray spread(INDArray gradOut, INDArray windows, INDArray real);

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, -1);
        Images.requireFits(toString(), x, size, padding);
        this.x = x;
        long[] out = Images.pooledShape(x, size, stride, padding);
        fastRan = PoolKernel.applies(x);
        if (fastRan)                                       // the same, by libnd4j's pooling ops (org.nnbook.kernels)
            return fast.forward(x, training, out[2], out[3], padding.before(x.size(2), size, stride), padding.before(x.size(3), size, stride));
        windows = windowsOf(x);
        return reduce(windows, real());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, Images.pooledShape(x, size, stride, padding));
        if (fastRan) return fast.backward(x, gradOut);
        INDArray d = spread(gradOut, windows, real());                                   // (N, C, size·size, H', W')
        long[] s = d.shape();
        return Images.unpatch(d.reshape('c', s[0], s[1], size, size, s[3], s[4]), stride, padding, x.size(2), x.size(3));
    }

    /** The windows of a (N, C, H, W) array, (N, C, size·size, H', W'), zeros in the padding. */
    private INDArray windowsOf(INDArray a) {
        INDArray cols = Images.patches(a, size, stride, padding);                                  // (N, C, size, size, H', W')
        long[] s = cols.shape();
        return cols.reshape('c', s[0], s[1], (long) size * size, s[4], s[5]);
    }

    /** 1 where a window covers a pixel of the image, 0 where it covers padding: (1, 1, size·size, H', W'). */
    private INDArray real() { return windowsOf(Nd4j.ones(x.dataType(), 1, 1, x.size(2), x.size(3))); }

    /** E.g. "MaxPool2D(2x2, stride 2, valid)". */
    @Override
    public String toString() { return name + "(" + size + "x" + size + ", stride " + stride + ", " + padding + ")"; }
}
