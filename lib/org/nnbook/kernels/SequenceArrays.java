package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@link LstmKernel} and {@link GruKernel} share: their arrays batch-major as the layers get them,
 * (N, T, F) with sequence n's step t in row n·T + t, so that nothing is permuted; one step of every
 * sequence is then the matrix of every T-th row (leading dimension T·F), which BLAS takes where it
 * lies. The loops work on Java arrays, kept from call to call.
 */
final class SequenceArrays {
    private SequenceArrays() {}

    /** a as float32 rows laid out densely in c order (a itself when it already is). */
    static INDArray denseFloat(INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        return Memory.denseC(f) ? f : f.dup('c');
    }

    /** The values of a (any layout) in c order, as a Java array. */
    static float[] values(INDArray a) { return Nd4j.toFlattened('c', a).toFloatVector(); }

    /** The mask (N, T) as N·T floats (row n·T + t), or null without one. */
    static float[] mask(INDArray maskNT) { return maskNT == null ? null : values(maskNT.castTo(DataType.FLOAT)); }

    /** {@code reuse} when it holds at least n values, else a new array of n. */
    static float[] atLeast(float[] reuse, int n) { return reuse != null && reuse.length >= n ? reuse : new float[n]; }

    /** A new uninitialised float32 array in c order (in the current workspace, if any). */
    static INDArray create(long... shape) { return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c'); }

    /** grad += sums (a bias gradient of the column sums collected by a loop). */
    static void addTo(INDArray grad, double[] sums) {
        float[] f = new float[sums.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) sums[i];
        grad.addi(Nd4j.createFromArray(f).reshape(grad.shape()).castTo(grad.dataType()));
    }

    /** One (rows, the lane's share of n) array per lane, made here in the caller's memory (its workspace): a lane's per-step product. */
    static INDArray[] perLane(int lanes, int n, int rows) {
        INDArray[] a = new INDArray[lanes];
        for (int k = 0; k < lanes; k++) a[k] = create(rows, Lanes.start(k + 1, lanes, n) - Lanes.start(k, lanes, n));
        return a;
    }

    /**
     * Where each lane adds its share of a gradient: the first lane straight into {@code grad}, each
     * other into an array of its own (it writes with β = 0), which {@link #sumInto} then adds in.
     */
    static INDArray[] shares(INDArray grad, int lanes) {
        INDArray[] a = new INDArray[lanes];
        a[0] = grad;
        for (int k = 1; k < lanes; k++) a[k] = create(grad.shape());
        return a;
    }

    /** grad += the other lanes' shares (the first lane's is already in it). */
    static void sumInto(INDArray grad, INDArray[] shares) {
        for (int k = 1; k < shares.length; k++) grad.addi(shares[k]);
    }
}
