package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code Dense}'s forward and backward passes as direct OpenBLAS calls ({@link Blas}): for the small
 * matrices of a course's mini-batches, ND4J's op machinery costs more than the arithmetic (tens of
 * microseconds per call against a few for a 64 x 256 x 10 product), and a bias add or a column sum
 * is one more op each, while here they are a rank-1 update and a matrix-vector product against a
 * column of ones. The input gradient is skipped for data ({@link NoInputGradient}).
 *
 * <p>Arrays are 2-D: x (M, in), W (in, out), b (1, out), g = dL/dy (M, out); for {@code TiedDense} the
 * table E (out, in) takes W's place, read transposed.
 */
public final class DenseKernel {
    private INDArray ones;   // a (1, M) row of ones, made once (outside any workspace) and reused

    /** True when the kernels are on, BLAS is usable, and every array is a dense float or double matrix of one type. */
    public static boolean applies(INDArray x, INDArray... others) {
        if (!Kernels.on() || !Blas.ON || !Doubles.fits(x) || x.rank() != 2 || x.ordering() != 'c') return false;
        for (INDArray a : others) if (!Doubles.fits(a) || a.dataType() != x.dataType() || a.ordering() != 'c') return false;
        return true;
    }

    /** y = x W + 1 bᵀ. */
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        INDArray y = Blas.matmul(x, false, w, false);
        if (y == null || !Blas.addRows(y, b, ones(x))) throw new IllegalStateException("DenseKernel.forward used where it does not apply");
        return y;
    }

    /** dW += xᵀ g, db += 1ᵀ g; returns dx = g Wᵀ, or null when x is data ({@link NoInputGradient}). */
    public INDArray backward(INDArray x, INDArray g, INDArray w, INDArray wGrad, INDArray bGrad) {
        if (!Blas.gemm(x, true, g, false, wGrad, 1, 1) || !Blas.columnSums(g, ones(g), bGrad))
            throw new IllegalStateException("DenseKernel.backward used where it does not apply");
        if (NoInputGradient.isData(x)) return null;
        return Blas.matmul(g, false, w, true);
    }

    /** {@code TiedDense}: y = x Eᵀ + 1 bᵀ, with E (out, in) the embedding's table. */
    public INDArray forwardTied(INDArray x, INDArray e, INDArray b) {
        INDArray y = Blas.matmul(x, false, e, true);
        if (y == null || !Blas.addRows(y, b, ones(x))) throw new IllegalStateException("DenseKernel.forwardTied used where it does not apply");
        return y;
    }

    /** {@code TiedDense}: dE += gᵀ x, db += 1ᵀ g; returns dx = g E, or null when x is data ({@link NoInputGradient}). */
    public INDArray backwardTied(INDArray x, INDArray g, INDArray e, INDArray eGrad, INDArray bGrad) {
        if (!Blas.gemm(g, true, x, false, eGrad, 1, 1) || !Blas.columnSums(g, ones(g), bGrad))
            throw new IllegalStateException("DenseKernel.backwardTied used where it does not apply");
        if (NoInputGradient.isData(x)) return null;
        return Blas.matmul(g, false, e, false);
    }

    private INDArray ones(INDArray a) {
        if (ones == null || ones.size(1) != a.size(0) || ones.dataType() != a.dataType())
            ones = StepMemory.lasting(() -> Nd4j.ones(a.dataType(), 1, a.size(0)));
        return ones;
    }
}
