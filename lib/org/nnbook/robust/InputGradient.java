package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.loss.Loss;

import java.util.Arrays;

/**
 * dL/dx: how the loss changes with each input pixel, from the model's own backward pass (which
 * returns the gradient of its first input). What every gradient attack is built on.
 */
public final class InputGradient {
    private InputGradient() {}

    /**
     * dL/dx of {@code loss} at inputs {@code x} (N, ...) and targets {@code y}, with the model in
     * evaluation mode; an array of x's shape. The model's parameter gradients are added to as a side effect.
     */
    public static INDArray of(Model model, Loss loss, INDArray x, INDArray y) {
        requireArguments("InputGradient", model, loss, x, y);
        // a copy of x: the Trainer marks the arrays of its batch as data, whose gradient a first layer may skip
        INDArray input = x.dup();
        INDArray yHat = model.forward(Inputs.of(input), false);
        loss.forward(yHat, y);
        INDArray g = model.backward(loss.backward());
        if (g == null)
            throw new IllegalArgumentException("InputGradient: " + model + " returned no input gradient (null): its input must be real"
                    + " numbers such as pixels, not token ids, and its first layer must return dL/dx.");
        if (!Arrays.equals(g.shape(), x.shape()))
            throw new IllegalStateException("InputGradient: the model's input gradient has shape " + Arrays.toString(g.shape())
                    + " but its input " + Arrays.toString(x.shape()) + ".");
        return g;
    }

    /** Checks an attack's arguments: nothing null, as many targets as inputs, pixels in [0, 1]. */
    static void requireArguments(String who, Model model, Loss loss, INDArray x, INDArray y) {
        if (model == null || loss == null || x == null || y == null)
            throw new IllegalArgumentException(who + " needs a model, a loss, inputs x and targets y; got " + Arrays.asList(model, loss,
                    x == null ? null : "x", y == null ? null : "y") + ".");
        if (x.rank() < 2 || y.rank() < 1 || x.size(0) != y.size(0))
            throw new IllegalArgumentException(who + ": x " + Arrays.toString(x.shape()) + " and y " + Arrays.toString(y.shape())
                    + " must have one row per example, as many targets as inputs (x (N, ...) and y (N, C)).");
        double min = x.minNumber().doubleValue(), max = x.maxNumber().doubleValue();
        if (min < 0 || max > 1)
            throw new IllegalArgumentException(who + ": pixels must be in [0, 1] (the range an attacker may use), but x has values in ["
                    + min + ", " + max + "]. Attack the raw images (e.g. Mnist.asImages(Mnist.test())), not centred or standardised"
                    + " ones; put the centring inside the model if it needs it.");
    }

    /** Clips {@code a} into [lo, hi] in place and returns it. */
    static INDArray clip(INDArray a, double lo, double hi) {
        Transforms.max(a, lo, false);
        return Transforms.min(a, hi, false);
    }
}
