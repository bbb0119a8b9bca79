package org.nnbook.explain;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Permutation importance (Breiman, 2001, "Random Forests", section 10; model-agnostic as in Fisher,
 * Rudin and Dominici, 2019, "All Models are Wrong, but Many are Useful"): shuffle one feature's column
 * across the examples, so that it no longer says anything about each example while keeping its values,
 * and measure how much the model's score drops. A feature the model does not use costs nothing; one it
 * relies on costs much. Any model works, through a {@link Scorer} of rows (N, features) → score, higher
 * better, on held-out data. Features that carry the same information (correlated ones) share it: shuffling
 * one leaves the other, and both look less important than together.
 * <pre>{@code
 * var imp = PermutationImportance.of(PermutationImportance.accuracy(net, testLabels), testRows, 10, 1);
 * imp.mean()[j];   // mean drop of accuracy over 10 shuffles of feature j
 * }</pre>
 */
public final class PermutationImportance {
    private PermutationImportance() {}

    /** A model's score on rows x (N, features), higher better (accuracy, minus a loss...). It must not change x. */
    @FunctionalInterface
    public interface Scorer { double score(double[][] x); }

    /** The score on the intact data, and per feature the mean and standard deviation of its drop over the shuffles. */
    public record Result(double baseline, double[] mean, double[] std) {
        /** Feature indices from the most important (largest mean drop) down. */
        public int[] ranking() {
            return IntStream.range(0, mean.length).boxed().sorted(Comparator.comparingDouble((Integer j) -> -mean[j]).thenComparingInt(j -> j))
                    .mapToInt(Integer::intValue).toArray();
        }
    }

    /** Importance of every column of x: {@code repeats} seeded shuffles of each. */
    public static Result of(Scorer scorer, double[][] x, int repeats, long seed) {
        if (scorer == null) throw new IllegalArgumentException("PermutationImportance: the scorer is null.");
        if (x == null || x.length < 2 || x[0] == null || x[0].length == 0)
            throw new IllegalArgumentException("PermutationImportance: x must hold at least 2 rows of features (N, features).");
        int features = x[0].length;
        for (double[] row : x)
            if (row == null || row.length != features)
                throw new IllegalArgumentException("PermutationImportance: every row of x must have " + features + " features, as the first.");
        if (repeats < 1) throw new IllegalArgumentException("PermutationImportance: repeats must be at least 1, got " + repeats + ".");
        double[][] work = Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
        double baseline = scorer.score(work);
        double[] mean = new double[features], std = new double[features];
        Random rnd = new Random(seed);
        int n = x.length;
        for (int j = 0; j < features; j++) {
            double[] drops = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                int[] p = IntStream.range(0, n).toArray();
                for (int k = n - 1; k > 0; k--) {
                    int i = rnd.nextInt(k + 1), t = p[k];
                    p[k] = p[i];
                    p[i] = t;
                }
                for (int i = 0; i < n; i++) work[i][j] = x[p[i]][j];
                drops[r] = baseline - scorer.score(work);
                for (int i = 0; i < n; i++) work[i][j] = x[i][j];
            }
            mean[j] = Arrays.stream(drops).average().orElse(0);
            double m = mean[j];
            std[j] = repeats < 2 ? 0 : Math.sqrt(Arrays.stream(drops).map(d -> (d - m) * (d - m)).sum() / (repeats - 1));
        }
        return new Result(baseline, mean, std);
    }

    /** A scorer: the accuracy of a classifier {@code model} (logits (N, classes)) against {@code labels}. */
    public static Scorer accuracy(Model model, int[] labels) {
        if (model == null || labels == null) throw new IllegalArgumentException("PermutationImportance.accuracy: the model and the labels are needed.");
        return x -> {
            if (x.length != labels.length)
                throw new IllegalArgumentException("PermutationImportance.accuracy: " + x.length + " rows but " + labels.length + " labels.");
            DataType type = model.parameters().isEmpty() ? DataType.FLOAT : model.parameters().get(0).value().dataType();
            int[] predicted = model.predict(Inputs.of(Nd4j.create(x).castTo(type))).argMax(1).toIntVector();
            int right = 0;
            for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
            return (double) right / labels.length;
        };
    }

    /** A scorer: minus the mean cross-entropy (−mean log p of the true class) of a classifier's logits: smoother than accuracy on few examples. */
    public static Scorer negativeCrossEntropy(Model model, int[] labels) {
        if (model == null || labels == null) throw new IllegalArgumentException("PermutationImportance.negativeCrossEntropy: the model and the labels are needed.");
        return x -> {
            if (x.length != labels.length)
                throw new IllegalArgumentException("PermutationImportance.negativeCrossEntropy: " + x.length + " rows but " + labels.length + " labels.");
            DataType type = model.parameters().isEmpty() ? DataType.FLOAT : model.parameters().get(0).value().dataType();
            double[] p = Targets.probabilities(model.predict(Inputs.of(Nd4j.create(x).castTo(type))).castTo(DataType.DOUBLE), labels);
            return Arrays.stream(p).map(v -> Math.log(Math.max(v, 1e-12))).average().orElse(0);
        };
    }
}
