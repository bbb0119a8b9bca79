package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;

/**
 * RMSProp (Tieleman &amp; Hinton, 2012, "Lecture 6.5 — rmsprop: Divide the gradient by a running
 * average of its recent magnitude", Coursera: Neural Networks for Machine Learning):
 * <pre>
 *   s ← ρ s + (1 − ρ) g²
 *   θ ← θ − η g / (√s + ε)
 * </pre>
 * Like {@link Adagrad} it scales each parameter's step by its gradients' size, but with a moving
 * average that forgets (time constant 1 / (1 − ρ) steps), so steps do not shrink towards zero.
 * There is no bias correction: s starts at 0, so the first steps are larger, about η / √(1 − ρ).
 */
public final class RMSProp extends Optimizer {
    private final double rho;
    private final double eps;

    /** RMSProp with ρ = 0.9 (the lecture's value) and ε = 1e-8. */
    public RMSProp(double lr) { this(lr, 0.9, 1e-8); }

    public RMSProp(double lr, double rho, double eps) {
        super(lr);
        if (!(rho >= 0 && rho < 1)) throw new IllegalArgumentException("RMSProp: rho must be in [0, 1) (typically 0.9), got " + rho + ".");
        if (!(eps > 0)) throw new IllegalArgumentException("RMSProp: eps must be > 0, got " + eps + ".");
        this.rho = rho;
        this.eps = eps;
    }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        INDArray meanSq = state(p, 1)[0];
        INDArray tmp = grad.mul(grad);                      // the step's one temporary
        axpy(1 - rho, tmp, meanSq.muli(rho));
        INDArray direction = Transforms.sqrt(tmp.assign(meanSq), false).addi(eps).rdivi(grad);  // g / (√s + ε)
        axpy(-lr(p), direction, value);
    }

    @Override
    public String toString() { return "RMSProp(lr=" + lr() + ", rho=" + rho + ", eps=" + eps + clipping() + ")"; }
}
