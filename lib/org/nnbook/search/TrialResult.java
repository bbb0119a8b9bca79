package org.nnbook.search;

import org.nnbook.core.Model;
import org.nnbook.train.History;

/**
 * What a {@link Trial} gives back: its {@code score} (a validation metric called {@code metric}),
 * and optionally the training {@code history} and the trained {@code model} (null when not kept).
 * Keeping the models lets the best few become an ensemble: {@code Ensemble.average(results.topModels(5))}.
 *
 * <p>The score taken from a History is the metric's value after the <em>last</em> epoch — the state
 * the returned model is in — not its best epoch.
 */
public record TrialResult(double score, String metric, History history, Model model) {
    /** The default metric of {@link #of(History)}: validation accuracy, higher is better. */
    public static final String VAL_ACCURACY = "val_accuracy";

    public TrialResult {
        if (metric == null || metric.isBlank()) throw new IllegalArgumentException("TrialResult needs a metric name, e.g. \"val_accuracy\".");
    }

    /** Just a score, e.g. from {@code Evaluation.of(net, val).accuracy()}. */
    public static TrialResult of(double score) { return new TrialResult(score, "score", null, null); }

    /** Scored by the last {@code val_accuracy} of {@code history}. */
    public static TrialResult of(History history) { return of(null, history, VAL_ACCURACY); }

    /** Scored by the last value of {@code metric} in {@code history} (e.g. "val_loss", then call {@code minimize()} on the Search). */
    public static TrialResult of(History history, String metric) { return of(null, history, metric); }

    /** The trained {@code model} and its {@code history}, scored by the last {@code val_accuracy}. */
    public static TrialResult of(Model model, History history) { return of(model, history, VAL_ACCURACY); }

    /** The trained {@code model} and its {@code history}, scored by the last value of {@code metric}. */
    public static TrialResult of(Model model, History history, String metric) {
        if (history == null || history.size() == 0)
            throw new IllegalArgumentException("TrialResult.of: the History is empty; return the History that Trainer.fit gave.");
        if (!history.keys().contains(metric))
            throw new IllegalArgumentException("TrialResult.of: the History has no '" + metric + "'; it has " + history.keys()
                    + (metric.startsWith("val_") ? ". Give the Trainer validation data: fit(train, val)." : "."));
        return new TrialResult(history.last(metric), metric, history, model);
    }
}
