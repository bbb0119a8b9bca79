package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Parameter;

/**
 * Plain stochastic gradient descent (Robbins &amp; Monro, 1951): {@code θ ← θ − η g}, with g the
 * mini-batch gradient. Slow along flat directions of an ill-conditioned loss; see {@link Momentum}.
 */
public final class SGD extends Optimizer {

    public SGD(double lr) { super(lr); }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        axpy(-lr(p), grad, value);
    }

    @Override
    public String toString() { return "SGD(lr=" + lr() + clipping() + ")"; }
}
