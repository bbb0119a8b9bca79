package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Parameter;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019, "Decoupled Weight Decay
 * Regularization", ICLR):
 * <pre>
 *   θ ← θ − η λ θ                                  (decay, apart from the gradient)
 *   θ ← θ − η · m̂ / (√v̂ + ε)                       (the {@link Adam} step)
 * </pre>
 * An L2 penalty in the loss would pass through Adam's per-parameter scaling, so weights with large
 * gradients would be decayed less; decoupling shrinks every weight by the same factor (1 − ηλ).
 *
 * <p>As in PyTorch's {@code AdamW}, the decay is multiplied by the current learning rate η, so a
 * schedule on η schedules the decay too (the paper's η_t); the paper's λ is η₀·{@code weightDecay}.
 * Only parameters that are {@link Parameter#isRegularized() regularized} are decayed: weights, not
 * biases or normalisation parameters (PyTorch users get the same with parameter groups).
 */
public final class AdamW extends Adam {
    private final double weightDecay;

    /** AdamW with λ = 0.01 and Adam's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    public AdamW(double lr) { this(lr, 0.01); }

    /** AdamW with weight decay λ and Adam's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    public AdamW(double lr, double weightDecay) { this(lr, weightDecay, 0.9, 0.999, 1e-8); }

    public AdamW(double lr, double weightDecay, double beta1, double beta2, double eps) {
        super(lr, beta1, beta2, eps);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
            throw new IllegalArgumentException("AdamW: weightDecay must be >= 0 (typically 1e-4 to 0.1), got " + weightDecay + ".");
        this.weightDecay = weightDecay;
    }

    public double weightDecay() { return weightDecay; }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        if (weightDecay > 0 && p.isRegularized()) value.muli(1 - lr(p) * weightDecay);
        super.update(p, value, grad);
    }

    @Override
    public String toString() {
        return "AdamW(lr=" + lr() + ", weightDecay=" + weightDecay + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + clipping() + ")";
    }
}
