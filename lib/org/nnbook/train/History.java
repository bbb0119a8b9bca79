package org.nnbook.train;

import org.nnbook.plot.Charts;
import org.nnbook.plot.Series;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-epoch logs of a training run: one map per epoch, e.g. {@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code lr}, {@code seconds}. A key that starts with
 * {@code val_} was measured on the validation data (the {@link Trainer}'s convention); the others on
 * the training data, or are settings such as the learning rate.
 *
 * <pre>{@code
 * History history = trainer.fit(train, val);
 * history.last("val_accuracy")     // the final validation accuracy
 * history.chart()                  // loss | accuracy per epoch, as a cell's value
 * }</pre>
 */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** Appends one epoch's logs (copied). */
    public void add(Map<String, Double> logs) { epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs))); }

    /** Number of epochs recorded. */
    public int size() { return epochs.size(); }

    /** The logs of epoch {@code i} (0-based). */
    public Map<String, Double> epoch(int i) { return epochs.get(i); }

    /** Every key seen, in first-seen order. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        epochs.forEach(e -> keys.addAll(e.keySet()));
        return keys;
    }

    /** The series of {@code key} over epochs. */
    public double[] get(String key) {
        if (!keys().contains(key))
            throw new IllegalArgumentException("History has no '" + key + "'; it has " + keys() + ".");
        return epochs.stream().mapToDouble(e -> e.getOrDefault(key, Double.NaN)).toArray();
    }

    /** The last value of {@code key}. */
    public double last(String key) {
        double[] v = get(key);
        return v[v.length - 1];
    }

    /** The first value of {@code key}. */
    public double first(String key) { return get(key)[0]; }

    /**
     * The training curves against the epoch: every key containing "loss" in the left panel, every
     * other key containing "acc" in the right one (a panel with no key is left out). Training curves
     * are solid, validation curves ({@code val_...}) dashed.
     */
    public BufferedImage chart() {
        if (size() == 0) throw new IllegalArgumentException("History.chart: the History is empty; train for at least one epoch.");
        List<Series> loss = curves("loss"), acc = curves("acc");
        if (loss.isEmpty() && acc.isEmpty())
            throw new IllegalArgumentException("History.chart: no 'loss' or 'accuracy' in the History, which has " + keys() + ".");
        BufferedImage left = loss.isEmpty() ? null : Charts.lines("Loss", "epoch", "loss", loss);
        BufferedImage right = acc.isEmpty() ? null : Charts.lines("Accuracy", "epoch", "accuracy", acc);
        return left == null ? right : right == null ? left : Charts.sideBySide(left, right);
    }

    /** The curves of one panel of {@link #chart}: keys containing {@code part}, training ones first, then validation ones, dashed. */
    List<Series> curves(String part) {
        List<Series> curves = new ArrayList<>();
        for (boolean validation : new boolean[]{false, true})
            for (String k : keys()) {
                boolean inPanel = part.equals("loss") ? k.contains("loss") : k.contains(part) && !k.contains("loss");
                if (!inPanel || k.startsWith("val_") != validation) continue;
                curves.add(validation ? Series.dashed(k, get(k)) : Series.of(k, get(k)));
            }
        return curves;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-6s", "epoch"));
        Set<String> keys = keys();
        keys.forEach(k -> sb.append(String.format("%14s", k)));
        for (int i = 0; i < epochs.size(); i++) {
            sb.append(String.format("%n%-6d", i + 1));
            for (String k : keys) sb.append(String.format("%14.4f", epochs.get(i).getOrDefault(k, Double.NaN)));
        }
        return sb.toString();
    }
}
