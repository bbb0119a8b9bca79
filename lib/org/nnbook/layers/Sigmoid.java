package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;

/** Logistic sigmoid, {@code σ(x) = 1 / (1 + e^{-x})} element-wise, any shape. Gradient: g σ(x) (1 − σ(x)). */
public final class Sigmoid implements Layer {
    private INDArray y;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        y = Transforms.sigmoid(x, true);
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (y == null) throw new IllegalStateException("Sigmoid: backward called before forward.");
        return gradOut.mul(y).muli(y.rsub(1.0));
    }

    @Override
    public String toString() { return "Sigmoid"; }
}
