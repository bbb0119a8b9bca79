package org.nnbook.core;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Shape checks that layers run on entry; each failure says what was expected, what came, and what to do. */
public final class Shapes {
    private Shapes() {}

    /** Requires {@code x} to have rank {@code rank}; {@code layout} is the expected layout, e.g. "(N, inFeatures)". */
    public static void requireRank(String layer, INDArray x, int rank, String layout, String hint) {
        if (x == null) throw new ShapeException(layer + " got a null input; expected " + layout + ".");
        if (x.rank() != rank)
            throw new ShapeException(layer + " expects input of shape " + layout + " (rank " + rank + ") but got "
                    + Arrays.toString(x.shape()) + " (rank " + x.rank() + ")." + (hint == null ? "" : " " + hint));
    }

    /** Requires dimension {@code dim} of {@code x} to equal {@code size}. */
    public static void requireDim(String layer, INDArray x, int dim, long size, String layout, String hint) {
        if (x.size(dim) != size)
            throw new ShapeException(layer + " expects input of shape " + layout + " with size " + size + " in dimension "
                    + dim + " but got " + Arrays.toString(x.shape()) + "." + (hint == null ? "" : " " + hint));
    }

    /** Requires {@code a} and {@code b} to have identical shapes. */
    public static void requireSame(String what, INDArray a, String aName, INDArray b, String bName) {
        if (!Arrays.equals(a.shape(), b.shape()))
            throw new ShapeException(what + ": " + aName + " has shape " + Arrays.toString(a.shape()) + " but " + bName
                    + " has shape " + Arrays.toString(b.shape()) + "; they must match.");
    }

    /** A shape as text, e.g. "[64, 784]". */
    public static String of(INDArray x) { return Arrays.toString(x.shape()); }
}
