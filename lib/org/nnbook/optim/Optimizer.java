package org.nnbook.optim;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Subclasses implement {@link #update} for one parameter;
 * frozen parameters ({@link Parameter#isTrainable()} false) are skipped.
 *
 * <p>Per-parameter state (momentum, moment estimates) is created on first use outside any
 * workspace, so it survives the training step that created it.
 */
public abstract class Optimizer {
    private double lr;
    private long steps;
    private final Map<Parameter, INDArray[]> state = new IdentityHashMap<>();

    protected Optimizer(double lr) { lr(lr); }

    /** The learning rate η. */
    public double lr() { return lr; }

    /** Sets the learning rate (schedules call this between steps). */
    public void lr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be a positive number, got " + lr + ".");
        this.lr = lr;
    }

    /** Number of steps taken so far. */
    public long steps() { return steps; }

    /** One update of every trainable parameter in {@code params}. */
    public void step(List<Parameter> params) {
        steps++;
        for (Parameter p : params) {
            if (!p.isTrainable()) continue;
            update(p, p.value(), p.grad());
        }
    }

    /** Updates {@code value} in place from {@code grad}; {@link #steps()} is already this step's number (1, 2, ...). */
    protected abstract void update(Parameter p, INDArray value, INDArray grad);

    /** The {@code count} zero-initialised state arrays of {@code p} (same shape as p), made once, outside workspaces. */
    protected INDArray[] state(Parameter p, int count) {
        return state.computeIfAbsent(p, k -> {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray[] s = new INDArray[count];
                for (int i = 0; i < count; i++) s[i] = Nd4j.zerosLike(k.value());
                return s;
            }
        });
    }

    /** {@code y ← y + a·x} in place (BLAS axpy): an update step without a temporary array. */
    protected static void axpy(double a, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(y.length(), a, x, y);
    }

    /** Forgets all per-parameter state and the step count. */
    public void reset() {
        state.clear();
        steps = 0;
    }
}
