package org.nnbook.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.data.Batch;

/**
 * A scalar measure of how far predictions are from targets, and its gradient.
 *
 * <p>{@link #forward} returns the loss averaged over the predictions and remembers what
 * {@link #backward} needs; {@link #backward} returns dL/d(yHat), the same shape as yHat.
 */
public interface Loss {

    /** The mean loss of predictions {@code yHat} against targets {@code y}. */
    double forward(INDArray yHat, INDArray y);

    /**
     * The mean loss of {@code yHat} on {@code batch}: by default against its targets {@code batch.y()}. The
     * Trainer calls this one, so that a loss that needs more of the batch than its targets can have it:
     * {@link Distillation} asks its teacher about the batch's inputs.
     */
    default double forward(INDArray yHat, Batch batch) { return forward(yHat, batch.y()); }

    /** dL/d(yHat) for the last {@link #forward}. */
    INDArray backward();

    /** True for losses on class scores, for which accuracy is a meaningful metric. */
    default boolean isClassification() { return false; }

    /**
     * How many predictions the mean of {@link #forward} is over: the N rows by default; for
     * sequences the positions that count (not padding). The Trainer weights each batch by it and
     * divides the correct count by it for accuracy.
     */
    default long count(INDArray yHat, INDArray y) { return yHat.size(0); }

    /**
     * How many of the predictions of {@code yHat} (N, C) are right for {@code y} (N, C): by default,
     * rows whose largest score is in the column of y's largest entry (one-hot targets). Losses whose
     * predictions read differently, such as {@link BinaryCrossEntropy}, override it.
     */
    default long countCorrect(INDArray yHat, INDArray y) {
        return yHat.argMax(1).eq(y.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
    }
}
