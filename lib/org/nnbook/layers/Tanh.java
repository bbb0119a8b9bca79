package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;

/** Hyperbolic tangent element-wise, any shape. Gradient: g (1 − tanh²(x)). */
public final class Tanh implements Layer {
    private INDArray y;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        y = Transforms.tanh(x, true);
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (y == null) throw new IllegalStateException("Tanh: backward called before forward.");
        return gradOut.mul(y.mul(y).rsubi(1.0));
    }

    @Override
    public String toString() { return "Tanh"; }
}
