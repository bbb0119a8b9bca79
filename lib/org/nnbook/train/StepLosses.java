package org.nnbook.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the loss of every training step, for a loss curve of a run too short to have many epochs
 * (a language model trained for part of one epoch):
 * <pre>{@code
 * var steps = new StepLosses();
 * new Trainer(lm, new SparseCrossEntropy(PAD), new Adam(1e-3)).epochs(1).callbacks(steps).fit(text);
 * Charts.lines("Pretraining", "step", "loss", Map.of("training loss, mean of 20 steps", steps.smoothed(20)));
 * }</pre>
 */
public final class StepLosses implements Callback {
    private final List<Double> losses = new ArrayList<>();

    @Override
    public void onBatchEnd(int epoch, int batch, int numBatches, double loss) { losses.add(loss); }

    /** Every step's loss, in order. */
    public double[] losses() { return losses.stream().mapToDouble(Double::doubleValue).toArray(); }

    /** How many steps were recorded. */
    public int steps() { return losses.size(); }

    /** The mean of each run of {@code window} consecutive steps (the last run may be shorter): a less noisy curve. */
    public double[] smoothed(int window) {
        if (window < 1) throw new IllegalArgumentException("StepLosses.smoothed: the window must be >= 1 step, got " + window + ".");
        int n = (losses.size() + window - 1) / window;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int from = i * window, to = Math.min(losses.size(), from + window);
            double sum = 0;
            for (int j = from; j < to; j++) sum += losses.get(j);
            out[i] = sum / (to - from);
        }
        return out;
    }

    /** The mean loss of the first and the last {@code window} steps, e.g. to check that it went down. */
    public double first(int window) { return mean(0, Math.min(window, losses.size())); }

    public double last(int window) { return mean(Math.max(0, losses.size() - window), losses.size()); }

    private double mean(int from, int to) {
        if (to <= from) throw new IllegalStateException("StepLosses: no steps recorded yet.");
        double sum = 0;
        for (int j = from; j < to; j++) sum += losses.get(j);
        return sum / (to - from);
    }

    @Override
    public String toString() { return "StepLosses(" + losses.size() + " steps)"; }
}
