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
 *
 * <p><b>Scaled</b> ({@link #scaled}): {@code y = s · E[ids]} with E started from N(0, 1/s²), so y
 * still starts from N(0, 1) while the table itself is small. The Transformer does this with
 * s = √dim (Vaswani et al., 2017, section 3.4) because its output layer reads the same table
 * ({@link TiedDense}): scores {@code h Eᵀ} then start with a spread of about 1, not √dim.
 * Backward: {@code dE[ids[n, t]] += s · g[n, t]}.
 *
 * <p><b>Shared</b> ({@link #sharing}): a second Embedding reading the same table, e.g. the source
 * and the target language of a translation model with one joint vocabulary. Each keeps the ids of
 * its own last input; their gradients add up in the one table.
 */
public final class Embedding implements Layer {
    private final int vocabSize, dim;
    private final double scale;
    private final Parameter e;
    private final Embedding owner;  // the Embedding whose table this one reads, or null: its own
    private int[] ids;              // the last input's ids, flat (M)
    private long[] idShape;

    public Embedding(int vocabSize, int dim) { this(vocabSize, dim, 1.0); }

    /** y = scale · E[ids], E started from N(0, 1/scale²); scale 1 is the plain Embedding. */
    public Embedding(int vocabSize, int dim, double scale) {
        if (vocabSize < 1 || dim < 1)
            throw new IllegalArgumentException("Embedding needs vocabSize >= 1 and dim >= 1, got (" + vocabSize + ", " + dim + ").");
        if (!(scale > 0) || Double.isInfinite(scale))
            throw new IllegalArgumentException("Embedding's scale must be a positive number, got " + scale + ".");
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.scale = scale;
        this.e = new Parameter("E", Nd4j.randn(Nd4j.defaultFloatingPointType(), vocabSize, dim).divi(scale));
        this.owner = null;
    }

    private Embedding(Embedding owner) {
        this.vocabSize = owner.vocabSize;
        this.dim = owner.dim;
        this.scale = owner.scale;
        this.e = owner.e;
        this.owner = owner;
    }

    /** The Transformer's embedding: y = √dim · E[ids], E started from N(0, 1/dim) (Vaswani et al., 2017, section 3.4). */
    public static Embedding scaled(int vocabSize, int dim) { return new Embedding(vocabSize, dim, Math.sqrt(dim)); }

    /** Another Embedding on this one's table (same scale); the two layers' gradients add up in it. */
    public Embedding sharing() { return new Embedding(owner == null ? this : owner); }

    /** The Embedding that owns the table this one reads, or null when the table is its own. */
    public Embedding owner() { return owner; }

    public int vocabSize() { return vocabSize; }

    public int dim() { return dim; }

    /** The factor s of y = s · E[ids] (1 for a plain Embedding). */
    public double scale() { return scale; }

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
        if (scale != 1) rows.muli(scale);
        long[] out = java.util.Arrays.copyOf(idShape, idShape.length + 1);
        out[idShape.length] = dim;
        return rows.reshape('c', out);
    }

    /** dE[id] += (scale ×) the gradient at each position of that id; no input gradient (null). */
    @Override
    public INDArray backward(INDArray gradOut) {
        if (ids == null) throw new IllegalStateException(this + ": backward called before forward.");
        INDArray g = gradOut.reshape('c', ids.length, dim).castTo(e.grad().dataType());
        if (scale != 1) g = g.mul(scale);
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
    public String toString() {
        return "Embedding(" + vocabSize + ", " + dim + (scale == 1 ? "" : String.format(java.util.Locale.ROOT, ", scale %.4g", scale))
                + (owner == null ? "" : ", shared") + ")";
    }
}
