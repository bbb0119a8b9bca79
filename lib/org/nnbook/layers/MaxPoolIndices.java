package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Memory;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Max pooling that remembers, for every output, where in x its maximum was, so that backward sends
 * each gradient straight there (PyTorch's {@code max_pool2d_with_indices} does the same; libnd4j's
 * {@code maxpool2d_bp} searches every window again, about 6x slower). Plain Java loops over copies
 * of the arrays' memory, one (H, W) plane at a time, float and double, for (N, C, H, W) arrays laid
 * out densely in c order; {@link #forward} returns null for anything else and the caller then uses
 * libnd4j's ops.
 * As in libnd4j, padding never wins a window and ties go to the first maximum in row-major order.
 */
final class MaxPoolIndices {
    private int[] argmax = new int[0];       // per output element: the index of its maximum within its (H, W) plane
    private long[] xShape;                   // the x that the indices point into; null when none are held
    private DataType type;
    private float[] fx = new float[0], fy = new float[0];      // one plane of x (or dL/dx) and of y (or dL/dy)
    private double[] dx = new double[0], dy = new double[0];

    /** The pooled x, recording the indices; null (and nothing recorded) when x is not a dense float or double NCHW array. */
    INDArray forward(INDArray x, int size, int stride, Padding padding) {
        xShape = null;
        if (!Images.dense(x)) return null;
        long[] outShape = Images.pooledShape(x, size, stride, padding);
        int planes = (int) (x.size(0) * x.size(1)), h = (int) x.size(2), w = (int) x.size(3);
        int oh = (int) outShape[2], ow = (int) outShape[3];
        Windows windows = new Windows(h, w, oh, ow, size, stride, padding.before(h, size, stride), padding.before(w, size, stride));
        INDArray y = Nd4j.createUninitialized(x.dataType(), outShape, 'c');
        int in = h * w, out = oh * ow;
        if (argmax.length < planes * out) argmax = new int[planes * out];
        // plane by plane through small Java arrays that stay in the cache: bulk copies are fast, element-wise access to native memory is not
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xb = Memory.floats(x), yb = Memory.floats(y);
            if (fx.length < in || fy.length < out) { fx = new float[in]; fy = new float[out]; }
            boolean twoByTwo = windows.twoByTwo();
            for (int p = 0; p < planes; p++) {
                xb.get(p * in, fx, 0, in);
                if (twoByTwo) windows.argmax2x2(fx, argmax, p * out); else windows.argmax(fx, argmax, p * out);
                for (int o = 0; o < out; o++) fy[o] = fx[argmax[p * out + o]];
                yb.put(p * out, fy, 0, out);
            }
        } else {
            DoubleBuffer xb = Memory.doubles(x), yb = Memory.doubles(y);
            if (dx.length < in || dy.length < out) { dx = new double[in]; dy = new double[out]; }
            for (int p = 0; p < planes; p++) {
                xb.get(p * in, dx, 0, in);
                windows.argmax(dx, argmax, p * out);
                for (int o = 0; o < out; o++) dy[o] = dx[argmax[p * out + o]];
                yb.put(p * out, dy, 0, out);
            }
        }
        xShape = x.shape();
        type = x.dataType();
        return y;
    }

    /** dL/dx for dL/dy of the last {@link #forward}'s output, or null when that forward recorded no indices (or gradOut is not dense). */
    INDArray backward(INDArray gradOut) {
        if (xShape == null || gradOut.dataType() != type || !Images.dense(gradOut)) return null;
        int in = (int) (xShape[2] * xShape[3]), planes = (int) (xShape[0] * xShape[1]), out = (int) (gradOut.length() / planes);
        if ((long) planes * out != gradOut.length() || planes * out > argmax.length) return null;
        INDArray gradIn = Nd4j.createUninitialized(type, xShape, 'c');
        if (type == DataType.FLOAT) {
            FloatBuffer gb = Memory.floats(gradOut), db = Memory.floats(gradIn);
            for (int p = 0; p < planes; p++) {
                gb.get(p * out, fy, 0, out);
                java.util.Arrays.fill(fx, 0, in, 0f);
                for (int o = 0; o < out; o++) fx[argmax[p * out + o]] += fy[o];       // += : windows may overlap
                db.put(p * in, fx, 0, in);
            }
        } else {
            DoubleBuffer gb = Memory.doubles(gradOut), db = Memory.doubles(gradIn);
            for (int p = 0; p < planes; p++) {
                gb.get(p * out, dy, 0, out);
                java.util.Arrays.fill(dx, 0, in, 0);
                for (int o = 0; o < out; o++) dx[argmax[p * out + o]] += dy[o];
                db.put(p * in, dx, 0, in);
            }
        }
        return gradIn;
    }

    /** Forgets the indices (after a forward pass that did not record them). */
    void clear() { xShape = null; }

    /** Where the windows lie in an (h, w) plane; each {@code argmax} writes, from {@code argmax[at]} on, the index in the plane of each output's maximum, row by row. */
    private record Windows(int h, int w, int oh, int ow, int size, int stride, int padTop, int padLeft) {

        /** 2x2 windows at stride 2 that all lie inside the image: the common case, with its own loop. */
        boolean twoByTwo() { return size == 2 && stride == 2 && padTop == 0 && padLeft == 0 && 2 * oh <= h && 2 * ow <= w; }

        void argmax(float[] x, int[] argmax, int at) {
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
         * {@link #argmax(float[], int[])} for {@link #twoByTwo} windows, without branches: on random data
         * a branch per comparison is mispredicted half the time, which made the loop 3x slower. "v > u"
         * is the sign bit of u - v; adding +0 first turns -0 into +0, so equal values (zeros after a
         * ReLU, say) keep the first position. (Infinities and NaN may pick another position than libnd4j.)
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
