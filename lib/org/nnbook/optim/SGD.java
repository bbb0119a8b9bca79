package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;

/** Plain stochastic gradient descent: {@code θ ← θ − η ∇L(θ)}. */
public final class SGD extends Optimizer {

    public SGD(double lr) { super(lr); }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        Nd4j.getBlasWrapper().level1().axpy(value.length(), -lr(), grad, value);
    }

    @Override
    public String toString() { return "SGD(lr=" + lr() + ")"; }
}
