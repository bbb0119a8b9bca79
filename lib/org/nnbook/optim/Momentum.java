package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Parameter;

/**
 * Gradient descent with momentum (Polyak, 1964, "Some methods of speeding up the convergence of
 * iteration methods"), optionally in Nesterov's form (Sutskever, Martens, Dahl &amp; Hinton, 2013,
 * "On the importance of initialization and momentum in deep learning"):
 * <pre>
 *   v ← μ v + g
 *   θ ← θ − η v               (heavy ball)
 *   θ ← θ − η (g + μ v)       (Nesterov: step from where the momentum is taking us)
 * </pre>
 * The velocity v is a running sum of gradients; along a direction where they keep the same sign it
 * grows to g / (1 − μ), ten times the plain step for μ = 0.9, while oscillating components cancel.
 * This is PyTorch's formulation: η multiplies v, so a learning-rate change acts at once.
 */
public final class Momentum extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /** Heavy-ball momentum μ = 0.9. */
    public Momentum(double lr) { this(lr, 0.9, false); }

    /** Heavy-ball momentum μ. */
    public Momentum(double lr, double momentum) { this(lr, momentum, false); }

    /** Momentum μ, in Nesterov's form when {@code nesterov} is true. */
    public Momentum(double lr, double momentum, boolean nesterov) {
        super(lr);
        if (!(momentum >= 0 && momentum < 1))
            throw new IllegalArgumentException("Momentum: momentum must be in [0, 1) (typically 0.9), got " + momentum + ".");
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        INDArray v = state(p, 1)[0];
        v.muli(momentum).addi(grad);
        if (nesterov) {
            axpy(-lr(p), grad, value);
            axpy(-lr(p) * momentum, v, value);
        } else {
            axpy(-lr(p), v, value);
        }
    }

    @Override
    public String toString() { return "Momentum(lr=" + lr() + ", momentum=" + momentum + ", nesterov=" + nesterov + clipping() + ")"; }
}
