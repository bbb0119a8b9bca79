package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;

/**
 * Adam (Kingma &amp; Ba, 2015, "Adam: A Method for Stochastic Optimization"):
 * <pre>
 *   m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
 *   θ ← θ − η · m̂ / (√v̂ + ε)       with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
 * </pre>
 * The bias corrections are folded into the step size, as in the paper's section 2. For weight
 * decay use {@link AdamW}, not an L2 term in the loss.
 */
public class Adam extends Optimizer {
    final double beta1;
    final double beta2;
    final double eps;

    /** Adam with the paper's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    public Adam(double lr) { this(lr, 0.9, 0.999, 1e-8); }

    public Adam(double lr, double beta1, double beta2, double eps) {
        super(lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2 + ".");
        if (!(eps > 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be > 0, got " + eps + ".");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        INDArray[] s = state(p, 2);
        INDArray m = s[0], v = s[1];
        long t = steps();
        axpy(1 - beta1, grad, m.muli(beta1));
        INDArray tmp = grad.mul(grad);                      // the step's one temporary
        axpy(1 - beta2, tmp, v.muli(beta2));
        double stepSize = lr() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        // ε is scaled like the paper's ε on v̂, so results match the textbook formula exactly
        double epsHat = eps * Math.sqrt(1 - Math.pow(beta2, t));
        INDArray direction = Transforms.sqrt(tmp.assign(v), false).addi(epsHat).rdivi(m);   // m / (√v + ε̂)
        axpy(-stepSize, direction, value);
    }

    @Override
    public String toString() { return "Adam(lr=" + lr() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ")"; }
}
