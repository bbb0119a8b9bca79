package org.nnbook.compress;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;

import java.util.ArrayList;
import java.util.List;

/**
 * How many of a model's weights are not zero, per weight tensor and overall: the measure of
 * unstructured pruning. Han, Pool, Tran and Dally (2015, "Learning both Weights and Connections for
 * Efficient Neural Networks", Table 1) count the same way: the weights of every layer, biases not.
 *
 * <pre>{@code
 * WeightCounts counts = WeightCounts.of(net);
 * counts.nonZero(); counts.total(); counts.compression();   // e.g. 22,000 of 266,200: 12.1x fewer
 * }</pre>
 */
public final class WeightCounts {
    /** One weight tensor: its path ("0.W"), its layer, how many numbers it has and how many are not zero. */
    public record Row(String path, String layer, long total, long nonZero) {
        /** The fraction of its weights that are zero. */
        public double sparsity() { return 1.0 - (double) nonZero / total; }
    }

    private final List<Row> rows;

    private WeightCounts(List<Row> rows) { this.rows = List.copyOf(rows); }

    /** Counts the weights of {@code model} (see the package's notion of weights: Dense and Conv2D W, not biases). */
    public static WeightCounts of(Model model) {
        List<Row> rows = new ArrayList<>();
        for (Weights.Weight w : Weights.of(model)) {
            INDArray v = w.parameter().value();
            long nonZero = v.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
            rows.add(new Row(w.path(), String.valueOf(w.layer()), v.length(), nonZero));
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("WeightCounts: " + model + " has no weights (Dense or Conv2D W) to count.");
        return new WeightCounts(rows);
    }

    /** One row per weight tensor, in the model's order. */
    public List<Row> rows() { return rows; }

    /** The number of weights, all tensors together. */
    public long total() { return rows.stream().mapToLong(Row::total).sum(); }

    /** The number of weights that are not zero. */
    public long nonZero() { return rows.stream().mapToLong(Row::nonZero).sum(); }

    /** The fraction of all weights that are zero. */
    public double sparsity() { return 1.0 - (double) nonZero() / total(); }

    /** How many times fewer non-zero weights than weights: total / nonZero (Han et al.'s "compression rate"). */
    public double compression() { return (double) total() / Math.max(1, nonZero()); }

    /** The non-zero weights of each tensor, in order. */
    public long[] nonZeroPerTensor() { return rows.stream().mapToLong(Row::nonZero).toArray(); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-8s %-34s %10s %10s %8s%n", "weight", "layer", "weights", "non-zero", "kept"));
        for (Row r : rows)
            sb.append(String.format("%-8s %-34s %,10d %,10d %7.1f%%%n", r.path, r.layer, r.total, r.nonZero, 100.0 * r.nonZero / r.total));
        return sb.append(String.format("%-8s %-34s %,10d %,10d %7.1f%%  (%.1fx fewer)", "total", "", total(), nonZero(),
                100.0 * nonZero() / total(), compression())).toString();
    }
}
