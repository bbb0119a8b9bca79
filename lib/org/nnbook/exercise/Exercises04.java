package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.ensemble.Ensemble;
import org.nnbook.search.SearchResults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntSupplier;

import static org.nnbook.exercise.ArrayChecks.*;

/**
 * The checks of notebook 04, "Hyper-parameter search and ensembles": a log-uniform draw (4.1), the
 * number of learning rates each search tried (4.2, from the notebook's own results), and the two
 * ways to combine an ensemble, averaging probabilities (4.3) and majority voting (4.4), each checked
 * against the library's {@link Ensemble} on members whose outputs are fixed.
 */
public final class Exercises04 {
    private Exercises04() {}

    /** Exercise 4.1's answer: one draw from [low, high) made with {@code rnd}. */
    @FunctionalInterface
    public interface Draw {
        double draw(Random rnd, double low, double high);
    }

    /**
     * Exercise 4.1: a draw from the log-uniform range [low, high), as {@code SearchSpace.logUniform}
     * makes it (Bergstra &amp; Bengio, 2012): every decade of the range equally likely. The check draws
     * 20,000 values from each of three ranges and requires them inside the range, 10% ± 2 of them in
     * each tenth of the range on a log scale, and the same draws again from a Random with the same seed.
     */
    public static Verdict logUniform(Draw draw) {
        return Exercise.check("Exercise 4.1 (a log-uniform draw)", () -> {
            int n = 20_000;
            for (double[] range : new double[][]{{1e-4, 1e-1}, {1e-6, 1}, {2, 2000}}) {
                double low = range[0], high = range[1], logSpan = Math.log(high / low);
                int[] tenths = new int[10];
                Random rnd = new Random(11), again = new Random(11);
                for (int i = 0; i < n; i++) {
                    double x = draw.draw(rnd, low, high);
                    if (!(x >= low && x <= high))
                        return Exercise.notYet(String.format("draw %d from [%s, %s) is %s, outside the range.", i + 1, low, high, x),
                                "where do the smallest and the largest rnd.nextDouble() land? Are your logarithm and its inverse of the same base?");
                    double y = i < 5 ? draw.draw(again, low, high) : x;
                    if (y != x)
                        return Exercise.notYet(String.format("two Randoms with the same seed gave different draws (%s, then %s).", x, y),
                                "draw from the rnd you are given, not from Math.random() or a Random of your own: that is what makes a seeded search repeat.");
                    tenths[Math.min(9, (int) (10 * Math.log(x / low) / logSpan))]++;
                }
                for (int k = 0; k < 10; k++)
                    if (Math.abs(tenths[k] / (double) n - 0.1) > 0.02)
                        return Exercise.notYet(String.format("of %,d draws from [%s, %s), %.1f%% fell in the lowest tenth of the range on a log scale"
                                + " ([%.3g, %.3g)) and %.1f%% in the highest; log-uniform draws put 10%% in each.", n, low, high,
                                100.0 * tenths[0] / n, low, low * Math.pow(high / low, 0.1), 100.0 * tenths[9] / n),
                                tenths[9] > 2 * tenths[0] ? "most of a range's length is in its top decade, so draws spread evenly on a linear scale"
                                        + " crowd up there. What must be spread evenly instead?" : "how are your draws spread? Plot a histogram of their logarithms.");
            }
            return Exercise.right("20,000 draws from each of 3 ranges: all inside, 10% ± 2 in each tenth of the log range, the same again for the same seed.");
        });
    }

