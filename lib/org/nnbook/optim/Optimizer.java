package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.kernels.StepMemory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Subclasses implement {@link #update} for one parameter;
 * frozen parameters ({@link Parameter#isTrainable()} false, or a learning-rate multiplier of 0) are
 * skipped, and a parameter listed twice (shared by two layers) is updated once.
 *
 * <p>Subclasses write their formula with {@link #lr(Parameter)}, the learning rate η times the
 * parameter's {@link Parameter#lrMultiplier() multiplier}. The state that every optimizer here keeps
 * (velocity, squared-gradient sums, moment estimates) does not depend on η, so a multiplier m makes
 * each step exactly m times the step the same gradients would give at multiplier 1, for every
 * optimizer (AdamW's decay, η λ θ, included).
 *
 * <p>Optionally the gradients are first clipped by their global norm ({@link #clipGradNorm}).
 * Per-parameter state (momentum, moment estimates) is made on first use and lasts across steps.
 */
public abstract class Optimizer {
    private double lr;
    private long steps;
    private double maxGradNorm = Double.POSITIVE_INFINITY;
    private double lastGradNorm = Double.NaN;
    private final Map<Parameter, INDArray[]> state = new IdentityHashMap<>();
    private final Map<Parameter, Long> updates = new IdentityHashMap<>();     // per parameter: how many steps it has taken

    protected Optimizer(double lr) { lr(lr); }

    /** The learning rate η. */
    public double lr() { return lr; }

    /** η for {@code p}: the learning rate times p's {@link Parameter#lrMultiplier() multiplier}. */
    protected double lr(Parameter p) { return lr * p.lrMultiplier(); }

    /** Sets the learning rate (schedules call this between steps). */
    public void lr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be a positive number, got " + lr + ".");
        this.lr = lr;
    }

    /**
     * Clips gradients by their global norm before every step: when √(Σ over trainable parameters of
     * ‖grad‖²) exceeds {@code maxNorm}, every gradient is multiplied by maxNorm / norm, which keeps
     * its direction (Pascanu, Mikolov and Bengio, 2013, "On the difficulty of training recurrent
     * neural networks"; PyTorch's {@code clip_grad_norm_}, Keras's {@code global_clipnorm}).
     * {@code Double.POSITIVE_INFINITY} turns it off (the default). Returns this optimizer.
     */
    public Optimizer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": clipGradNorm needs a positive norm (typically 1 to 5), got "
                    + maxNorm + ". Pass Double.POSITIVE_INFINITY to turn clipping off.");
        this.maxGradNorm = maxNorm;
        return this;
    }

    /** Whether gradients are clipped. */
    public boolean clips() { return maxGradNorm != Double.POSITIVE_INFINITY; }

    /** The global gradient norm before clipping at the last step (NaN when not clipping). */
    public double lastGradNorm() { return lastGradNorm; }

    /** Number of steps taken so far. */
    public long steps() { return steps; }

    /**
     * Number of steps that have updated {@code p}, this one included (1, 2, ...): the same as
     * {@link #steps()} unless p was frozen for a while, e.g. a layer unfrozen later in gradual unfreezing.
     */
    protected long steps(Parameter p) { return updates.getOrDefault(p, 0L); }

    /**
     * One update of every trainable parameter in {@code params}. When clipping, a non-finite gradient
     * norm is an error and nothing is updated.
     */
    public void step(List<Parameter> params) {
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : Parameters.distinct(params)) if (p.isTrainable() && p.lrMultiplier() > 0) trainable.add(p);
        if (clips()) lastGradNorm = clip(trainable);
        steps++;
        for (Parameter p : trainable) {
            updates.merge(p, 1L, Long::sum);
            update(p, p.value(), p.grad());
        }
    }

    /** Scales the gradients in place so that their global norm is at most maxGradNorm; returns the norm before. */
    private double clip(List<Parameter> params) {
        double sumSq = 0;
        for (Parameter p : params) {
            double n = p.grad().norm2Number().doubleValue();
            sumSq += n * n;
        }
        double norm = Math.sqrt(sumSq);
        if (!Double.isFinite(norm))
            throw new IllegalStateException("The gradients' norm is " + norm + ": some gradient is not finite, so no update was made."
                    + " Lower the learning rate (now " + lr + ") or check the inputs for NaN or huge values.");
        if (norm > maxGradNorm) for (Parameter p : params) p.grad().muli(maxGradNorm / norm);
        return norm;
    }

    /** Updates {@code value} in place from {@code grad} with step size {@link #lr(Parameter) lr(p)}; {@link #steps(Parameter) steps(p)} already counts this step. */
    protected abstract void update(Parameter p, INDArray value, INDArray grad);

    /** The {@code count} zero-initialised state arrays of {@code p} (same shape as p), made once; they last across steps. */
    protected INDArray[] state(Parameter p, int count) {
        return state.computeIfAbsent(p, k -> StepMemory.lasting(() -> {
            INDArray[] s = new INDArray[count];
            for (int i = 0; i < count; i++) s[i] = Nd4j.zerosLike(k.value());
            return s;
        }));
    }

    /** {@code y ← y + a·x} in place (BLAS axpy): an update step without a temporary array. */
    protected static void axpy(double a, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(y.length(), a, x, y);
    }

    /** Forgets all per-parameter state and the step count. */
    public void reset() {
        state.clear();
        updates.clear();
        steps = 0;
    }

    /** ", clipGradNorm=..." when clipping, for subclasses' toString. */
    protected String clipping() { return clips() ? ", clipGradNorm=" + maxGradNorm : ""; }
}
