package org.nnbook.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * A learnable tensor: its value, the gradient of the loss with respect to it, whether an optimizer
 * may change it, and whether a weight penalty applies to it.
 *
 * <p>Layers create their parameters once, at construction, outside any workspace; the value and the
 * gradient are then only ever changed in place, so a parameter outlives every training step.
 * Freezing is this flag, not a wrapper: optimizers skip a parameter whose {@link #isTrainable()} is
 * false, while backward still fills its gradient. Weight penalties (L1, L2: see the Trainer's
 * {@code penalty}) apply only to parameters whose {@link #isRegularized()} is true: weights, by
 * default; layers mark their biases and normalisation scales and shifts {@code regularized(false)}.
 *
 * <p>A learning-rate multiplier ({@link #lrMultiplier(double)}, 1 by default) scales the step every
 * optimizer takes for this parameter, for discriminative fine-tuning (smaller steps for early layers;
 * Caffe's {@code lr_mult}, ULMFiT's discriminative learning rates); 0 freezes it like the flag.
 */
public final class Parameter {
    private final String name;
    private INDArray value;
    private INDArray grad;
    private boolean trainable = true;
    private boolean regularized = true;
    private double lrMultiplier = 1;

    /** A parameter named {@code name} (e.g. {@code "dense1.W"}) holding {@code value}; its gradient starts at zero. */
    public Parameter(String name, INDArray value) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("A parameter needs a name, e.g. \"W\" or \"b\".");
        if (value == null) throw new IllegalArgumentException("Parameter '" + name + "' needs a value, got null.");
        this.name = name;
        this.value = value.isView() ? value.dup() : value;
        this.grad = Nd4j.zerosLike(this.value);
    }

    public String name() { return name; }

    /** The current value; optimizers update it in place. */
    public INDArray value() { return value; }

    /** dL/dvalue, same shape as {@link #value()}; layers add into it during backward. */
    public INDArray grad() { return grad; }

    public boolean isTrainable() { return trainable; }

    /** Freezes ({@code false}) or unfreezes ({@code true}) this parameter; returns it for chaining. */
    public Parameter trainable(boolean trainable) { this.trainable = trainable; return this; }

    /** The factor by which optimizers multiply their learning rate for this parameter (1 unless set). */
    public double lrMultiplier() { return lrMultiplier; }

    /**
     * Sets the learning-rate multiplier: optimizers step this parameter with η · {@code multiplier}
     * instead of η (0 leaves it unchanged, as if frozen); returns it for chaining.
     * <pre>{@code
     * for (Parameter p : net.get(0).parameters()) p.lrMultiplier(0.1);   // the first layer learns 10x slower
     * new Trainer(net, new CrossEntropy(), new Adam(1e-3)).fit(train);
     * }</pre>
     */
    public Parameter lrMultiplier(double multiplier) {
        if (!(multiplier >= 0) || Double.isInfinite(multiplier))
            throw new IllegalArgumentException("Parameter '" + name + "': the learning-rate multiplier must be a finite number >= 0"
                    + " (1: the optimizer's rate, 0.1: ten times smaller, 0: frozen), got " + multiplier + ".");
        this.lrMultiplier = multiplier;
        return this;
    }

    /** Whether L1/L2 penalties apply to this parameter (true by default; false for biases and normalisation parameters). */
    public boolean isRegularized() { return regularized; }

    /** Subjects this parameter to weight penalties ({@code true}) or exempts it ({@code false}); returns it for chaining. */
    public Parameter regularized(boolean regularized) { this.regularized = regularized; return this; }

    /**
     * Sets the gradient to zero in place: a plain memset where the gradient owns its whole buffer
     * (no ND4J op: the training loop does this for every parameter every step), else an assign.
     */
    public void zeroGrad() {
        if (grad.isView() || grad.isEmpty() || grad.offset() != 0 || grad.data().length() != grad.length()) grad.assign(0);
        else Nd4j.getMemoryManager().memset(grad);
    }

    /** Number of scalars in the value. */
    public long size() { return value.length(); }

    /** Copies {@code newValue} into this parameter (shapes must match). */
    public void set(INDArray newValue) {
        if (!Arrays.equals(newValue.shape(), value.shape()))
            throw new IllegalArgumentException("Parameter '" + name + "' has shape " + Arrays.toString(value.shape())
                    + " but the new value has shape " + Arrays.toString(newValue.shape()) + ".");
        value.assign(newValue);
    }

    /**
     * Converts value and gradient to {@code type} (e.g. {@link DataType#DOUBLE} for a gradient
     * check). The arrays are replaced, so call it before training, never during a step.
     */
    public void castTo(DataType type) {
        if (value.dataType() == type) return;
        value = value.castTo(type);
        grad = grad.castTo(type);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape()) + (trainable ? "" : " (frozen)") + (lrMultiplier == 1 ? "" : " (lr x" + lrMultiplier + ")");
    }
}
