package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Max pooling that remembers, for every output, where in x its maximum was, so that backward sends
 * each gradient straight there (PyTorch's {@code max_pool2d_with_indices} does the same; libnd4j's
 * {@code maxpool2d_bp} searches every window again, about 6x slower). Plain Java loops over copies
 * of the arrays' memory, one (H, W) plane at a time, for dense c-ordered (N, C, H, W) arrays. As in
 * libnd4j, padding never wins a window and ties go to the first maximum in row-major order.
 *
 * <p>The loops are written once, in double ({@link Doubles}); the common case of a course — float
 * images, 2x2 windows at stride 2 — also has a float version of the window scan and of the scatter,
 * which made LeNet's two pooling layers 0.6 ms (of ~15) faster per step than through double.
 */
final class MaxPoolIndices {
    private int[] argmax = new int[0];       // per output element: the index of its maximum within its (H, W) plane
    private long[] xShape;                   // the x that the indices point into; null when none are held
    private DataType type;
    private double[] x = new double[0], y = new double[0];      // one plane of x (or dL/dx) and of y (or dL/dy)
    private float[] xf = new float[0], yf = new float[0];

    /** The pooled x (N, C, oh, ow), recording the indices. */
    INDArray forward(INDArray xArr, int size, int stride, int padTop, int padLeft, int oh, int ow) {
        int planes = (int) (xArr.size(0) * xArr.size(1)), h = (int) xArr.size(2), w = (int) xArr.size(3);
        Windows windows = new Windows(h, w, oh, ow, size, stride, padTop, padLeft);
        INDArray yArr = Nd4j.createUninitialized(xArr.dataType(), new long[]{xArr.size(0), xArr.size(1), oh, ow}, 'c');
        int in = h * w, out = oh * ow;
        if (argmax.length < planes * out) argmax = new int[planes * out];
        grow(in, out);
        if (xArr.dataType() == DataType.FLOAT && windows.twoByTwo()) {
            FloatBuffer xb = Memory.floats(xArr), yb = Memory.floats(yArr);
            for (int p = 0; p < planes; p++) {
                xb.get(p * in, xf, 0, in);
                windows.argmax2x2(xf, argmax, p * out);
                for (int o = 0; o < out; o++) yf[o] = xf[argmax[p * out + o]];
                yb.put(p * out, yf, 0, out);
            }
        } else {
            Doubles xd = Doubles.of(xArr), yd = Doubles.of(yArr);
            for (int p = 0; p < planes; p++) {
                xd.read((long) p * in, x, 0, in);
                windows.argmax(x, argmax, p * out);
                for (int o = 0; o < out; o++) y[o] = x[argmax[p * out + o]];
                yd.write(y, 0, (long) p * out, out);
            }
        }
        xShape = xArr.shape();
        type = xArr.dataType();
        return yArr;
    }

    private void grow(int in, int out) {
        if (x.length < in) { x = new double[in]; xf = new float[in]; }
        if (y.length < out) { y = new double[out]; yf = new float[out]; }
    }

    /** True when the last forward recorded indices that fit dL/dy {@code gradOut}. */
    boolean holds(INDArray gradOut) {
        return xShape != null && gradOut.dataType() == type && Memory.denseC(gradOut)
                && gradOut.size(0) * gradOut.size(1) == xShape[0] * xShape[1] && gradOut.length() <= argmax.length;
    }

    /** dL/dx for dL/dy of the last {@link #forward}'s output (see {@link #holds}): each gradient added where its maximum was. */
    INDArray backward(INDArray gradOut) {
        int in = (int) (xShape[2] * xShape[3]), planes = (int) (xShape[0] * xShape[1]), out = (int) (gradOut.length() / planes);
        INDArray gradIn = Nd4j.createUninitialized(type, xShape, 'c');
        if (type == DataType.FLOAT) {
            FloatBuffer gb = Memory.floats(gradOut), db = Memory.floats(gradIn);
            for (int p = 0; p < planes; p++) {
                gb.get(p * out, yf, 0, out);
                Arrays.fill(xf, 0, in, 0f);
                for (int o = 0; o < out; o++) xf[argmax[p * out + o]] += yf[o];       // += : windows may overlap
                db.put(p * in, xf, 0, in);
            }
            return gradIn;
        }
        Doubles gd = Doubles.of(gradOut), dd = Doubles.of(gradIn);
        for (int p = 0; p < planes; p++) {
            gd.read((long) p * out, y, 0, out);
            Arrays.fill(x, 0, in, 0);
            for (int o = 0; o < out; o++) x[argmax[p * out + o]] += y[o];
            dd.write(x, 0, (long) p * in, in);
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
         * {@link #argmax} for {@link #twoByTwo} windows of float values, without branches: on random
         * data a branch per comparison is mispredicted half the time, which made the loop 3x slower.
         * "v > u" is the sign bit of u − v; adding +0 first turns −0 into +0, so equal values (zeros
         * after a ReLU, say) keep the first position. (Infinities and NaN may pick another position than libnd4j.)
         */
        void argmax2x2(float[] x, int[] argmax, int at) {
            for (int i = 0, o = at; i < oh; i++) {
                int row = 2 * i * w;
                for (int j = 0; j < ow; j++, o++) {
                    int a = row + 2 * j, c = a + w;
                    float va = x[a] + 0f, vb = x[a + 1] + 0f, vc = x[c] + 0f, vd = x[c + 1] + 0f;
                    int b = Float.floatToRawIntBits(va - vb) >>> 31;          // 1 when vb > va
                    int d = Float.floatToRawIntBits(vc - vd) >>> 31;          // 1 when vd > vc
                    int lower = Float.floatToRawIntBits(Math.max(va, vb) - Math.max(vc, vd)) >>> 31;   // 1 when the lower row's max is larger
                    argmax[o] = a + b + ((c + d - a - b) & -lower);          // select without a branch
                }
            }
        }
    }
}
