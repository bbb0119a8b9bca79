package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The backward pass of a 2-D convolution as matrix products over patch matrices ("im2col"; Chellapilla,
 * Puri and Simard, 2006, "High Performance Convolutional Neural Networks for Document Processing").
 * For each image, with S = H'·W' output positions, K = C·k·k kernel entries, P (K, S) the input
 * patch seen by each output position ({@link Patches}) and G (O, S) the image's dL/dy:
 * <pre>
 *   dW (O, K) += G Pᵀ      db += G 1      dP (K, S) = Wᵀ G,  dx = col2im(dP)
 * </pre>
 * where col2im adds each patch entry's gradient back to the pixel it was copied from. The patches
 * are laid out in Java one image at a time (so they stay in the cache) and the products are direct
 * OpenBLAS calls ({@link Blas}). Unlike {@code conv2d_bp}, which always computes dL/dx, a first
 * layer can skip dP and col2im. Dense c-ordered NCHW arrays of one float type ({@link #applies}).
 */
final class Im2colConv {
    private final int k, stride;
    private Object x, p;                   // the images and one image's patches: float[] or double[], the arrays' type
    private Patches geometry;              // the patches p was laid out for (its zeros are the padding)
    private double[] dp = new double[0], dx = new double[0];
    private INDArray patch, ones;          // one image's P (K, S) and S ones, outside any workspace, reused

    Im2colConv(int k, int stride) {
        this.k = k;
        this.stride = stride;
    }

    /** True when {@link #backward} can run: BLAS available, all arrays dense, c-ordered, of one float type. */
    static boolean applies(INDArray x, INDArray w, INDArray gradOut, INDArray wGrad, INDArray bGrad) {
        for (INDArray a : new INDArray[]{x, w, gradOut, wGrad, bGrad})
            if (a.dataType() != x.dataType() || !Memory.denseC(a)) return false;
        return Blas.ON && bGrad.length() == gradOut.size(1) && wGrad.length() == w.length();
    }

    /** Adds dL/dW into wGrad (O, C, k, k) and dL/db into bGrad (O); returns dL/dx, or null without {@code inputGradient}. */
    INDArray backward(INDArray xArr, INDArray w, INDArray gradOut, INDArray wGrad, INDArray bGrad, int padTop, int padLeft, boolean inputGradient) {
        int n = (int) xArr.size(0), o = (int) gradOut.size(1);
        Patches pm = Patches.of(xArr, gradOut, k, stride, padTop, padLeft);
        int kk = pm.rows(), s = pm.cols(), image = pm.imageSize(), len = n * image;
        scratch(xArr.dataType(), kk, s);
        boolean floats = xArr.dataType() == DataType.FLOAT;
        if (!pm.sameAs(geometry) || x == null || java.lang.reflect.Array.getLength(x) < len || (x instanceof float[]) != floats) {
            x = Memory.newArray(xArr.dataType(), len);
            p = Memory.newArray(xArr.dataType(), kk * s);
            geometry = pm;
        }
        if (inputGradient && dx.length < len) dx = new double[len];
        if (inputGradient && dp.length < kk * s) dp = new double[kk * s];
        Memory.get(xArr, x, len);
        Doubles patchValues = Doubles.of(patch);
        if (inputGradient) Arrays.fill(dx, 0, len, 0);
        for (int img = 0; img < n; img++) {
            long g = (long) img * o * s;                                          // this image's G (O, S) in gradOut
            if (x instanceof float[] xf) pm.copy(xf, img * image, (float[]) p);
            else pm.copy((double[]) x, img * image, (double[]) p);
            Memory.put(p, patch, kk * s);
            Blas.gemmAt(gradOut, g, false, patch, 0, true, wGrad, 0, o, kk, s, 1, 1);     // dW += G Pᵀ
            Blas.rowSumsAt(gradOut, g, o, s, ones, bGrad);                             // db += G 1
            if (!inputGradient) continue;
            Blas.gemmAt(w, 0, true, gradOut, g, false, patch, 0, kk, s, o, 1, 0);      // dP = Wᵀ G, over P
            patchValues.read(0, dp, 0, kk * s);
            pm.addBack(dp, dx, img * image);
        }
        if (!inputGradient) return null;
        INDArray dxArr = Nd4j.createUninitialized(xArr.dataType(), xArr.shape(), 'c');
        Doubles.of(dxArr).write(dx, 0, 0, len);
        return dxArr;
    }

    /** The native P and ones, made (outside any workspace) when the type or size changes. */
    private void scratch(DataType type, int rows, int cols) {
        if (patch != null && patch.dataType() == type && patch.length() == (long) rows * cols && ones.length() == cols) return;
        patch = StepMemory.lasting(() -> Nd4j.createUninitialized(type, new long[]{(long) rows * cols}, 'c'));
        ones = StepMemory.lasting(() -> Nd4j.ones(type, cols));
    }
}
