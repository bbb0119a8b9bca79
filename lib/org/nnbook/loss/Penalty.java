package org.nnbook.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;

import java.util.List;

/**
 * A weight penalty added to the training loss: {@code λ₁ Σ|w| + λ₂ Σ w²}, summed over every
 * parameter that is trainable and {@link Parameter#isRegularized() regularized} (weights; never
 * biases or normalisation parameters). Its gradient, {@code λ₁ sign(w) + 2 λ₂ w}, is added to the
 * data gradient before the optimizer step.
 *
 * <pre>{@code
 * new Trainer(net, new CrossEntropy(), new Adam(1e-3)).penalty(Penalty.l2(1e-4)).fit(train, val);
 * }</pre>
 *
 * <p>The conventions are Keras's {@code regularizers.l1/l2/l1_l2}: the penalty is added, unscaled, to
 * each mini-batch's mean loss. L2 is also called ridge or Tikhonov regularisation (Krogh and Hertz,
 * 1992, "A Simple Weight Decay Can Improve Generalization"); L1, the lasso (Tibshirani, 1996), drives
 * weights to exactly zero.
 *
 * <p><b>L2 penalty versus weight decay.</b> With plain SGD an L2 penalty λ is the same as shrinking
 * every weight by (1 − 2ηλ) each step, i.e. PyTorch's {@code SGD(weight_decay = 2λ)}. With Adam it is
 * not: the penalty's gradient is divided by Adam's per-weight scale, so weights with large gradients
 * are barely decayed. {@link org.nnbook.optim.AdamW} decouples the decay from the gradient
 * (Loshchilov and Hutter, 2019): compare {@code new Adam(lr)} with {@code penalty(Penalty.l2(λ))}
 * against {@code new AdamW(lr, 2λ)}, the decay that the penalty amounts to under SGD. (Both spare
 * the parameters that are not {@link Parameter#isRegularized() regularized}: biases and
 * normalisation parameters.)
 */
public final class Penalty {
    private final double l1, l2;

    private Penalty(double l1, double l2) {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2))
            throw new IllegalArgumentException("Penalty strengths must be >= 0 and finite (typically 1e-5 to 1e-2), got l1="
                    + l1 + ", l2=" + l2 + ".");
        this.l1 = l1;
        this.l2 = l2;
    }

    /** λ Σ|w|. */
    public static Penalty l1(double lambda) { return new Penalty(lambda, 0); }

    /** λ Σ w². */
    public static Penalty l2(double lambda) { return new Penalty(0, lambda); }

    /** λ₁ Σ|w| + λ₂ Σ w² (the elastic net). */
    public static Penalty l1l2(double l1, double l2) { return new Penalty(l1, l2); }

    public double l1() { return l1; }

    public double l2() { return l2; }

    /** Whether {@code p} is penalised: trainable and regularized. */
    public static boolean applies(Parameter p) { return p.isTrainable() && p.isRegularized(); }

    /** The penalty's value for the current values of {@code params}; gradients are left alone. */
    public double value(List<Parameter> params) {
        double sum = 0;
        for (Parameter p : params) if (applies(p)) sum += value(p.value());
        return sum;
    }

    /**
     * Adds the penalty's gradient into the gradient of every penalised parameter of {@code params}
     * and returns the penalty's value (the Trainer calls it after backward, before the optimizer).
     */
    public double addGradient(List<Parameter> params) {
        double sum = 0;
        for (Parameter p : params) {
            if (!applies(p)) continue;
            INDArray w = p.value(), g = p.grad();
            sum += value(w);
            if (l2 > 0) Nd4j.getBlasWrapper().level1().axpy(g.length(), 2 * l2, w, g);     // g += 2λ₂ w, no temporary
            if (l1 > 0) g.addi(Transforms.sign(w, true).muli(l1));                           // g += λ₁ sign(w)
        }
        return sum;
    }

    private double value(INDArray w) {
        double v = 0;
        if (l1 > 0) v += l1 * w.norm1Number().doubleValue();
        if (l2 > 0) {
            double n = w.norm2Number().doubleValue();
            v += l2 * n * n;
        }
        return v;
    }

    @Override
    public String toString() {
        if (l1 == 0) return "Penalty.l2(" + l2 + ")";
        if (l2 == 0) return "Penalty.l1(" + l1 + ")";
        return "Penalty.l1l2(" + l1 + ", " + l2 + ")";
    }
}
