package org.nnbook.core;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;

/**
 * What a model is given for one batch: one input array or more, each (N, ...) — images (N, C, H, W),
 * token ids (N, T), a translation model's source ids (N, S) and target ids (N, T) — and, for padded
 * sequences, a mask (N, T) that is 1 at real tokens and 0 at padding.
 *
 * <pre>{@code
 * Inputs.of(x)                          // one array: what every Sequential takes
 * Inputs.of(ids).withMask(mask)         // padded sentences
 * Inputs.of(sourceIds, targetIds)       // an encoder-decoder's two inputs
 * }</pre>
 */
public record Inputs(List<INDArray> arrays, INDArray mask) {

    public Inputs {
        if (arrays == null || arrays.isEmpty()) throw new IllegalArgumentException("Inputs needs at least one array.");
        for (int i = 0; i < arrays.size(); i++)
            if (arrays.get(i) == null) throw new IllegalArgumentException("Input array " + i + " is null.");
        arrays = List.copyOf(arrays);
        long n = arrays.get(0).rank() == 0 ? 1 : arrays.get(0).size(0);
        for (int i = 1; i < arrays.size(); i++)
            if (arrays.get(i).rank() == 0 || arrays.get(i).size(0) != n)
                throw new ShapeException("Input array " + i + " has shape " + Shapes.of(arrays.get(i)) + " but input 0 has " + n
                        + " rows " + Shapes.of(arrays.get(0)) + "; every input needs one row per example.");
        if (mask != null && (mask.rank() != 2 || mask.size(0) != n))
            throw new ShapeException("A padding mask is (N, T) with N = " + n + " rows, 1 at real tokens and 0 at padding; got "
                    + Shapes.of(mask) + ".");
    }

    /** One or more input arrays, no mask. */
    public static Inputs of(INDArray... arrays) {
        if (arrays == null) throw new IllegalArgumentException("Inputs.of needs arrays, got null.");
        return new Inputs(Arrays.asList(arrays), null);
    }

    /** The same arrays with a padding mask (N, T): 1 at real tokens, 0 at padding. */
    public Inputs withMask(INDArray mask) {
        if (mask == null) throw new IllegalArgumentException("withMask needs a mask (N, T), got null.");
        return new Inputs(arrays, mask);
    }

    /** The first (often the only) input array. */
    public INDArray x() { return arrays.get(0); }

    /** Input array {@code i}. */
    public INDArray get(int i) {
        if (i < 0 || i >= arrays.size())
            throw new IndexOutOfBoundsException("Input " + i + " asked for, but there " + (arrays.size() == 1 ? "is 1 input" : "are " + arrays.size() + " inputs") + ".");
        return arrays.get(i);
    }

    /** How many input arrays. */
    public int count() { return arrays.size(); }

    /** Whether a padding mask comes with the arrays. */
    public boolean hasMask() { return mask != null; }

    /** Number of examples N. */
    public int size() { return (int) (x().rank() == 0 ? 1 : x().size(0)); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Inputs(");
        for (int i = 0; i < arrays.size(); i++) sb.append(i == 0 ? "" : ", ").append(Shapes.of(arrays.get(i)));
        return sb.append(mask == null ? "" : ", mask " + Shapes.of(mask)).append(")").toString();
    }
}