    /**
     * Exercise 4.2: how many different learning rates the notebook's grid and random searches tried,
     * and how many trials a grid with the grid's widths would need to try as many learning rates as
     * the random search. The answers are compared with the counts from {@code grid} and {@code random}.
     */
    public static Verdict learningRates(IntSupplier gridLrs, IntSupplier randomLrs, IntSupplier gridTrialsNeeded,
                                        SearchResults grid, SearchResults random) {
        return Exercise.check("Exercise 4.2 (how many learning rates?)", () -> {
            int gridTrue = distinct(grid, "lr"), randomTrue = distinct(random, "lr"), widths = distinct(grid, "hidden");
            int g = gridLrs.getAsInt();
            if (g != gridTrue)
                return Exercise.notYet(String.format("the grid did not try %d different learning rates%s.", g, g == grid.size() ? ", although it ran " + g + " trials" : ""),
                        "several of its trials may share a learning rate: count the different values in the lr column of its table.");
            int r = randomLrs.getAsInt();
            if (r != randomTrue)
                return Exercise.notYet(String.format("the random search did not try %d different learning rates.", r),
                        "each random trial draws its own learning rate: count the different values in the lr column of its table.");
            int needed = gridTrialsNeeded.getAsInt();
            if (needed != randomTrue * widths)
                return Exercise.notYet(String.format("a grid with %d learning rates and the grid's %d widths does not have %d trials.", randomTrue, widths, needed),
                        "a grid tries every combination: every learning rate with every width.");
            return Exercise.right(String.format("the grid tried %d learning rates, random search %d for the same cost; a grid would need %d trials"
                    + " to try as many.", gridTrue, randomTrue, needed));
        });
    }

    private static int distinct(SearchResults results, String name) {
        return (int) results.inOrder().stream().map(e -> e.params().get(name)).distinct().count();
    }

    /**
     * Exercise 4.3: averaging, from the members' logits (each (N, C)) to the mean of their softmax
     * probabilities, (N, C). Checked against {@code Ensemble.average} on 3 members, 6 rows, 4 classes.
     */
    public static Verdict averaging(Function<List<INDArray>, INDArray> average) {
        return Exercise.check("Exercise 4.3 (averaging probabilities)", () -> {
            Random rnd = new Random(43);
            List<INDArray> logits = new ArrayList<>();
            for (int m = 0; m < 3; m++) logits.add(uniform(rnd, 6, 4).muli(3));
            INDArray want = Ensemble.average(fixed(logits)).predict(Nd4j.zeros(DataType.FLOAT, 6, 1)).castTo(DataType.DOUBLE);
            INDArray got = average.apply(logits.stream().map(INDArray::dup).toList());
            if (got == null) return Exercise.notYet("the cell gave no array (null).", "return the (N, C) array of averaged probabilities.");
            if (!Arrays.equals(got.shape(), want.shape()))
                return Exercise.notYet("your result has shape " + Arrays.toString(got.shape()) + "; averaging 3 members' (6, 4) outputs gives (6, 4).",
                        "one row of class probabilities per example: average over the members, not over the rows or the classes.");
            return EnsembleMistakes.averaging(logits, got.castTo(DataType.DOUBLE), want);
        });
    }

    /**
     * Exercise 4.4: majority voting, from the members' probabilities (each (N, C)) to one class per
     * row: each member votes for its most probable class, and a tie goes to the tied class with the
     * larger summed probability. Checked against {@code Ensemble.vote} on 4 members and 3 classes,
     * with rows where the votes tie and rows where voting and averaging disagree.
     */
    public static Verdict voting(Function<List<INDArray>, int[]> vote) {
        return Exercise.check("Exercise 4.4 (majority vote)", () -> {
            List<INDArray> probs = EnsembleMistakes.votingCase();
            int n = (int) probs.get(0).size(0);
            int[] want = Ensemble.vote(fixed(probs)).predict(Nd4j.zeros(DataType.FLOAT, n, 1)).argMax(1).toIntVector();
            int[] got = vote.apply(probs.stream().map(INDArray::dup).toList());
            if (got == null) return Exercise.notYet("the cell gave no classes (null).", "return one class per row, an int[] of length N.");
            if (got.length != n)
                return Exercise.notYet("your answer has " + got.length + " classes for " + n + " rows.", "one winning class per row (example).");
            return EnsembleMistakes.voting(probs, got, want);
        });
    }

    /** Members that always output the given arrays: the library's Ensemble combines them as it combines trained nets. */
    private static List<Model> fixed(List<INDArray> outputs) {
        List<Model> members = new ArrayList<>();
        for (INDArray out : outputs)
            members.add(new Model() {
                @Override
                public INDArray forward(Inputs inputs, boolean training) { return out.dup(); }

                @Override
                public INDArray backward(INDArray gradOut) { throw new IllegalStateException("a fixed member is not trained"); }
            });
        return members;
    }
}
