package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.ConvTranspose2DKernel;

import java.util.List;

/**
 * A transposed convolution (a "fractionally strided" convolution, sometimes wrongly called a
 * deconvolution): each input pixel stamps a kernelSize x kernelSize copy of its kernel, scaled by
 * its value, onto a larger output, the stamps {@code stride} pixels apart and overlapping ones
 * added. It is the backward pass of {@link Conv2D} with respect to its input, used forward, which
 * is why it grows an image where a strided convolution shrinks it (Dumoulin and Visin, 2016,
 * "A guide to convolution arithmetic for deep learning"; used by DCGAN's generator, Radford, Metz
 * and Chintala, 2016).
 *
 * <pre>{@code
 * new ConvTranspose2D(32, 16, 4, 2, 1)       // (N, 32, 7, 7) -> (N, 16, 14, 14): doubles the size
 * }</pre>
 *
 * <p>Shapes: x (N, C, H, W) → y (N, O, H', W') with H' = (H − 1)·stride − 2·padding + kernelSize, as
 * in PyTorch's {@code nn.ConvTranspose2d}; W (C, O, k, k), input channels first, as in PyTorch;
 * b (O). {@code padding} crops that many rows and columns from each border of the full output.
 * Weights start from He normal initialisation with fan-in C·k·k / stride² (the number of stamps
 * that reach an output pixel, on average); biases at zero.
 *
 * <p>The math, with F the full (uncropped) output and col2im the sum of patches back into an image
 * (as in {@link Conv2D}'s backward pass):
 * <pre>
 *   S[n, o, i, j, y, x] = Σ_c W[c, o, i, j] · x[n, c, y, x]        the stamps
 *   F = col2im(S)            F[n, o, y·stride + i, x·stride + j] += S[n, o, i, j, y, x]
 *   y = F cropped by padding, + b[o]
 *   backward, with P = im2col(dF) the patches of the (zero-padded) gradient:
 *   dx[n, c, y, x] = Σ_{o,i,j} W[c, o, i, j] · P[n, o, i, j, y, x]   (a plain convolution of dF)
 *   dW[c, o, i, j] = Σ_{n,y,x} x[n, c, y, x] · P[n, o, i, j, y, x]   db[o] = Σ_{n,y,x} g[n, o, y, x]
 * </pre>
 * With the kernels on, the same computation runs as a matrix product per image and col2im in Java
 * (forward) and libnd4j's {@code deconv2d_bp} op (backward): {@code org.nnbook.kernels.ConvTranspose2DKernel}.
 */
public final class ConvTranspose2D implements Layer {
    private final int inChannels, outChannels, kernelSize, stride, padding;
    private final Parameter w, b;
    private final ConvTranspose2DKernel fast;
    private INDArray x;
    private boolean fastRan;
    private long[] outShape;

    /** Stride 1, no cropping: (N, C, H, W) → (N, O, H + k − 1, W + k − 1). */
    public ConvTranspose2D(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    public ConvTranspose2D(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0 || 2 * padding >= kernelSize)
            throw new IllegalArgumentException("ConvTranspose2D needs inChannels, outChannels, kernelSize, stride >= 1 and 0 <= 2·padding < kernelSize, got ("
                    + inChannels + ", " + outChannels + ", " + kernelSize + ", " + stride + ", " + padding + ").");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        double fanIn = (double) inChannels * kernelSize * kernelSize / (stride * stride);
        this.w = new Parameter("W", Nd4j.randn(Nd4j.defaultFloatingPointType(), inChannels, outChannels, kernelSize, kernelSize)
                .muli(Math.sqrt(2.0 / fanIn)));
        this.b = new Parameter("b", Nd4j.zeros(Nd4j.defaultFloatingPointType(), outChannels)).regularized(false);
        this.fast = new ConvTranspose2DKernel(kernelSize, stride, padding);
    }

    public int inChannels() { return inChannels; }

    public int outChannels() { return outChannels; }

    public int kernelSize() { return kernelSize; }

    public int stride() { return stride; }

    public int padding() { return padding; }

    /** The kernels W (inChannels, outChannels, kernelSize, kernelSize). */
    public Parameter weight() { return w; }

    /** The biases b (outChannels). */
    public Parameter bias() { return b; }

    /** The output size H' = (h − 1)·stride − 2·padding + kernelSize. */
    public long outputSize(long h) { return (h - 1) * stride - 2L * padding + kernelSize; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, inChannels);
        this.x = x;
        fastRan = ConvTranspose2DKernel.applies(x, w.value(), b.value());
        if (fastRan) {                                    // the same, by a BLAS product and col2im per image (org.nnbook.kernels)
            INDArray y = fast.forward(x, w.value(), b.value());
            outShape = y.shape();
            return y;
        }
        long fullH = outputSize(x.size(2)) + 2L * padding, fullW = outputSize(x.size(3)) + 2L * padding;
        INDArray stamps = Nd4j.tensorMmul(w.value(), x, new int[][]{{0}, {1}})   // Σ_c W · x: (O, k, k, N, H, W)
                .permute(3, 0, 1, 2, 4, 5).dup('c');                             // (N, O, k, k, H, W)
        INDArray full = Images.unpatch(stamps, stride, Padding.VALID, fullH, fullW);  // (N, O, H' + 2p, W' + 2p)
        INDArray y = padding == 0 ? full : full.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(padding, fullH - padding), NDArrayIndex.interval(padding, fullW - padding)).dup('c');
        y.addi(b.value().reshape(1, outChannels, 1, 1));
        outShape = y.shape();
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, outShape);
        if (fastRan) return fast.backward(x, w.value(), b.value(), gradOut, w.grad(), b.grad());
        INDArray gradFull = gradOut;                                              // the cropped border had no effect: zero gradient
        if (padding > 0) {
            gradFull = Nd4j.zeros(gradOut.dataType(), gradOut.size(0), outChannels, gradOut.size(2) + 2L * padding, gradOut.size(3) + 2L * padding);
            gradFull.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(padding, padding + gradOut.size(2)),
                    NDArrayIndex.interval(padding, padding + gradOut.size(3))).assign(gradOut);
        }
        INDArray p = Images.patches(gradFull, kernelSize, stride, Padding.VALID);                 // (N, O, k, k, H, W)
        w.grad().addi(Nd4j.tensorMmul(x, p, new int[][]{{0, 2, 3}, {0, 4, 5}}));                 // dW: (C, O, k, k)
        b.grad().addi(gradOut.sum(0, 2, 3));
        return Nd4j.tensorMmul(p, w.value(), new int[][]{{1, 2, 3}, {1, 2, 3}})                   // (N, H, W, C)
                .permute(0, 3, 1, 2).dup('c');
    }

    @Override
    public List<Parameter> parameters() { return List.of(w, b); }

    /** E.g. "ConvTranspose2D(32 -> 16, 4x4, stride 2, padding 1)". */
    @Override
    public String toString() {
        return "ConvTranspose2D(" + inChannels + " -> " + outChannels + ", " + kernelSize + "x" + kernelSize + ", stride " + stride
                + ", padding " + padding + ")";
    }
}
