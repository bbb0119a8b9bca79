package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

/**
 * Adds fixed sinusoidal position encodings to a sequence of vectors (Vaswani et al., 2017,
 * "Attention Is All You Need", section 3.5): attention alone does not know the order of the
 * positions, so position t gets {@code PE(t, 2i) = sin(t / 10000^(2i/d))} and
 * {@code PE(t, 2i+1) = cos(t / 10000^(2i/d))} added to its d features. Each pair of features turns
 * at its own speed, from once every 2π positions to once every 10000·2π, so nearby positions get
 * similar codes and a fixed offset is a rotation that attention can learn to read.
 *
 * <p>Shapes: x (N, T, d) → x + PE[0..T) (N, T, d), T at most {@code maxLen}. No parameters; the
 * gradient passes through unchanged. Usually after an {@link Embedding}:
 * <pre>{@code Sequential.of(new Embedding(vocab, 128), new SinusoidalPositions(512, 128), ...)}</pre>
 * (the paper also multiplies the embeddings by √d; this layer does not).
 */
public final class SinusoidalPositions implements Layer {
    private final int maxLen, dim;
    private final INDArray table;       // (maxLen, dim), double precision

    public SinusoidalPositions(int maxLen, int dim) {
        if (maxLen < 1 || dim < 1) throw new IllegalArgumentException("SinusoidalPositions needs maxLen >= 1 and dim >= 1, got (" + maxLen + ", " + dim + ").");
        this.maxLen = maxLen;
        this.dim = dim;
        double[][] pe = new double[maxLen][dim];
        for (int t = 0; t < maxLen; t++)
            for (int i = 0; 2 * i < dim; i++) {
                double angle = t / Math.pow(10000, 2.0 * i / dim);
                pe[t][2 * i] = Math.sin(angle);
                if (2 * i + 1 < dim) pe[t][2 * i + 1] = Math.cos(angle);
            }
        this.table = Nd4j.createFromArray(pe);
    }

    public int maxLen() { return maxLen; }

    public int dim() { return dim; }

    /** The encodings (maxLen, dim) in double precision, e.g. to draw them. */
    public INDArray table() { return table.dup(); }

    @Override
    public INDArray forward(INDArray x, boolean training) { return forward(x, 0); }

    /**
     * x + PE[offset..offset + T): the positions of a sequence that continues one of {@code offset}
     * positions already seen, as when a decoder adds one token at a time.
     */
    public INDArray forward(INDArray x, long offset) {
        if (x == null || x.rank() != 3 || x.size(2) != dim)
            throw new ShapeException(this + " expects a sequence (N, T, " + dim + ") but got " + (x == null ? "null" : Shapes.of(x))
                    + ". Put it after an Embedding of dim " + dim + ".");
        long t = x.size(1);
        if (offset < 0 || offset + t > maxLen)
            throw new ShapeException(this + ": the sequence has " + (offset + t) + " positions" + (offset > 0 ? " (" + offset + " before these " + t + ")" : "")
                    + " but the table has " + maxLen
                    + ". Make maxLen at least the longest sequence, or cut the sequences to " + maxLen + ".");
        INDArray pe = table.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + t)).castTo(x.dataType()).reshape('c', 1, t, dim);
        return x.add(pe);                                                    // the same codes for every sequence of the batch
    }

    @Override
    public INDArray backward(INDArray gradOut) { return gradOut; }

    @Override
    public String toString() { return "SinusoidalPositions(" + maxLen + ", " + dim + ")"; }
}
