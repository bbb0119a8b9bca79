package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * {@code ConvTranspose2D}'s passes: forward as a matrix product and col2im in Java, backward by libnd4j's
 * {@code deconv2d_bp} op (oneDNN on Linux). For each image, with S = H·W input positions, K = O·k·k
 * stamp entries and X (C, S) the image:
 * <pre>
 *   stamps (K, S) = Wᵀ X          W seen as the (C, K) matrix it is
 *   y = col2im(stamps) + b        stamp entry (o, i, j) of position (y, x) added to pixel (o, y·stride + i − p, x·stride + j − p)
 * </pre>
 * where col2im is {@link Patches#addBack} for the convolution that y → x undoes (its entries that land in the
 * cropped border are dropped). Backward, dL/dx is a plain convolution of dL/dy with the same weights,
 * dL/dW the sum over images and positions of x times dL/dy's patches, dL/db the sum of dL/dy.
 *
 * <p>Measured at batch 64, one thread, on 2 busy cores (notebook 15's generator, 4x4 kernels, stride 2, padding 1):
 * oneDNN's {@code deconv2d} forward is slow for few output channels (16 → 1 channel, 14x14 → 28x28: 5-8 ms,
 * libnd4j's own 4-5 ms), the product and col2im here take 1.5-2.5 ms (32 → 16 channels, 7x7 → 14x14: 2.5 ms,
 * oneDNN 2.7-4); {@code deconv2d_bp} takes 1-6 ms. Forward and backward together: 8x faster than the layer's plain
 * version for 32 → 16 channels, 3x for 16 → 1. Forward falls back to the {@code deconv2d} op where the direct BLAS
 * calls cannot run ({@link Blas#ON}, dense c-ordered arrays).
 *
 * <p>Shapes: x (N, C, H, W), W (C, O, k, k) as in PyTorch (libnd4j's weight format 1), b (O), y and
 * dL/dy (N, O, H', W') with H' = (H − 1)·stride − 2·padding + k.
 */
public final class ConvTranspose2DKernel {
    private static final int NCHW = 0, WEIGHTS_IOHW = 1;
    private final int k, stride, padding;
    private final int[] args;
    private INDArray stamps;             // one image's stamps (K, S), outside any workspace, reused
    private double[] stampValues = new double[0], out = new double[0], bias = new double[0];

    /** A k x k transposed convolution with this stride, cropping {@code padding} rows and columns from each border. */
    public ConvTranspose2DKernel(int k, int stride, int padding) {
        this.k = k;
        this.stride = stride;
        this.padding = padding;
        // kH, kW, sH, sW, pH, pW, dH, dW, same-mode (0: the explicit padding), data format, weight format
        this.args = new int[]{k, k, stride, stride, padding, padding, 1, 1, 0, NCHW, WEIGHTS_IOHW};
    }

    /** True when the kernels are on and x, W and b are float or double of one type. */
    public static boolean applies(INDArray x, INDArray w, INDArray b) {
        return Kernels.on() && x.dataType().isFPType() && w.dataType() == x.dataType() && b.dataType() == x.dataType();
    }

    /** y = convT(x, W) cropped by the padding, + b. */
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        if (!Blas.ON || !Memory.denseC(x) || !Memory.denseC(w) || !Memory.dense(b) || (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE))
            return Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(x, w, b).addIntegerArguments(args).build())[0];
        int n = (int) x.size(0), c = (int) x.size(1), o = (int) w.size(1), h = (int) x.size(2), wd = (int) x.size(3);
        int oh = (h - 1) * stride - 2 * padding + k, ow = (wd - 1) * stride - 2 * padding + k;
        INDArray y = Nd4j.createUninitialized(x.dataType(), new long[]{n, o, oh, ow}, 'c');
        Patches pm = Patches.of(y, x, k, stride, padding, padding);        // the convolution y -> x, whose patches are the stamps
        int kk = pm.rows(), s = pm.cols(), image = pm.imageSize();
        scratch(x.dataType(), kk, s);
        if (out.length < image) out = new double[image];
        if (bias.length < o) bias = new double[o];
        Doubles.of(b).read(0, bias, 0, o);
        Doubles stampsOut = Doubles.of(stamps), yIn = Doubles.of(y);
        int plane = oh * ow;
        for (int img = 0; img < n; img++) {
            Blas.gemmAt(w, 0, true, x, (long) img * c * s, false, stamps, 0, kk, s, c, 1, 0);   // stamps = Wᵀ X
            stampsOut.read(0, stampValues, 0, kk * s);
            for (int oc = 0; oc < o; oc++) Arrays.fill(out, oc * plane, (oc + 1) * plane, bias[oc]);
            pm.addBack(stampValues, out, 0);                                        // col2im, onto the biases
            yIn.write(out, 0, (long) img * image, image);
        }
        return y;
    }

    /** Adds dL/dW into wGrad and dL/db into bGrad; returns dL/dx. */
    public INDArray backward(INDArray x, INDArray w, INDArray b, INDArray gradOut, INDArray wGrad, INDArray bGrad) {
        // outputs: dL/dx, dL/dW, dL/db
        INDArray[] g = Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(x, w, b, gradOut).addIntegerArguments(args).build());
        wGrad.addi(g[1]);
        bGrad.addi(g[2]);
        return g[0];
    }

    /** The native stamps of one image, made (outside any workspace) when the type or size changes. */
    private void scratch(DataType type, int rows, int cols) {
        if (stampValues.length < rows * cols) stampValues = new double[rows * cols];
        if (stamps != null && stamps.dataType() == type && stamps.length() == (long) rows * cols) return;
        stamps = StepMemory.lasting(() -> Nd4j.createUninitialized(type, new long[]{(long) rows * cols}, 'c'));
    }
}
