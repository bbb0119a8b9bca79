package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * dL/dW and dL/db of a 2-D convolution without dL/dx, for a first layer: with S = H'·W' output
 * positions and K = C·k·k kernel entries, dW (O, K) += G (O, N·S) · colsᵀ (N·S, K) and db = G 1,
 * where G holds dL/dy channel by channel and cols ("im2col") the input patch seen by each output
 * position. Both are laid out in Java (a few copies of contiguous rows) and the product is one BLAS
 * call. Float arrays in NCHW order only; {@link #accumulate} returns false for anything else, and
 * for inputs so large that the patch matrix would exceed {@link #MAX_ENTRIES}, and the caller then
 * uses {@code conv2d_bp}.
 */
final class WeightGradient {
    /** Largest patch matrix (K x N·S floats, 64 MB) laid out; larger convolutions use conv2d_bp. */
    static final long MAX_ENTRIES = 16L << 20;

    private float[] xs = new float[0], row = new float[0];
    private INDArray ones;

    /** Adds dL/dW and dL/db into wGrad (O, C, k, k) and bGrad (O); false (and nothing added) when this path does not apply. */
    boolean accumulate(INDArray x, INDArray gradOut, INDArray wGrad, INDArray bGrad, int k, int stride, Padding padding) {
        if (!Blas.ON || !dense(x) || !dense(gradOut) || !dense(bGrad) || bGrad.rank() != 1 || wGrad.dataType() != DataType.FLOAT) return false;
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        int o = (int) gradOut.size(1), oh = (int) gradOut.size(2), ow = (int) gradOut.size(3);
        long s = (long) oh * ow, kk = (long) c * k * k, cols = (long) n * s;
        if (kk * cols > MAX_ENTRIES || cols > Integer.MAX_VALUE) return false;
        // same padding as libnd4j's: the total padding is split, the odd one out going to the bottom and right
        int padTop = padding == Padding.SAME ? Math.max(0, ((oh - 1) * stride + k - h) / 2) : 0;
        int padLeft = padding == Padding.SAME ? Math.max(0, ((ow - 1) * stride + k - w) / 2) : 0;

        FloatBuffer xb = floats(x), gb = floats(gradOut);
        int len = (int) x.length();
        if (xs.length < len) xs = new float[len];
        xb.get((int) x.offset(), xs, 0, len);
        if (row.length < cols) row = new float[(int) cols];
        INDArray patches = Nd4j.createUninitialized(DataType.FLOAT, new long[]{kk, cols}, 'c');
        INDArray g = Nd4j.createUninitialized(DataType.FLOAT, new long[]{o, cols}, 'c');
        FloatBuffer pb = floats(patches), gm = floats(g);

        // cols, row by row: entry (ci, ki, kj) of every patch, for every image and output position
        int r = 0;
        for (int ci = 0; ci < c; ci++)
            for (int ki = 0; ki < k; ki++)
                for (int kj = 0; kj < k; kj++, r++) {
                    int at = 0;
                    for (int img = 0; img < n; img++) {
                        int plane = (img * c + ci) * h * w;
                        for (int i = 0; i < oh; i++) {
                            int y = i * stride + ki - padTop;
                            if (y < 0 || y >= h) {
                                java.util.Arrays.fill(row, at, at + ow, 0f);
                                at += ow;
                                continue;
                            }
                            int base = plane + y * w;
                            if (stride == 1 && kj - padLeft >= 0 && ow - 1 + kj - padLeft < w) {
                                System.arraycopy(xs, base + kj - padLeft, row, at, ow);
                                at += ow;
                            } else {
                                for (int j = 0; j < ow; j++, at++) {
                                    int xx = j * stride + kj - padLeft;
                                    row[at] = xx < 0 || xx >= w ? 0f : xs[base + xx];
                                }
                            }
                        }
                    }
                    pb.put((int) (patches.offset() + (long) r * cols), row, 0, (int) cols);
                }
        // G, channel by channel: dL/dy of every image
        for (int oc = 0; oc < o; oc++) {
            for (int img = 0; img < n; img++)
                gb.get((int) (gradOut.offset() + ((long) img * o + oc) * s), row, (int) (img * s), (int) s);
            gm.put((int) (g.offset() + (long) oc * cols), row, 0, (int) cols);
        }
        INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, new long[]{o, kk}, 'c');
        if (!Blas.gemm(g, false, patches, true, dw, 1, 0)) return false;                  // nothing added yet
        if (!Blas.columnSums(g.transpose(), ones(cols), bGrad)) bGrad.addi(g.sum(1));     // db += G 1
        wGrad.addi(dw.reshape(wGrad.shape()));
        return true;
    }

    private static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.data() != null && defaultStrides(a)
                && a.offset() + a.length() <= Integer.MAX_VALUE;
    }

    /** The floats of a's underlying allocation; a's first element is at index a.offset(). */
    private static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** m ones, made once outside any workspace. */
    private INDArray ones(long m) {
        if (ones == null || ones.length() != m) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(DataType.FLOAT, m);
            }
        }
        return ones;
    }

    /** True when a's elements lie one after another in its ordering (default strides; a dimension of size 1 may have any stride). */
    private static boolean defaultStrides(INDArray a) {
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        if (a.ordering() == 'c') {
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] != 1 && stride[d] != expected) return false;
                expected *= shape[d];
            }
        } else {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] != 1 && stride[d] != expected) return false;
                expected *= shape[d];
            }
        }
        return true;
    }
}
