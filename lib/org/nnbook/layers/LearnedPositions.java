package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

import java.util.List;

/**
 * Adds a learned vector per position to a sequence of vectors: {@code y[n, t] = x[n, t] + P[t]}, as
 * BERT and GPT do instead of fixed sinusoids (Devlin et al., 2019; Radford et al., 2018; see
 * {@link SinusoidalPositions}). It learns only the positions it sees in training, so it cannot go
 * beyond {@code maxLen}.
 *
 * <p>Shapes: x (N, T, dim) → y (N, T, dim), T at most {@code maxLen}; P (maxLen, dim), started from
 * N(0, 0.02²) (GPT-2's scale). Backward: {@code dP[t] += Σₙ g[n, t]}, dx = g.
 */
public final class LearnedPositions implements Layer {
    private final int maxLen, dim;
    private final Parameter table;
    private long t;

    public LearnedPositions(int maxLen, int dim) {
        if (maxLen < 1 || dim < 1) throw new IllegalArgumentException("LearnedPositions needs maxLen >= 1 and dim >= 1, got (" + maxLen + ", " + dim + ").");
        this.maxLen = maxLen;
        this.dim = dim;
        this.table = new Parameter("P", Nd4j.randn(Nd4j.defaultFloatingPointType(), maxLen, dim).muli(0.02));
    }

    public int maxLen() { return maxLen; }

    public int dim() { return dim; }

    /** The table P (maxLen, dim). */
    public Parameter weight() { return table; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x == null || x.rank() != 3 || x.size(2) != dim)
            throw new ShapeException(this + " expects a sequence (N, T, " + dim + ") but got " + (x == null ? "null" : Shapes.of(x))
                    + ". Put it after an Embedding of dim " + dim + ".");
        t = x.size(1);
        if (t > maxLen)
            throw new ShapeException(this + ": the sequence has " + t + " positions but the table has " + maxLen
                    + ". Make maxLen at least the longest sequence, or cut the sequences to " + maxLen + ".");
        INDArray p = table.value().get(NDArrayIndex.interval(0, t));                       // P[0..T), (T, dim)
        INDArray y = x.dup('c');
        for (long i = 0; i < x.size(0); i++) y.slice(i).addi(p);
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (t == 0) throw new IllegalStateException(this + ": backward called before forward.");
        table.grad().get(NDArrayIndex.interval(0, t)).addi(gradOut.sum(0));                 // dP[t] += Σₙ g[n, t]
        return gradOut;
    }

    @Override
    public List<Parameter> parameters() { return List.of(table); }

    @Override
    public String toString() { return "LearnedPositions(" + maxLen + ", " + dim + ")"; }
}
