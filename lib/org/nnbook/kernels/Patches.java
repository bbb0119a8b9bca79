package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The patch matrix P ("im2col") of one (C, H, W) image for a k x k convolution: row (c, i, j) of P,
 * i, j < k, holds pixel (c, y·stride + i − padTop, x·stride + j − padLeft) for every output position
 * (y, x) in row-major order, 0 where that falls in the padding; P has C·k·k rows and H'·W' columns.
 * {@code col2imAdd} is its adjoint: it adds each entry of a (C·k·k, H'·W') matrix back to the pixel
 * it came from, which turns dL/dP into dL/dx.
 */
record Patches(int c, int h, int w, int k, int stride, int oh, int ow, int padTop, int padLeft) {

    /** The patches of x (N, C, H, W) for the output dL/dy (N, O, H', W') of a k x k convolution padded by padTop, padLeft. */
    static Patches of(INDArray x, INDArray gradOut, int k, int stride, int padTop, int padLeft) {
        return new Patches((int) x.size(1), (int) x.size(2), (int) x.size(3), k, stride, (int) gradOut.size(2), (int) gradOut.size(3), padTop, padLeft);
    }

    int rows() { return c * k * k; }

    int cols() { return oh * ow; }

    /** C·H·W: the distance between two images of the batch. */
    int imageSize() { return c * h * w; }

    /** The first output column whose input column (j·stride + kj − padLeft) is inside the image. */
    private int firstCol(int kj) { return Math.min(ow, Math.max(0, Math.floorDiv(padLeft - kj + stride - 1, stride))); }

    /** One past the last such column. */
    private int endCol(int kj) { return Math.max(0, Math.min(ow, Math.floorDiv(w - 1 - kj + padLeft, stride) + 1)); }

    /** The input row for output row i and kernel row ki; outside [0, h) in the padding. */
    private int inputRow(int i, int ki) { return i * stride + ki - padTop; }

    /** P of the image starting at x[at], into p (rows() x cols(), row-major). (The fields are copied to locals, which the JIT keeps in registers.) */
    void im2col(double[] x, int at, double[] p) {
        int c = this.c, h = this.h, w = this.w, k = this.k, stride = this.stride, oh = this.oh, ow = this.ow, padLeft = this.padLeft;
        for (int ci = 0, r = 0; ci < c; ci++)
            for (int ki = 0; ki < k; ki++)
                for (int kj = 0; kj < k; kj++, r++) {
                    int j0 = firstCol(kj), j1 = Math.max(j0, endCol(kj));
                    for (int i = 0, out = r * oh * ow; i < oh; i++, out += ow) {
                        int y = inputRow(i, ki);
                        if (y < 0 || y >= h) { Arrays.fill(p, out, out + ow, 0); continue; }
                        int in = at + (ci * h + y) * w + kj - padLeft;     // input index of output column 0
                        if (j0 > 0) Arrays.fill(p, out, out + j0, 0);
                        if (stride == 1) System.arraycopy(x, in + j0, p, out + j0, j1 - j0);
                        else for (int j = j0; j < j1; j++) p[out + j] = x[in + j * stride];
                        if (j1 < ow) Arrays.fill(p, out + j1, out + ow, 0);
                    }
                }
    }

    /** Adds each entry of dp (rows() x cols()) to the pixel of the image starting at dx[at] that {@link #im2col} copied there. */
    void col2imAdd(double[] dp, double[] dx, int at) {
        int c = this.c, h = this.h, w = this.w, k = this.k, stride = this.stride, oh = this.oh, ow = this.ow, padLeft = this.padLeft;
        for (int ci = 0, r = 0; ci < c; ci++)
            for (int ki = 0; ki < k; ki++)
                for (int kj = 0; kj < k; kj++, r++) {
                    int j0 = firstCol(kj), j1 = endCol(kj);
                    for (int i = 0, out = r * oh * ow; i < oh; i++, out += ow) {
                        int y = inputRow(i, ki);
                        if (y < 0 || y >= h) continue;
                        int in = at + (ci * h + y) * w + kj - padLeft;
                        if (stride == 1) for (int j = j0; j < j1; j++) dx[in + j] += dp[out + j];
                        else for (int j = j0; j < j1; j++) dx[in + j * stride] += dp[out + j];
                    }
                }
    }
}
