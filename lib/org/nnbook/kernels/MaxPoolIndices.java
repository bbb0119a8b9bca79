package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Max pooling that remembers, for every output, where in x its maximum was, so that backward sends
 * each gradient straight there (PyTorch's {@code max_pool2d_with_indices} does the same; libnd4j's
 * {@code maxpool2d_bp} searches every window again, about 6x slower). Plain Java loops over copies
 * of the arrays' memory ({@link Doubles}), one (H, W) plane at a time, for dense c-ordered
 * (N, C, H, W) arrays. As in libnd4j, padding never wins a window and ties go to the first maximum
 * in row-major order.
 */
final class MaxPoolIndices {
    private int[] argmax = new int[0];       // per output element: the index of its maximum within its (H, W) plane
    private long[] xShape;                   // the x that the indices point into; null when none are held
    private DataType type;
    private double[] x = new double[0], y = new double[0];      // one plane of x (or dL/dx) and of y (or dL/dy)

    /** The pooled x (N, C, oh, ow), recording the indices. */
    INDArray forward(INDArray xArr, int size, int stride, int padTop, int padLeft, int oh, int ow) {
        int planes = (int) (xArr.size(0) * xArr.size(1)), h = (int) xArr.size(2), w = (int) xArr.size(3);
        Windows windows = new Windows(h, w, oh, ow, size, stride, padTop, padLeft);
        INDArray yArr = Nd4j.createUninitialized(xArr.dataType(), new long[]{xArr.size(0), xArr.size(1), oh, ow}, 'c');
        int in = h * w, out = oh * ow;
        if (argmax.length < planes * out) argmax = new int[planes * out];
        if (x.length < in) x = new double[in];
        if (y.length < out) y = new double[out];
        boolean twoByTwo = windows.twoByTwo();
        for (int p = 0; p < planes; p++) {
            Doubles.read(xArr, (long) p * in, x, 0, in);
            if (twoByTwo) windows.argmax2x2(x, argmax, p * out); else windows.argmax(x, argmax, p * out);
            for (int o = 0; o < out; o++) y[o] = x[argmax[p * out + o]];
            Doubles.write(y, 0, yArr, (long) p * out, out);
        }
        xShape = xArr.shape();
        type = xArr.dataType();
        return yArr;
    }

    /** True when the last forward recorded indices that fit dL/dy {@code gradOut}. */
    boolean holds(INDArray gradOut) {
        return xShape != null && gradOut.dataType() == type && Memory.denseC(gradOut)
                && gradOut.size(0) * gradOut.size(1) == xShape[0] * xShape[1] && gradOut.length() <= argmax.length;
    }

    /** dL/dx for dL/dy of the last {@link #forward}'s output (see {@link #holds}). */
    INDArray backward(INDArray gradOut) {
        int in = (int) (xShape[2] * xShape[3]), planes = (int) (xShape[0] * xShape[1]), out = (int) (gradOut.length() / planes);
        INDArray gradIn = Nd4j.createUninitialized(type, xShape, 'c');
        for (int p = 0; p < planes; p++) {
            Doubles.read(gradOut, (long) p * out, y, 0, out);
            Arrays.fill(x, 0, in, 0);
            for (int o = 0; o < out; o++) x[argmax[p * out + o]] += y[o];       // += : windows may overlap
            Doubles.write(x, 0, gradIn, (long) p * in, in);
        }
        return gradIn;
    }

    /** Forgets the indices (after a forward pass that did not record them). */
    void clear() { xShape = null; }

    /** Where the windows lie in an (h, w) plane; each {@code argmax} writes, from {@code argmax[at]} on, the index in the plane of each output's maximum, row by row. */
    private record Windows(int h, int w, int oh, int ow, int size, int stride, int padTop, int padLeft) {

        /** 2x2 windows at stride 2 that all lie inside the image: the common case, with its own loop. */
        boolean twoByTwo() { return size == 2 && stride == 2 && padTop == 0 && padLeft == 0 && 2 * oh <= h && 2 * ow <= w; }

        void argmax(double[] x, int[] argmax, int at) {
            for (int i = 0, o = at; i < oh; i++) {
                int top = Math.max(0, i * stride - padTop), bottom = Math.min(h, i * stride - padTop + size);
                for (int j = 0; j < ow; j++, o++) {
                    int left = Math.max(0, j * stride - padLeft), right = Math.min(w, j * stride - padLeft + size);
                    int best = top * w + left;
                    for (int r = top; r < bottom; r++)
                        for (int e = r * w + left, end = e + right - left; e < end; e++)
                            if (x[e] > x[best]) best = e;
                    argmax[o] = best;
                }
            }
        }

        /**
         * {@link #argmax} for {@link #twoByTwo} windows, without branches: on random data a branch per
         * comparison is mispredicted half the time, which made the loop 3x slower. "v > u" is the sign
         * bit of u − v; adding +0 first turns −0 into +0, so equal values (zeros after a ReLU, say) keep
         * the first position. (Infinities and NaN may pick another position than libnd4j.)
         */
        void argmax2x2(double[] x, int[] argmax, int at) {
            for (int i = 0, o = at; i < oh; i++) {
                int row = 2 * i * w;
                for (int j = 0; j < ow; j++, o++) {
                    int a = row + 2 * j, c = a + w;
                    double va = x[a] + 0.0, vb = x[a + 1] + 0.0, vc = x[c] + 0.0, vd = x[c + 1] + 0.0;
                    int b = (int) (Double.doubleToRawLongBits(va - vb) >>> 63);          // 1 when vb > va
                    int d = (int) (Double.doubleToRawLongBits(vc - vd) >>> 63);          // 1 when vd > vc
                    int lower = (int) (Double.doubleToRawLongBits(Math.max(va, vb) - Math.max(vc, vd)) >>> 63);   // 1 when the lower row's max is larger
                    argmax[o] = a + b + ((c + d - a - b) & -lower);          // select without a branch
                }
            }
        }
    }
}
