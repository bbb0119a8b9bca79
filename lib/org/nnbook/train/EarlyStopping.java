package org.nnbook.train;


import java.util.Map;

/**
 * Stops training when a monitored log value (e.g. {@code val_loss}) has not improved for
 * {@code patience} epochs, and puts back the weights of the best epoch (Keras's callback of the same
 * name; the idea goes back to Prechelt, 1998, "Early Stopping — But When?"):
 * <pre>{@code
 * var stop = new EarlyStopping("val_loss", 5);
 * trainer.callbacks(stop).epochs(200).fit(train, val);
 * System.out.println("best epoch " + (stop.bestEpoch() + 1) + ", val_loss " + stop.best());
 * }</pre>
 * Keys with "accuracy" in their name must go up to improve, all others down; an improvement must
 * beat the best value so far by more than {@link #minDelta(double) minDelta} (default 0).
 *
 * <p>With {@code restoreBestWeights} (the default here; Keras's default is false) the parameter
 * values of the best epoch are copied aside each time the monitored value improves, and copied back
 * when training ends — whether it stopped early or
 * ran all its epochs — so that {@code evaluate} after {@code fit} reproduces the best epoch's value.
 * The model's {@link org.nnbook.core.Layer#state() state} (batch normalisation's running statistics)
 * is restored with the parameters.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private final boolean maximise;
    private boolean restoreBestWeights = true;
    private double minDelta = 0;
    private Snapshot bestWeights;     // the parameters' values and the model's state (running statistics) at the best epoch
    private double best;
    private int bestEpoch, stoppedEpoch, wait;

    /** Stops after {@code patience} epochs in which {@code monitor} (e.g. "val_loss", "val_accuracy") did not improve. */
    public EarlyStopping(String monitor, int patience) {
        if (monitor == null || monitor.isBlank())
            throw new IllegalArgumentException("EarlyStopping needs a log key to monitor, e.g. \"val_loss\" or \"val_accuracy\".");
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0 epochs, got " + patience + ".");
        this.monitor = monitor;
        this.patience = patience;
        this.maximise = monitor.contains("accuracy");
    }

    /** Whether to put back the best epoch's weights at the end of training (default true). */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    /** The amount by which the monitored value must beat the best so far to count as an improvement (default 0). */
    public EarlyStopping minDelta(double minDelta) {
        if (!(minDelta >= 0) || Double.isInfinite(minDelta))
            throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + minDelta + ".");
        this.minDelta = minDelta;
        return this;
    }

    /** The best monitored value of the last fit (NaN before any epoch). */
    public double best() { return best; }

    /** The epoch (0-based) of the best value, whose weights are restored. */
    public int bestEpoch() { return bestEpoch; }

    /** The epoch (0-based) after which training was stopped, or -1 if it ran all its epochs. */
    public int stoppedEpoch() { return stoppedEpoch; }

    @Override
    public void onTrainBegin(Trainer trainer, int epochs) {
        best = Double.NaN;
        bestEpoch = -1;
        stoppedEpoch = -1;
        wait = 0;
        bestWeights = restoreBestWeights ? new Snapshot(trainer.model()) : null;
    }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null)
            throw new IllegalArgumentException("EarlyStopping monitors '" + monitor + "' but the logs have only " + logs.keySet()
                    + (monitor.startsWith("val_") ? ". Pass validation data, fit(train, val), or monitor \"loss\"." : "."));
        if (Double.isNaN(best) || improves(value)) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (bestWeights != null) bestWeights.take();
            return false;
        }
        if (++wait >= patience) {
            stoppedEpoch = epoch;
            return true;
        }
        return false;
    }

    private boolean improves(double value) {
        return maximise ? value > best + minDelta : value < best - minDelta;
    }

    @Override
    public void onTrainEnd(History history) {
        if (bestWeights != null && bestEpoch >= 0) bestWeights.restore();
    }

    @Override
    public String toString() {
        return "EarlyStopping(monitor=" + monitor + ", patience=" + patience + ", minDelta=" + minDelta
                + ", restoreBestWeights=" + restoreBestWeights + ")";
    }
}
