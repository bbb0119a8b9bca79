package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D max and average pooling by libnd4j's own kernels ({@code maxpool2d}, {@code avgpool2d} and
 * their {@code _bp}: faster here than oneDNN's for NCHW arrays), and, for max pooling in training,
 * by {@link MaxPoolIndices}, which remembers each window's argmax so that backward does not search
 * again (backward 4.5 → 0.6 ms per LeNet step).
 */
public final class PoolKernel {
    private static final int NCHW = 0;
    private final boolean max;
    private final int size, stride;
    private final int[] args;
    private final MaxPoolIndices indices = new MaxPoolIndices();

    /** Max ({@code max}) or average pooling of size x size windows; {@code same} for SAME padding. Average pooling leaves the padding out of the mean. */
    public PoolKernel(boolean max, int size, int stride, boolean same) {
        this.max = max;
        this.size = size;
        this.stride = stride;
        this.args = OpArgs.window(size, stride, same, 0, NCHW);   // 0: max pooling ignores it; average pooling leaves the padding out
    }

    /** True when the kernels are on and x holds float or double values. */
    public static boolean applies(INDArray x) { return Kernels.on() && x.dataType().isFPType(); }

    /** The pooled x, (N, C, oh, ow); padTop and padLeft are the rows and columns of padding before x's first ones. */
    public INDArray forward(INDArray x, boolean training, long oh, long ow, int padTop, int padLeft) {
        indices.clear();
        if (max && training && Memory.denseC(x)) return indices.forward(x, size, stride, padTop, padLeft, (int) oh, (int) ow);
        INDArray y = Nd4j.createUninitialized(x.dataType(), new long[]{x.size(0), x.size(1), oh, ow}, 'c');
        return OpArgs.withoutHelpers(max ? "maxpool2d" : "avgpool2d", args, y, x);
    }

    /** dL/dx for dL/dy of the last forward. */
    public INDArray backward(INDArray x, INDArray gradOut) {
        if (indices.holds(gradOut)) return indices.backward(gradOut);
        return OpArgs.withoutHelpers(max ? "maxpool2d_bp" : "avgpool2d_bp", args, Nd4j.createUninitialized(x.dataType(), x.shape(), 'c'), x, gradOut);
    }
}
