package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Memory;

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
 * layer skips dP and col2im. Float and double, dense NCHW arrays only ({@link #applies}).
 * {@link Conv2D} says when it uses this rather than oneDNN, and why.
 */
final class Im2colConv {
    private final int k, stride;
    private final Padding padding;
    private float[] xf = new float[0], pf = new float[0], dxf = new float[0];
    private double[] xd = new double[0], pd = new double[0], dxd = new double[0];
    private INDArray patch, ones;          // one image's P (K, S) and S ones, outside any workspace, reused

    Im2colConv(int k, int stride, Padding padding) {
        this.k = k;
        this.stride = stride;
        this.padding = padding;
    }

    /** True when {@link #backward} can run: BLAS available, all arrays dense, of one float type, with the usual shapes. */
    boolean applies(INDArray x, INDArray w, INDArray gradOut, INDArray wGrad, INDArray bGrad) {
        DataType t = x.dataType();
        for (INDArray a : new INDArray[]{w, gradOut, wGrad, bGrad}) if (a.dataType() != t || !Images.dense(a)) return false;
        return Blas.ON && Images.dense(x) && bGrad.length() == gradOut.size(1) && wGrad.length() == w.length();
    }

    /** Adds dL/dW into wGrad (O, C, k, k) and dL/db into bGrad (O); returns dL/dx, or null without {@code inputGradient}. */
    INDArray backward(INDArray x, INDArray w, INDArray gradOut, INDArray wGrad, INDArray bGrad, boolean inputGradient) {
        int n = (int) x.size(0), o = (int) gradOut.size(1);
        Patches p = Patches.of(x, gradOut, k, stride, padding);
        int kk = p.rows(), s = p.cols(), image = p.imageSize();
        DataType type = x.dataType();
        scratch(type, kk, s);
        boolean f = type == DataType.FLOAT;
        int len = n * image;
        if (f) {
            if (xf.length < len) xf = new float[len];
            if (pf.length < kk * s) pf = new float[kk * s];
            if (inputGradient && dxf.length < len) dxf = new float[len];
            Memory.floats(x).get(0, xf, 0, len);
            if (inputGradient) Arrays.fill(dxf, 0, len, 0f);
        } else {
            if (xd.length < len) xd = new double[len];
            if (pd.length < kk * s) pd = new double[kk * s];
            if (inputGradient && dxd.length < len) dxd = new double[len];
            Memory.doubles(x).get(0, xd, 0, len);
            if (inputGradient) Arrays.fill(dxd, 0, len, 0);
        }
        for (int img = 0; img < n; img++) {
            long g = (long) img * o * s;                                          // this image's G (O, S) in gradOut
            if (f) { p.im2col(xf, img * image, pf); Memory.floats(patch).put(0, pf, 0, kk * s); }
            else { p.im2col(xd, img * image, pd); Memory.doubles(patch).put(0, pd, 0, kk * s); }
            Blas.gemmAt(gradOut, g, false, patch, 0, true, wGrad, 0, o, kk, s, 1, 1);     // dW += G Pᵀ
            Blas.rowSumsAt(gradOut, g, o, s, ones, bGrad);                             // db += G 1
            if (!inputGradient) continue;
            Blas.gemmAt(w, 0, true, gradOut, g, false, patch, 0, kk, s, o, 1, 0);      // dP = Wᵀ G, over P
            if (f) { Memory.floats(patch).get(0, pf, 0, kk * s); p.col2imAdd(pf, dxf, img * image); }
            else { Memory.doubles(patch).get(0, pd, 0, kk * s); p.col2imAdd(pd, dxd, img * image); }
        }
        if (!inputGradient) return null;
        INDArray dx = Nd4j.createUninitialized(type, x.shape(), 'c');
        if (f) Memory.floats(dx).put(0, dxf, 0, len); else Memory.doubles(dx).put(0, dxd, 0, len);
        return dx;
    }

    /** The native P and ones, made (outside any workspace) when the type or size changes. */
    private void scratch(DataType type, int rows, int cols) {
        if (patch != null && patch.dataType() == type && patch.length() == (long) rows * cols && ones.length() == cols) return;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            patch = Nd4j.createUninitialized(type, new long[]{(long) rows * cols}, 'c');
            ones = Nd4j.ones(type, cols);
        }
    }
}
