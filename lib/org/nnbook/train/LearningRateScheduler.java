package org.nnbook.train;

import org.nnbook.optim.Optimizer;
import org.nnbook.optim.Schedule;

import java.util.Map;

/**
 * Sets the trainer's learning rate from a {@link Schedule} before every optimizer step (Keras's
 * callback of the same name):
 * <pre>{@code
 * trainer.callbacks(new LearningRateScheduler(Schedule.cosine(1e-3, 1e-5, 20)));
 * }</pre>
 * Steps are counted from 0 at the start of each {@link Trainer#fit}. The {@code lr} in the History
 * is the η of the epoch's last step, so for a per-epoch schedule the column is the schedule itself.
 * The schedule replaces the optimizer's own learning rate; do not combine it with
 * {@link ReduceLROnPlateau}, which would be overwritten.
 */
public final class LearningRateScheduler implements Callback {
    private final Schedule schedule;
    private Optimizer optimizer;
    private long step;

    public LearningRateScheduler(Schedule schedule) {
        if (schedule == null)
            throw new IllegalArgumentException("LearningRateScheduler needs a schedule, e.g. Schedule.cosine(1e-3, 1e-5, epochs).");
        this.schedule = schedule;
    }

    public Schedule schedule() { return schedule; }

    @Override
    public void onTrainBegin(Trainer trainer, int epochs) {
        optimizer = trainer.optimizer();
        step = 0;
        apply(0);
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int numBatches, double loss) {
        step++;
        // after an epoch's last batch, wait for onEpochEnd so the History logs this epoch's η
        if (batch + 1 < numBatches) apply(epoch);
    }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        apply(epoch + 1);
        return false;
    }

    private void apply(int epoch) {
        double lr = schedule.lr(epoch, step);
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalStateException("The schedule " + schedule + " gave learning rate " + lr + " at epoch " + epoch
                    + ", step " + step + "; learning rates must be positive and finite.");
        optimizer.lr(lr);
    }

    @Override
    public String toString() { return "LearningRateScheduler(" + schedule + ")"; }
}
