package org.nnbook.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Shapes;

/**
 * Mean absolute error over all elements: {@code L = (1 / N·C) Σ |yHat − y|}; gradient
 * {@code sign(yHat − y) / (N·C)} (0 where they are equal). Shapes: yHat and y (N, C).
 *
 * <p>Every error pulls with the same force, so outliers weigh less than under
 * {@link MeanSquaredError}; the minimiser is the median rather than the mean.
 */
public final class MeanAbsoluteError implements Loss {
    private INDArray diff;

    @Override
    public double forward(INDArray yHat, INDArray y) {
        Shapes.requireSame("MeanAbsoluteError", yHat, "yHat", y, "y");
        diff = yHat.sub(y.castTo(yHat.dataType()));
        return diff.norm1Number().doubleValue() / diff.length();
    }

    @Override
    public INDArray backward() {
        if (diff == null) throw new IllegalStateException("MeanAbsoluteError: backward called before forward.");
        return Transforms.sign(diff, true).divi(diff.length());
    }

    @Override
    public String toString() { return "MeanAbsoluteError"; }
}
