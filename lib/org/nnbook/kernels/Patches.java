package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The patch matrix P ("im2col") of one (C, H, W) image for a k x k convolution: row (c, i, j) of P,
 * i, j < k, holds pixel (c, y·stride + i − padTop, x·stride + j − padLeft) for every output position
 * (y, x) in row-major order, 0 where that falls in the padding; P has C·k·k rows and H'·W' columns.
 *
 * <p>Where each entry comes from depends only on the geometry, so it is worked out once, as runs:
 * run q copies {@code length[q]} pixels, {@code step[q]} apart (the stride), from {@code from[q]} in
 * the image to {@code to[q]} in P, which it fills row by row. The copies themselves are then a few
 * lines for each element type ({@link #copy}), and {@link #addBack} — P's adjoint, which adds each
 * entry of dL/dP back to the pixel it came from, giving dL/dx — walks the same runs. Entries of P that
 * no run writes lie in the padding and stay 0.
 */
final class Patches {
    private final int rows, cols, imageSize;
    private final int[] from, to, length;
    private final int step;

    private Patches(int c, int h, int w, int k, int stride, int oh, int ow, int padTop, int padLeft) {
        this.rows = c * k * k;
        this.cols = oh * ow;
        this.imageSize = c * h * w;
        this.step = stride;
        int n = 0, max = rows * oh;
        int[] f = new int[max], t = new int[max], l = new int[max];
        for (int ci = 0, r = 0; ci < c; ci++)
            for (int ki = 0; ki < k; ki++)
                for (int kj = 0; kj < k; kj++, r++) {
                    // output columns j0 ≤ j < j1 read input columns j·stride + kj − padLeft inside [0, w)
                    int j0 = Math.min(ow, Math.max(0, Math.floorDiv(padLeft - kj + stride - 1, stride)));
                    int j1 = Math.max(j0, Math.min(ow, Math.floorDiv(w - 1 - kj + padLeft, stride) + 1));
                    for (int i = 0; i < oh; i++) {
                        int y = i * stride + ki - padTop;
                        if (y < 0 || y >= h || j1 == j0) continue;
                        f[n] = (ci * h + y) * w + j0 * stride + kj - padLeft;
                        t[n] = r * cols + i * ow + j0;
                        l[n++] = j1 - j0;
                    }
                }
        from = java.util.Arrays.copyOf(f, n);
        to = java.util.Arrays.copyOf(t, n);
        length = java.util.Arrays.copyOf(l, n);
    }

    /** The patches of x (N, C, H, W) for the output dL/dy (N, O, H', W') of a k x k convolution padded by padTop, padLeft. */
    static Patches of(INDArray x, INDArray gradOut, int k, int stride, int padTop, int padLeft) {
        return new Patches((int) x.size(1), (int) x.size(2), (int) x.size(3), k, stride, (int) gradOut.size(2), (int) gradOut.size(3), padTop, padLeft);
    }

    /** C·k·k. */
    int rows() { return rows; }

    /** H'·W'. */
    int cols() { return cols; }

    /** C·H·W: the distance between two images of the batch. */
    int imageSize() { return imageSize; }

    /** Fills P (p, zeros in the padding) from the image that starts at x[at]. */
    void copy(float[] x, int at, float[] p) {
        for (int q = 0; q < from.length; q++) {
            if (step == 1) System.arraycopy(x, at + from[q], p, to[q], length[q]);
            else for (int j = 0, s = at + from[q]; j < length[q]; j++, s += step) p[to[q] + j] = x[s];
        }
    }

    /** {@link #copy(float[], int, float[])} for double values. */
    void copy(double[] x, int at, double[] p) {
        for (int q = 0; q < from.length; q++) {
            if (step == 1) System.arraycopy(x, at + from[q], p, to[q], length[q]);
            else for (int j = 0, s = at + from[q]; j < length[q]; j++, s += step) p[to[q] + j] = x[s];
        }
    }

    /** Adds each entry of dp (rows() x cols()) to the pixel of the image starting at dx[at] that P's entry was copied from. */
    void addBack(double[] dp, double[] dx, int at) {
        for (int q = 0; q < from.length; q++)
            for (int j = 0, s = at + from[q], d = to[q]; j < length[q]; j++, s += step, d++) dx[s] += dp[d];
    }

    /** Whether these are the patches of the same geometry (P has zeros in the same places). */
    boolean sameAs(Patches o) {
        return o != null && o.rows == rows && o.cols == cols && o.imageSize == imageSize && o.step == step
                && java.util.Arrays.equals(o.from, from) && java.util.Arrays.equals(o.to, to) && java.util.Arrays.equals(o.length, length);
    }
}
