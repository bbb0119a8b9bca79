package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Layer;

import java.util.Arrays;

/** Flattens (N, d1, d2, ...) into (N, d1·d2·...), e.g. (N, C, H, W) images into rows for {@link Dense}. */
public final class Flatten implements Layer {
    private long[] inShape;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x == null || x.rank() < 2)
            throw new org.nnbook.core.ShapeException("Flatten expects (N, ...) with rank >= 2 but got "
                    + (x == null ? "null" : Arrays.toString(x.shape())) + ".");
        inShape = x.shape();
        return x.reshape('c', x.size(0), x.length() / x.size(0));
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (inShape == null) throw new IllegalStateException("Flatten: backward called before forward.");
        return gradOut.reshape('c', inShape);
    }

    @Override
    public String toString() { return "Flatten"; }
}
