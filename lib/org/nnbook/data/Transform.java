package org.nnbook.data;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/**
 * A random change of a batch's inputs x (B, ...), such as the image {@link Augment}ations; the
 * targets are left alone. A {@link DataLoader} with {@link DataLoader#transform(Transform)} applies
 * it to every training batch as it is made, so each epoch sees new variants of the same examples.
 *
 * <p>All randomness comes from {@code rnd}, which the loader seeds from its seed, the epoch and the
 * batch number: a run is reproducible. Any lambda will do:
 * <pre>{@code
 * Transform noise = (x, rnd) -> x.add(Nd4j.randn(rnd.nextLong(), x.shape()).castTo(x.dataType()).muli(0.1));
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
    /** A new array with the transformed inputs; {@code x} itself is not changed. */
    INDArray apply(INDArray x, Random rnd);

    /** As {@link #apply(INDArray, Random)} with a {@code new Random(seed)}: for showing a few variants. */
    default INDArray apply(INDArray x, long seed) { return apply(x, new Random(seed)); }

    /** This transform, then {@code next}, drawing from the same random stream. */
    default Transform andThen(Transform next) {
        if (next == null) throw new IllegalArgumentException("Transform.andThen needs a transform, got null.");
        Transform first = this;
        return (x, rnd) -> next.apply(first.apply(x, rnd), rnd);
    }
}
