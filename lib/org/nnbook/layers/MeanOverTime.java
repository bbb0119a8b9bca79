package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

/**
 * The mean over the real (not padded) positions of a sequence: (N, T, D) → (N, D),
 * {@code y[n] = Σ_t m[n, t] x[n, t] / Σ_t m[n, t]} with m the padding mask (1 at real tokens). After
 * an {@link Embedding} it makes a bag-of-embeddings text classifier (Joulin et al., 2017, "Bag of
 * Tricks for Efficient Text Classification"):
 * <pre>{@code Sequential.of(new Embedding(vocab, 64), new MeanOverTime(), new Dense(64, classes))}</pre>
 * Without a mask every position is real. Backward spreads g evenly over the real positions:
 * {@code dx[n, t] = m[n, t] g[n] / Σ_t m[n, t]}, zero at padding.
 */
public final class MeanOverTime implements MaskedLayer {
    private INDArray weights;       // m / Σ m, (N, T, 1)
    private long[] inShape;

    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        if (x == null || x.rank() != 3)
            throw new ShapeException(this + " expects a sequence (N, T, D) but got " + (x == null ? "null" : Shapes.of(x)) + ".");
        inShape = x.shape();
        long n = x.size(0), t = x.size(1);
        INDArray m = mask == null ? Nd4j.ones(x.dataType(), n, t) : mask.castTo(x.dataType());
        if (m.size(0) != n || m.size(1) != t)
            throw new ShapeException(this + ": the mask " + Shapes.of(m) + " does not fit the sequence " + Shapes.of(x) + "; it must be (N, T).");
        INDArray count = m.sum(true, 1);                                           // real positions per row, (N, 1)
        if (count.minNumber().doubleValue() <= 0)
            throw new IllegalArgumentException(this + ": row " + count.argMax(0).getInt(0) + " of the batch has no real token (its mask is all 0);"
                    + " drop empty sequences from the data.");
        weights = m.div(count).reshape(n, t, 1);                       // m / Σ m, a new array: m may be the caller's mask itself
        return x.mul(weights).sum(1);                                              // Σ_t (m / Σ m) x_t, (N, D)
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (weights == null) throw new IllegalStateException(this + ": backward called before forward.");
        long n = inShape[0], d = inShape[2];
        return weights.mul(gradOut.reshape(n, 1, d));                              // (N, T, 1) · (N, 1, D) → (N, T, D)
    }

    @Override
    public String toString() { return "MeanOverTime"; }
}
