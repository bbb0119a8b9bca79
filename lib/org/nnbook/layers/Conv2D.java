package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.Conv2DKernel;

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
 * <p>Shapes: x (N, C, H, W) → y (N, O, H', W') with H' = {@link Padding#outputSize}; W (O, C, k, k),
 * as in PyTorch; b (O). Weights start from He normal initialisation, N(0, 2 / (C·k·k)); biases at zero.
 *
 * <p>The math, with P the patches of x ({@code im2col}: P[n, c, i, j, y, x] is the pixel under kernel
 * entry (c, i, j) when the kernel sits at output position (y, x)):
 * <pre>
 *   y[n, o, y, x]  = Σ_{c,i,j} W[o, c, i, j] · P[n, c, i, j, y, x] + b[o]
 *   dW[o, c, i, j] = Σ_{n,y,x} g[n, o, y, x] · P[n, c, i, j, y, x]        db[o] = Σ_{n,y,x} g[n, o, y, x]
 *   dP[n, c, i, j, y, x] = Σ_o W[o, c, i, j] · g[n, o, y, x]             dx = col2im(dP)
 * </pre>
 * where col2im adds each patch entry's gradient back to the pixel it was copied from. The training
 * runs the same computation through libnd4j's own convolution ops ({@code org.nnbook.kernels}).
 */
public final class Conv2D implements Layer {
    private final int inChannels, outChannels, kernelSize, stride;
    private final Padding padding;
    private final Parameter w, b;
    private final Conv2DKernel fast;
    private INDArray x, patches;   // patches: for the plain backward pass
    private boolean fastRan;
    private long[] outShape;

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
        int fanIn = inChannels * kernelSize * kernelSize;
        this.w = new Parameter("W", Nd4j.randn(Nd4j.defaultFloatingPointType(), outChannels, inChannels, kernelSize, kernelSize)
                .muli(Math.sqrt(2.0 / fanIn)));
        this.b = new Parameter("b", Nd4j.zeros(Nd4j.defaultFloatingPointType(), outChannels)).regularized(false);
        this.fast = new Conv2DKernel(kernelSize, stride, padding == Padding.SAME);
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
        fastRan = Conv2DKernel.applies(x, w.value(), b.value());
        if (fastRan) {                                    // the same, by libnd4j's convolution ops (org.nnbook.kernels)
            INDArray y = fast.forward(x, w.value(), b.value());
            outShape = y.shape();
            return y;
        }
        patches = patches(x);                                                         // (N, C, k, k, H', W')
        INDArray y = Nd4j.tensorMmul(patches, w.value(), new int[][]{{1, 2, 3}, {1, 2, 3}})   // Σ over c, i, j: (N, H', W', O)
                .permute(0, 3, 1, 2).dup('c');                                                 // (N, O, H', W')
        y.addi(b.value().reshape(1, outChannels, 1, 1));
        outShape = y.shape();
        return y;
    }

    /** The patches of x under every kernel position, (N, C, k, k, H', W'), zeros in the padding. */
    private INDArray patches(INDArray x) {
        return Images.patches(x, kernelSize, stride, padding);
    }

    private int padTop(INDArray x) { return padding.before(x.size(2), kernelSize, stride); }

    private int padLeft(INDArray x) { return padding.before(x.size(3), kernelSize, stride); }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, outShape);
        if (fastRan) return fast.backward(x, w.value(), b.value(), gradOut, w.grad(), b.grad(), padTop(x), padLeft(x));
        w.grad().addi(Nd4j.tensorMmul(gradOut, patches, new int[][]{{0, 2, 3}, {0, 4, 5}}));    // dW = Σ_{n,y,x} g · P: (O, C, k, k)
        b.grad().addi(gradOut.sum(0, 2, 3));                                                    // db = Σ_{n,y,x} g
        INDArray dPatches = Nd4j.tensorMmul(w.value(), gradOut, new int[][]{{0}, {1}})          // Σ_o W · g: (C, k, k, N, H', W')
                .permute(3, 0, 1, 2, 4, 5).dup('c');                                             // (N, C, k, k, H', W')
        return Images.unpatch(dPatches, stride, padding, x.size(2), x.size(3));
    }

    @Override
    public List<Parameter> parameters() { return List.of(w, b); }

    /** E.g. "Conv2D(1 -> 32, 3x3, stride 1, same)". */
    @Override
    public String toString() {
        return "Conv2D(" + inChannels + " -> " + outChannels + ", " + kernelSize + "x" + kernelSize + ", stride " + stride + ", " + padding + ")";
    }
}
