package org.nnbook.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Shapes;

/**
 * Mean squared error over all elements: {@code L = (1 / N·C) Σ (yHat − y)²};
 * gradient {@code 2 (yHat − y) / (N·C)}. Shapes: yHat and y (N, C).
 */
public final class MeanSquaredError implements Loss {
    private INDArray diff;

    @Override
    public double forward(INDArray yHat, INDArray y) {
        Shapes.requireSame("MeanSquaredError", yHat, "yHat", y, "y");
        diff = yHat.sub(y.castTo(yHat.dataType()));
        double norm = diff.norm2Number().doubleValue();
        return norm * norm / diff.length();
    }

    @Override
    public INDArray backward() {
        if (diff == null) throw new IllegalStateException("MeanSquaredError: backward called before forward.");
        return diff.mul(2.0 / diff.length());
    }

    @Override
    public String toString() { return "MeanSquaredError"; }
}
