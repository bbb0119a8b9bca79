package org.nnbook.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: told when training starts, after every epoch with that epoch's
 * logs (e.g. {@code loss}, {@code val_accuracy}), and at the end. Return {@code true} from
 * {@link #onEpochEnd} to stop training early.
 */
public interface Callback {

    default void onTrainBegin(Trainer trainer, int epochs) {}

    /** Called after epoch {@code epoch} (0-based); returning true stops training. */
    default boolean onEpochEnd(int epoch, Map<String, Double> logs) { return false; }

    /** Called after each mini-batch with its loss; for progress displays. */
    default void onBatchEnd(int epoch, int batch, int numBatches, double loss) {}

    default void onTrainEnd(History history) {}
}
