package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.kernels.StepMemory;

import java.util.Arrays;

/**
 * Inverted dropout (Srivastava et al., 2014, "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting", JMLR): in training each value is zeroed with probability {@code p} and the survivors
 * are scaled by 1 / (1 − p), so the expected output equals the input; in evaluation the layer is the
 * identity, with nothing to rescale.
 *
 * <p>Shapes: any, output shape = input shape. Backward multiplies the gradient by the same mask
 * (0 or 1 / (1 − p)). Masks come from ND4J's random generator ({@code Nd4j.getRandom()}), which the
 * Trainer seeds at the start of every fit.
 *
 * <p>A gradient check perturbs the input many times and needs the same mask every time:
 * {@link #fixMask(boolean) fixMask(true)} draws one mask on the next training forward and reuses it
 * until {@code fixMask(false)}.
 * <pre>{@code
 * GradientCheck.of(new Dropout(0.5).fixMask(true)).check(x).requirePassed();
 * }</pre>
 */
public final class Dropout implements Layer {
    private final double p;
    private boolean fixMask;
    private INDArray mask;      // 0 or 1/(1 − p), same shape as the input
    private boolean applied;    // whether the last forward used the mask (false: it was the identity)

    /** Drops each value with probability {@code p}, {@code 0 <= p < 1} (0.5 for hidden layers, 0.1-0.2 for inputs are common). */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1))
            throw new IllegalArgumentException("Dropout probability p must be in [0, 1) (e.g. 0.5), got " + p + ".");
        this.p = p;
    }

    /** The probability of dropping a value. */
    public double p() { return p; }

    /**
     * With {@code true}, the mask drawn by the next training forward is kept and reused by every training forward after it, as long as the input shape stays the same: for
     * gradient checks and demonstrations. {@code false} (the default) draws a new mask every forward.
     */
    public Dropout fixMask(boolean fixed) {
        this.fixMask = fixed;
        if (!fixed) mask = null;
        return this;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        applied = training && p > 0;
        if (!applied) return x;
        if (fixMask) {
            if (mask == null || !Arrays.equals(mask.shape(), x.shape()) || mask.dataType() != x.dataType())
                mask = StepMemory.lasting(() -> drawMask(x));     // kept beyond this step
        } else {
            mask = drawMask(x);
        }
        return x.mul(mask);
    }

    private INDArray drawMask(INDArray x) {
        INDArray m = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(m, 1 - p), Nd4j.getRandom());   // 1 with probability 1 − p
        return m.muli(1 / (1 - p));
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return applied ? gradOut.mul(mask) : gradOut;
    }

    @Override
    public String toString() { return "Dropout(" + p + ")"; }
}
