package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;

/**
 * Adagrad (Duchi, Hazan &amp; Singer, 2011, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR):
 * <pre>
 *   G ← G + g²
 *   θ ← θ − η g / (√G + ε)
 * </pre>
 * Each parameter gets its own step size, small where gradients have been large and large where
 * they have been small (rare features). G only grows, so the steps keep shrinking, roughly as 1/√t:
 * good for convex problems, often too early a stop for deep nets ({@link RMSProp} forgets instead).
 */
public final class Adagrad extends Optimizer {
    private final double eps;

    /** Adagrad with ε = 1e-8. */
    public Adagrad(double lr) { this(lr, 1e-8); }

    public Adagrad(double lr, double eps) {
        super(lr);
        if (!(eps > 0)) throw new IllegalArgumentException("Adagrad: eps must be > 0, got " + eps + ".");
        this.eps = eps;
    }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        INDArray sumSq = state(p, 1)[0];
        INDArray tmp = grad.mul(grad);                      // the step's one temporary
        sumSq.addi(tmp);
        INDArray direction = Transforms.sqrt(tmp.assign(sumSq), false).addi(eps).rdivi(grad);   // g / (√G + ε)
        axpy(-lr(p), direction, value);
    }

    @Override
    public String toString() { return "Adagrad(lr=" + lr() + ", eps=" + eps + clipping() + ")"; }
}
