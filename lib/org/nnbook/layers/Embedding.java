package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.EmbeddingKernel;

import java.util.List;

/**
 * A lookup table of learned vectors, one per token id: {@code y[n, t] = E[ids[n, t]]} (Bengio,
 * Ducharme, Vincent and Jauvin, 2003, "A Neural Probabilistic Language Model"). The same as a Dense
 * layer applied to one-hot vectors, without ever making them.
 *
 * <p>Shapes: ids (N, T) (or (N)) of whole numbers in [0, vocabSize), any numeric type → y (N, T, dim)
 * (or (N, dim)); E (vocabSize, dim), started from N(0, 1) as in PyTorch. Backward adds each
 * position's gradient into the row of its id ({@code dE[ids[n, t]] += g[n, t]}; an id that occurs
 * twice gets both) and returns no input gradient: ids are not differentiable, so an Embedding comes
 * first in a model.
 */
public final class Embedding implements Layer {
    private final int vocabSize, dim;
    private final Parameter e;
    private int[] ids;              // the last input's ids, flat (M)
    private long[] idShape;

    public Embedding(int vocabSize, int dim) {
        if (vocabSize < 1 || dim < 1)
            throw new IllegalArgumentException("Embedding needs vocabSize >= 1 and dim >= 1, got (" + vocabSize + ", " + dim + ").");
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.e = new Parameter("E", Nd4j.randn(Nd4j.defaultFloatingPointType(), vocabSize, dim));
    }

    public int vocabSize() { return vocabSize; }

    public int dim() { return dim; }

    /** The table E (vocabSize, dim). */
    public Parameter weight() { return e; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x == null || x.rank() < 1 || x.rank() > 2)
            throw new ShapeException(this + " expects token ids (N, T) or (N) but got " + (x == null ? "null" : Shapes.of(x)) + ".");
        idShape = x.shape();
        INDArray flat = x.reshape(x.length());
        INDArray asInts = flat.castTo(DataType.INT);
        int[] v = asInts.toIntVector();
        boolean whole = !x.dataType().isFPType() || asInts.castTo(x.dataType()).equals(flat);
        for (int i = 0; i < v.length; i++)
            if (v[i] < 0 || v[i] >= vocabSize || !whole && flat.getDouble(i) != v[i])
                throw new ShapeException(this + ": position " + i + " holds " + flat.getDouble(i) + ", not a token id in [0, " + vocabSize
                        + "). Check the vocabulary size, and that the input is ids, not embeddings or one-hot rows.");
        ids = v;
        INDArray rows = Nd4j.pullRows(e.value(), 1, v);                     // E[ids], (M, dim)
        long[] out = java.util.Arrays.copyOf(idShape, idShape.length + 1);
        out[idShape.length] = dim;
        return rows.reshape('c', out);
    }

    /** dE[id] += the gradient at each position of that id; no input gradient (null). */
    @Override
    public INDArray backward(INDArray gradOut) {
        if (ids == null) throw new IllegalStateException(this + ": backward called before forward.");
        INDArray g = gradOut.reshape('c', ids.length, dim).castTo(e.grad().dataType());
        if (EmbeddingKernel.applies(e.grad(), g)) {                         // the same sums, as one loop (speed only)
            EmbeddingKernel.addRows(e.grad(), ids, g);
            return null;
        }
        Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(e.grad(), Nd4j.createFromArray(ids), g).addOutputs(e.grad()).build());
        return null;
    }

    @Override
    public List<Parameter> parameters() { return List.of(e); }

    @Override
    public String toString() { return "Embedding(" + vocabSize + ", " + dim + ")"; }
}
