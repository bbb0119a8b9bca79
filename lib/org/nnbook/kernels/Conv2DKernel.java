package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code Conv2D}'s passes by libnd4j's ops and the patch-matrix backward pass. Forward is the
 * {@code conv2d} op (oneDNN on Linux). Backward is {@link Im2colConv} for a first layer (whose input,
 * the data, needs no gradient) and for one-channel images, and {@code conv2d_bp} otherwise. Measured
 * per step of a batch of 64 (one thread): LeNet's first layer 2 ms by {@link Im2colConv} without
 * dL/dx, 14 ms by {@code conv2d_bp}, whose dL/dx pass is slow for one input channel (so one-channel
 * inputs take {@link Im2colConv} with dL/dx too, 5 ms); from three channels up (LeNet's second
 * layer: 15 against 18 ms) oneDNN's {@code conv2d_bp} is faster.
 *
 * <p>Shapes: x (N, C, H, W), W (O, C, k, k) as in PyTorch, b (O), y and dL/dy (N, O, H', W').
 */
public final class Conv2DKernel {
    private static final int NCHW = 0, WEIGHTS_OIHW = 1;
    private final int[] args;
    private final Im2colConv im2col;

    /** A k x k convolution with this stride; {@code same} for SAME padding. */
    public Conv2DKernel(int k, int stride, boolean same) {
        this.args = OpArgs.window(k, stride, same, NCHW, WEIGHTS_OIHW);
        this.im2col = new Im2colConv(k, stride);
    }

    /** True when the kernels are on and x, W and b are float or double of one type. */
    public static boolean applies(INDArray x, INDArray w, INDArray b) {
        return Kernels.on() && x.dataType().isFPType() && w.dataType() == x.dataType() && b.dataType() == x.dataType();
    }

    /** y = conv(x, W) + b. */
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        return Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addIntegerArguments(args).build())[0];
    }

    /**
     * Adds dL/dW and dL/db into wGrad and bGrad; returns dL/dx, or null when x is data
     * ({@link NoInputGradient}). padTop and padLeft are the rows and columns of zeros before x's first ones.
     */
    public INDArray backward(INDArray x, INDArray w, INDArray b, INDArray gradOut, INDArray wGrad, INDArray bGrad, int padTop, int padLeft) {
        boolean data = NoInputGradient.isData(x);
        if ((data || x.size(1) == 1) && Im2colConv.applies(x, w, gradOut, wGrad, bGrad))
            return im2col.backward(x, w, gradOut, wGrad, bGrad, padTop, padLeft, !data);
        // outputs: dL/dx, dL/dW, dL/db
        INDArray[] g = Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, gradOut).addIntegerArguments(args).build());
        wGrad.addi(g[1]);
        bGrad.addi(g[2]);
        return data ? null : g[0];
    }
}
