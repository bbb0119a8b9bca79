package org.nnbook.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Shapes;

/**
 * Huber loss (Huber, 1964, "Robust Estimation of a Location Parameter"), averaged over all elements:
 * for each error d = yHat − y,
 * <pre>
 *   ½ d²               if |d| ≤ δ
 *   δ (|d| − ½ δ)      otherwise
 * </pre>
 * Squared error near the target, absolute error far from it: smooth at 0 like
 * {@link MeanSquaredError}, robust to outliers like {@link MeanAbsoluteError}. The gradient is
 * {@code clip(d, −δ, δ) / (N·C)}, so no single example can pull harder than δ. Shapes: yHat and y (N, C).
 */
public final class Huber implements Loss {
    private final double delta;
    private INDArray diff;

    /** Huber loss with δ = 1. */
    public Huber() { this(1.0); }

    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta))
            throw new IllegalArgumentException("Huber: delta must be a positive number (the error at which it turns linear), got " + delta + ".");
        this.delta = delta;
    }

    @Override
    public double forward(INDArray yHat, INDArray y) {
        Shapes.requireSame("Huber", yHat, "yHat", y, "y");
        diff = yHat.sub(y.castTo(yHat.dataType()));
        // with a = |d| and q = min(a, δ): ½ q² + δ (a − q) is ½ a² below δ and δ (a − ½ δ) above
        INDArray a = Transforms.abs(diff, true);
        INDArray q = Transforms.min(a, delta, true);
        double quadratic = q.norm2Number().doubleValue();
        double linear = a.subi(q).sumNumber().doubleValue();
        return (0.5 * quadratic * quadratic + delta * linear) / diff.length();
    }

    @Override
    public INDArray backward() {
        if (diff == null) throw new IllegalStateException("Huber: backward called before forward.");
        INDArray clipped = Transforms.min(diff, delta, true);
        return Transforms.max(clipped, -delta, false).divi(diff.length());
    }

    @Override
    public String toString() { return "Huber(delta=" + delta + ")"; }
}
