package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.AdamKernel;

/**
 * Adam (Kingma &amp; Ba, 2015, "Adam: A Method for Stochastic Optimization"):
 * <pre>
 *   m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
 *   θ ← θ − η · m̂ / (√v̂ + ε)       with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
 * </pre>
 * m̂ and v̂ correct the bias of m and v towards their zero start. t counts the steps of each
 * parameter (as PyTorch's {@code state["step"]}): a layer unfrozen after 100 steps starts at t = 1, so
 * its first steps are corrected like anyone's. For weight decay use {@link AdamW}, not an L2 term in the loss.
 */
public class Adam extends Optimizer {
    final double beta1;
    final double beta2;
    final double eps;
    private final AdamKernel fast = new AdamKernel();

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
        if (AdamKernel.applies(value, grad, m, v)) {             // the same, in one pass (org.nnbook.kernels)
            fast.update(value, grad, m, v, lr(p), beta1, beta2, eps, steps(p));
            return;
        }
        long t = steps(p);                                                         // this parameter's own step count
        m.muli(beta1).addi(grad.mul(1 - beta1));                                   // m ← β₁ m + (1 − β₁) g
        v.muli(beta2).addi(grad.mul(grad).muli(1 - beta2));                        // v ← β₂ v + (1 − β₂) g²
        INDArray mHat = m.div(1 - Math.pow(beta1, t)), vHat = v.div(1 - Math.pow(beta2, t));
        value.subi(mHat.divi(Transforms.sqrt(vHat, false).addi(eps)).muli(lr(p))); // θ ← θ − η m̂ / (√v̂ + ε)
    }

    @Override
    public String toString() { return "Adam(lr=" + lr() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + clipping() + ")"; }
}
