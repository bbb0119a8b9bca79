package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;

import java.util.List;

/**
 * A 2-D convolution: each of {@code outChannels} kernels of size kernelSize x kernelSize x
 * inChannels slides over the image, and each position gives the dot product of kernel and patch
 * plus the kernel's bias (LeCun, Bottou, Bengio and Haffner, 1998, "Gradient-Based Learning Applied
 * to Document Recognition"). Like every deep-learning library it computes a cross-correlation: the
 * kernel is not flipped.
 *
 * <pre>{@code
 * new Conv2D(1, 32, 3)                       // 3x3, stride 1, valid: (N, 1, 28, 28) -> (N, 32, 26, 26)
 * new Conv2D(1, 32, 3, 1, Padding.SAME)      // keeps the size:      (N, 1, 28, 28) -> (N, 32, 28, 28)
 * }</pre>
 *
 * <p>Shapes: x (N, inChannels, H, W) → y (N, outChannels, H', W') with H' = {@link Padding#outputSize};
 * W (outChannels, inChannels, k, k), as in PyTorch (any layout runs equally fast: oneDNN copies the
 * small kernels into its own blocked layout every call); b (outChannels).
 * Weights start from He normal initialisation, N(0, 2 / (inChannels·k·k)); biases at zero.
 * Forward is ND4J's {@code conv2d} op (oneDNN on Linux). Backward is {@code Im2colConv} (patch
 * matrices and matrix products) for a first layer in training, whose input gradient nobody needs,
 * and for images with one channel, and ND4J's {@code conv2d_bp} otherwise (see {@link #backward(INDArray, boolean)}).
 */
public final class Conv2D implements Layer {
    private static final int NCHW = 0, WEIGHTS_OIHW = 1;
    private final int inChannels, outChannels, kernelSize, stride;
    private final Padding padding;
    private final int[] args;
    private final Parameter w, b;
    private INDArray x;
    private long[] outShape;
    private final Im2colConv im2col;

    /** A kernelSize x kernelSize convolution with stride 1 and no padding ({@link Padding#VALID}). */
    public Conv2D(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, Padding.VALID);
    }

    public Conv2D(int inChannels, int outChannels, int kernelSize, int stride, Padding padding) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding == null)
            throw new IllegalArgumentException("Conv2D needs inChannels, outChannels, kernelSize, stride >= 1 and a Padding, got ("
                    + inChannels + ", " + outChannels + ", " + kernelSize + ", " + stride + ", " + padding + ").");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.args = Images.args(kernelSize, stride, padding, NCHW, WEIGHTS_OIHW);
        this.im2col = new Im2colConv(kernelSize, stride, padding);
        int fanIn = inChannels * kernelSize * kernelSize;
        this.w = new Parameter("W", Nd4j.randn(Nd4j.defaultFloatingPointType(), outChannels, inChannels, kernelSize, kernelSize)
                .muli(Math.sqrt(2.0 / fanIn)));
        this.b = new Parameter("b", Nd4j.zeros(Nd4j.defaultFloatingPointType(), outChannels)).regularized(false);
    }

    public int inChannels() { return inChannels; }

    public int outChannels() { return outChannels; }

    public int kernelSize() { return kernelSize; }

    public int stride() { return stride; }

    public Padding padding() { return padding; }

    /** The kernels W (outChannels, inChannels, kernelSize, kernelSize). */
    public Parameter weight() { return w; }

    /** The biases b (outChannels). */
    public Parameter bias() { return b; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, inChannels);
        Images.requireFits(toString(), x, kernelSize, padding);
        this.x = x;
        INDArray y = Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w.value(), b.value()).addIntegerArguments(args).build())[0];
        outShape = y.shape();
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) { return backward(gradOut, true); }

    /**
     * As {@link #backward(INDArray)}; without {@code inputGradient} (a first layer, whose input is the
     * data) only dL/dW and dL/db are computed, by {@code Im2colConv}, and the result is null:
     * {@code conv2d_bp} always computes dL/dx too. Measured per step of a batch of 64 (one thread):
     * LeNet's first layer 2 ms this way, 14 ms by {@code conv2d_bp}, whose dL/dx pass is slow for
     * one input channel, so one-channel inputs take {@code Im2colConv} with dL/dx too (5 ms); from
     * three channels up (LeNet's second layer: 15 against 18 ms) oneDNN's {@code conv2d_bp} is faster.
     */
    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradient) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, outShape);
        if ((!inputGradient || inChannels == 1) && im2col.applies(x, w.value(), gradOut, w.grad(), b.grad()))
            return im2col.backward(x, w.value(), gradOut, w.grad(), b.grad(), inputGradient);
        // outputs: dL/dx, dL/dW, dL/db
        INDArray[] g = Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w.value(), b.value(), gradOut)
                .addIntegerArguments(args).build());
        w.grad().addi(g[1]);
        b.grad().addi(g[2]);
        return g[0];
    }

    @Override
    public List<Parameter> parameters() { return List.of(w, b); }

    /** E.g. "Conv2D(1 -> 32, 3x3, stride 1, same)". */
    @Override
    public String toString() {
        return "Conv2D(" + inChannels + " -> " + outChannels + ", " + kernelSize + "x" + kernelSize + ", stride " + stride + ", " + padding + ")";
    }
}
