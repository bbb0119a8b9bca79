package org.nnbook.models;

import org.nnbook.core.Sequential;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Flatten;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.Padding;
import org.nnbook.layers.ReLU;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, 1998, "Gradient-based learning applied to document
 * recognition") as notebook 05 builds it: ReLU instead of the scaled tanh, max instead of average
 * pooling. Input (N, 1, 28, 28), output (N, classes) logits; 61,706 parameters for 10 classes.
 * <pre>{@code
 * Seed.set(5);
 * Sequential net = LeNet.of(10);
 * Sequential features = net.withoutLast(1);          // (N, 1, 28, 28) -> (N, 84)
 * }</pre>
 */
public final class LeNet {
    /** Index of the last layer, the head Dense(84 -> classes). */
    public static final int HEAD = 11;
    /** Width of the features the head reads. */
    public static final int FEATURES = 84;

    private LeNet() {}

    /** A new LeNet-5 with {@code classes} outputs, its weights drawn from ND4J's generator (seed it with {@code Seed.set}). */
    public static Sequential of(int classes) {
        if (classes < 2) throw new IllegalArgumentException("LeNet.of needs at least 2 classes, got " + classes + ".");
        return Sequential.of(
                new Conv2D(1, 6, 5, 1, Padding.SAME), new ReLU(), new MaxPool2D(2),    // (N, 6, 14, 14)
                new Conv2D(6, 16, 5), new ReLU(), new MaxPool2D(2),                    // (N, 16, 5, 5)
                new Flatten(),
                new Dense(400, 120), new ReLU(),
                new Dense(120, 84), new ReLU(),
                new Dense(FEATURES, classes));
    }
}
