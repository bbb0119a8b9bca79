package org.nnbook.explain;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;

import java.util.Arrays;

/**
 * Integrated gradients (Sundararajan, Taly and Yan, 2017, "Axiomatic Attribution for Deep Networks"):
 * the attribution of input i is
 *
 * <pre>  IG_i(x) = (x_i − x'_i) · ∫₀¹ ∂S(x' + α (x − x')) / ∂x_i dα,</pre>
 *
 * the gradient averaged along the straight path from a baseline x' (a blank image) to x, times the
 * distance travelled. The integral is the paper's Riemann sum (its equation 3) over {@code steps} points
 * α = k/m, k = 1..m. <b>Completeness</b>: the attributions add up to S(x) − S(x'), the score's change
 * from the baseline, up to the error of the sum, which shrinks as m grows ({@link #scores} gives both ends
 * to check it). The gradients come from the model's {@link Model#backward}, m passes over the batch.
 * Shapes: x and the baseline (N, ...) alike; attributions of x's shape.
 * <pre>{@code
 * var ig = new IntegratedGradients(lenet).steps(64);
 * INDArray attr = ig.attribute(images, blank, labels);      // (N, 1, 28, 28)
 * }</pre>
 */
public final class IntegratedGradients {
    private final Model model;
    private int steps = 50;

    /** Integrated gradients of {@code model}'s class scores (its outputs, before any softmax), 50 steps. */
    public IntegratedGradients(Model model) {
        if (model == null) throw new IllegalArgumentException("IntegratedGradients: the model is null.");
        this.model = model;
    }

    /** The number of points m of the Riemann sum (the paper: 20 to 300 are enough). */
    public IntegratedGradients steps(int m) {
        if (m < 1) throw new IllegalArgumentException("IntegratedGradients.steps: m must be at least 1, got " + m + ".");
        this.steps = m;
        return this;
    }

    public int steps() { return steps; }

    /** The attributions (x − x') ⊙ (1/m) Σ_{k=1..m} dS_t/dx at x' + (k/m)(x − x'), for each example's target t. */
    public INDArray attribute(INDArray x, INDArray baseline, int[] targets) {
        Targets.require("IntegratedGradients.attribute", x, targets);
        if (baseline == null || !Arrays.equals(baseline.shape(), x.shape()))
            throw new IllegalArgumentException("IntegratedGradients.attribute: the baseline must have x's shape " + Arrays.toString(x.shape())
                    + ", got " + (baseline == null ? "null" : Arrays.toString(baseline.shape()))
                    + ". For a blank image use x.like().assign(value) or the overload that takes a value.");
        INDArray delta = x.sub(baseline);
        INDArray total = null;
        for (int k = 1; k <= steps; k++) {
            INDArray point = baseline.add(delta.mul((double) k / steps));
            INDArray g = Saliency.gradient(model, point, targets);
            total = total == null ? g : total.addi(g);
        }
        return total.divi(steps).muli(delta);
    }

    /** As {@link #attribute(INDArray, INDArray, int[])} with every input of the baseline equal to {@code baselineValue}. */
    public INDArray attribute(INDArray x, double baselineValue, int[] targets) {
        Targets.require("IntegratedGradients.attribute", x, targets);
        return attribute(x, x.like().assign(baselineValue), targets);
    }

    /** Each example's score S_t(x) of its target class: with the baseline's, what completeness compares the attributions' sum with. */
    public static double[] scores(Model model, INDArray x, int[] targets) {
        Targets.require("IntegratedGradients.scores", x, targets);
        INDArray out = model.predict(Inputs.of(x));
        Targets.requireScores("IntegratedGradients.scores", out, targets);
        double[] s = new double[targets.length];
        for (int i = 0; i < s.length; i++) s[i] = out.getDouble(i, targets[i]);
        return s;
    }

    /** Each example's sum of attributions, (N, ...) → N values: completeness says S(x) − S(x'). */
    public static double[] sums(INDArray attributions) {
        if (attributions == null || attributions.rank() < 2)
            throw new IllegalArgumentException("IntegratedGradients.sums: attributions must be (N, ...), got "
                    + (attributions == null ? "null" : Arrays.toString(attributions.shape())) + ".");
        return attributions.reshape(attributions.size(0), -1).sum(1).toDoubleVector();
    }

    @Override
    public String toString() { return "IntegratedGradients(" + steps + " steps)"; }
}
