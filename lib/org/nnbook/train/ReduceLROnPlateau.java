package org.nnbook.train;

import org.nnbook.optim.Optimizer;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored log value (default
 * {@code val_loss}) has not improved for {@code patience} epochs, never going below {@code minLr}
 * (Keras's callback of the same name):
 * <pre>{@code
 * trainer.callbacks(new ReduceLROnPlateau("val_loss", 0.5, 3));   // halve η after 3 epochs without progress
 * }</pre>
 * Keys with "accuracy" in their name must go up to improve, all others down; an improvement must
 * beat the best value so far by more than 0.01% of it, so noise does not count. After a reduction
 * the patience count starts again. The new η shows in the History from the next epoch on.
 */
public final class ReduceLROnPlateau implements Callback {
    private static final double MIN_RELATIVE_IMPROVEMENT = 1e-4;
    private final String monitor;
    private final double factor;
    private final int patience;
    private final double minLr;
    private final boolean maximise;
    private Optimizer optimizer;
    private double best;
    private int wait;

    /** Monitors {@code val_loss}, multiplies η by 0.1 after 10 epochs without improvement (Keras's defaults). */
    public ReduceLROnPlateau() { this("val_loss", 0.1, 10); }

    /** No floor on η. */
    public ReduceLROnPlateau(String monitor, double factor, int patience) { this(monitor, factor, patience, 0); }

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minLr) {
        if (monitor == null || monitor.isBlank())
            throw new IllegalArgumentException("ReduceLROnPlateau needs a log key to monitor, e.g. \"val_loss\" or \"loss\".");
        if (!(factor > 0 && factor < 1))
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1) (e.g. 0.5), got " + factor + ".");
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0 epochs, got " + patience + ".");
        if (!(minLr >= 0) || Double.isInfinite(minLr))
            throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + minLr + ".");
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
        this.maximise = monitor.contains("accuracy");
    }

    @Override
    public void onTrainBegin(Trainer trainer, int epochs) {
        optimizer = trainer.optimizer();
        best = Double.NaN;
        wait = 0;
    }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null)
            throw new IllegalArgumentException("ReduceLROnPlateau monitors '" + monitor + "' but the logs have only " + logs.keySet()
                    + (monitor.startsWith("val_") ? ". Pass validation data, fit(train, val), or monitor \"loss\"." : "."));
        if (Double.isNaN(best) || improves(value)) {
            best = value;
            wait = 0;
        } else if (++wait >= patience) {
            optimizer.lr(Math.max(optimizer.lr() * factor, Math.min(minLr, optimizer.lr())));
            wait = 0;
        }
        return false;
    }

    private boolean improves(double value) {
        double margin = MIN_RELATIVE_IMPROVEMENT * Math.abs(best);
        return maximise ? value > best + margin : value < best - margin;
    }

    @Override
    public String toString() {
        return "ReduceLROnPlateau(monitor=" + monitor + ", factor=" + factor + ", patience=" + patience + ", minLr=" + minLr + ")";
    }
}
