package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

/**
 * The vector at the last real (not padded) position of each sequence: (N, T, D) → (N, D),
 * {@code y[n] = x[n, Lₙ − 1]} with Lₙ the number of 1s in row n of the padding mask (real tokens
 * first, then padding). In a causal (decoder-only) Transformer the last position is the only one
 * that has seen the whole text, so a classifier fine-tuned from a language model reads it (Radford
 * et al., 2018, "Improving Language Understanding by Generative Pre-Training"):
 * <pre>{@code Sequential.of(lmBody, new LastPosition(), new Dense(d, classes))}</pre>
 * Without a mask it is position T − 1. Backward puts g[n] at that position, zero elsewhere.
 */
public final class LastPosition implements MaskedLayer {
    private int[] last;          // Lₙ − 1 for each row
    private long[] inShape;

    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        if (x == null || x.rank() != 3)
            throw new ShapeException(this + " expects a sequence (N, T, D) but got " + (x == null ? "null" : Shapes.of(x)) + ".");
        inShape = x.shape();
        int n = (int) x.size(0), t = (int) x.size(1);
        if (mask != null && (mask.size(0) != n || mask.size(1) != t))
            throw new ShapeException(this + ": the mask " + Shapes.of(mask) + " does not fit the sequence " + Shapes.of(x) + "; it must be (N, T).");
        last = new int[n];
        INDArray lengths = mask == null ? null : mask.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sum(1);
        for (int i = 0; i < n; i++) {
            last[i] = (mask == null ? t : (int) Math.round(lengths.getDouble(i))) - 1;
            if (last[i] < 0)
                throw new IllegalArgumentException(this + ": row " + i + " of the batch has no real token (its mask is all 0); drop empty sequences from the data.");
        }
        INDArray y = Nd4j.create(x.dataType(), n, x.size(2));
        for (int i = 0; i < n; i++) y.putRow(i, x.slice(i).getRow(last[i]));
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (last == null) throw new IllegalStateException(this + ": backward called before forward.");
        INDArray dx = Nd4j.zeros(gradOut.dataType(), inShape);
        for (int i = 0; i < last.length; i++) dx.slice(i).putRow(last[i], gradOut.getRow(i));
        return dx;
    }

    @Override
    public String toString() { return "LastPosition"; }
}
