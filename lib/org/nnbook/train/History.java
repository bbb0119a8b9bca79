package org.nnbook.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-epoch logs of a training run: one map per epoch, e.g. {@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code lr}, {@code seconds}.
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
