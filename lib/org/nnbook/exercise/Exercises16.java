package org.nnbook.exercise;

import org.nnbook.explain.PermutationImportance;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 16 (interpretability): integrated gradients by the Riemann sum of Sundararajan,
 * Taly and Yan (2017, "Axiomatic Attribution for Deep Networks", equation 3) (16.1), the permutation
 * importance of one feature for one shuffle (Breiman, 2001, "Random Forests") (16.2) and an occlusion map
 * with non-overlapping squares (Zeiler and Fergus, 2014) (16.3). Each tries the answer on seeded cases and
 * names what a typical wrong answer did; the library's {@code org.nnbook.explain} computes the same things.
 */
public final class Exercises16 {
    private Exercises16() {}

    /** Exercise 16.1's answer: integrated gradients of f, given its gradient, from baseline to x with m steps. */
    @FunctionalInterface
    public interface IntegratedGradients { double[] of(Function<double[], double[]> gradient, double[] x, double[] baseline, int m); }

    /** Exercise 16.2's answer: score(x) − score(x with column j reordered by order). */
    @FunctionalInterface
    public interface OneFeature { double of(PermutationImportance.Scorer scorer, double[][] x, int j, int[] order); }

    /** Exercise 16.3's answer: the occlusion map of one image with p×p squares at stride p. */
    @FunctionalInterface
    public interface OcclusionMap { double[][] of(ToDoubleFunction<double[][]> score, double[][] image, int p, double fill); }

    /** f(x) = Σ a_i x_i² + x₀ x₁ + sin(x₂): its gradient. */
    private static double[] gradient(double[] a, double[] v) {
        double[] g = new double[v.length];
        for (int i = 0; i < v.length; i++) g[i] = 2 * a[i] * v[i];
        g[0] += v[1];
        g[1] += v[0];
        g[2] += Math.cos(v[2]);
        return g;
    }

    private static double f(double[] a, double[] v) {
        double s = v[0] * v[1] + Math.sin(v[2]);
        for (int i = 0; i < v.length; i++) s += a[i] * v[i] * v[i];
        return s;
    }

    /** The Riemann sum over α = k/m for k from {@code from} to {@code to}, divided by {@code divide}, times (x − x') when {@code times}. */
    private static double[] riemann(double[] a, double[] x, double[] b, int m, int from, int to, double divide, boolean times) {
        double[] total = new double[x.length], p = new double[x.length];
        for (int k = from; k <= to; k++) {
            for (int i = 0; i < x.length; i++) p[i] = b[i] + (double) k / m * (x[i] - b[i]);
            double[] g = gradient(a, p);
            for (int i = 0; i < x.length; i++) total[i] += g[i];
        }
        for (int i = 0; i < x.length; i++) total[i] = total[i] / divide * (times ? x[i] - b[i] : 1);
        return total;
    }

    /** Exercise 16.1: IG_i = (x_i − x'_i) · (1/m) Σ_{k=1..m} ∂f/∂x_i at x' + (k/m)(x − x'). */
    public static Verdict integratedGradients(IntegratedGradients answer) {
        return Exercise.check("Exercise 16.1 (integrated gradients by a Riemann sum)", () -> {
            Random rnd = new Random(161);
            for (int m : new int[] {1, 4, 50}) {
                int n = 4;
                double[] a = new double[n], x = new double[n], b = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = rnd.nextGaussian();
                    x[i] = rnd.nextGaussian();
                    b[i] = m == 50 ? 0 : 0.5 * rnd.nextGaussian();
                }
                double[] expected = riemann(a, x, b, m, 1, m, m, true);
                int[] calls = {0};
                double[] got = answer.of(v -> { calls[0]++; return gradient(a, v.clone()); }, x.clone(), b.clone(), m);
                String on = String.format("for f(x) = Σ aᵢxᵢ² + x₀x₁ + sin x₂ with %d step%s%s", m, m == 1 ? "" : "s", m == 50 ? " from a baseline of zeros" : "");
                if (got == null || got.length != n) return notYet(on + " your answer is not " + n + " attributions, one per input.", "return a double[] of x's length.");
                if (close(got, expected)) continue;
                if (close(got, riemann(a, x, b, m, 0, m - 1, m, true)))
                    return notYet(on + " your sum starts at k = 0 (the baseline) and stops before x: a left Riemann sum.", "the paper's sum runs over k = 1 .. m, ending at x itself.");
                if (close(got, riemann(a, x, b, m, 1, m, m, false)))
                    return notYet(on + " your answer is the average gradient along the path, not yet an attribution.", "multiply each input's average by x_i − x'_i.");
                if (close(got, riemann(a, x, b, m, 1, m, 1, true)))
                    return notYet(on + " your sum is not divided by m: it grows with the number of steps.", "the integral over α in [0, 1] is approximated by the mean of the m gradients.");
                if (close(got, riemann(a, x, b, m, m, m, 1, true)) && m > 1)
                    return notYet(on + " your answer is the gradient at x times (x − x'), gradient × input: no path.", "evaluate the gradient at the m points x' + (k/m)(x − x').");
                if (m > 1 && calls[0] < m) return notYet(on + " you asked for " + calls[0] + " gradients; the sum needs " + m + ".", "one gradient per step k = 1 .. m.");
                return notYet(on + " your attributions are " + Arrays.toString(round(got)) + ", the right ones " + Arrays.toString(round(expected)) + ".",
                        "IG_i = (x_i − x'_i) · (1/m) Σ_{k=1..m} ∂f/∂x_i (x' + (k/m)(x − x')).");
            }
            double[] a = {0.3, -1, 0.5, 2}, x = {1, -0.5, 0.7, 0.2}, b = new double[4];
            double[] fine = answer.of(v -> gradient(a, v.clone()), x, b, 2000);
            double gap = Math.abs(Arrays.stream(fine).sum() - (f(a, x) - f(a, b)));
            return right(String.format("right with 1, 4 and 50 steps; with 2,000 steps your attributions add up to f(x) − f(x') within %.1e (completeness).", gap));
        });
    }

    /** Exercise 16.2: score(x) − score(x with column j reordered by {@code order}), x unchanged. */
    public static Verdict permutationImportance(OneFeature answer) {
        return Exercise.check("Exercise 16.2 (the permutation importance of one feature)", () -> {
            Random rnd = new Random(162);
            int n = 12, features = 4;
            double[] w = {1.5, -0.5, 0, 2};
            PermutationImportance.Scorer scorer = rows -> {              // minus the mean squared distance of w·row from the target
                double s = 0;
                for (int i = 0; i < rows.length; i++) {
                    double t = 0;
                    for (int k = 0; k < features; k++) t += w[k] * rows[i][k];
                    double target = i % 3 - 1.0;
                    s -= (t - target) * (t - target);
                }
                return s / rows.length;
            };
            for (int j : new int[] {0, 3, 2}) {
                double[][] x = new double[n][features];
                for (double[] row : x) for (int k = 0; k < features; k++) row[k] = rnd.nextGaussian();
                int[] order = rnd.ints(0, 1000).distinct().limit(n).toArray();
                Integer[] idx = new Integer[n];
                for (int i = 0; i < n; i++) idx[i] = i;
                int[] o = order;
                Arrays.sort(idx, (p, q) -> Integer.compare(o[p], o[q]));
                order = Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
                double[][] copy = Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
                double expected = scorer.score(copy) - scorer.score(shuffled(copy, j, order, false));
                double got = answer.of(scorer, x, j, order.clone());
                String on = String.format("for feature %d of %d", j, features);
                boolean changed = false;
                for (int i = 0; i < n; i++) changed |= !Arrays.equals(x[i], copy[i]);
                if (changed)
                    return notYet(on + " your answer changed the caller's x.", "shuffle a copy of the rows (new double[][], each row cloned), not x itself.");
                if (Math.abs(got - expected) < 1e-9) continue;
                if (Math.abs(got + expected) < 1e-9)
                    return notYet(on + " your importance has the wrong sign.", "importance = score of the intact rows minus score after the shuffle: what the shuffle costs.");
                if (Math.abs(got - (scorer.score(copy) - scorer.score(shuffled(copy, j, order, true)))) < 1e-9)
                    return notYet(on + " your answer moves whole rows, not one column: the rows are reordered but each is intact.", "only column j moves: row i gets x[order[i]][j], every other column stays.");
                if (Math.abs(got - (scorer.score(copy) - scorer.score(shuffled(copy, j, inverse(order), false)))) < 1e-9)
                    return notYet(on + " your answer sends row i's value to row order[i]; the other way round is asked.", "row i gets the value of row order[i].");
                return notYet(on + " your importance is " + fmt(got) + ", the right one " + fmt(expected) + ".", "score(x) − score(x with column j reordered so that row i gets x[order[i]][j]).");
            }
            return right("right for 3 features, including one the model does not use (importance 0), and x left as it was.");
        });
    }

    private static double[][] shuffled(double[][] x, int j, int[] order, boolean wholeRows) {
        double[][] s = Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
        for (int i = 0; i < x.length; i++) {
            if (wholeRows) s[i] = x[order[i]].clone();
            else s[i][j] = x[order[i]][j];
        }
        return s;
    }

    private static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) inv[order[i]] = i;
        return inv;
    }

    /** Exercise 16.3: each pixel of each p×p square gets score(image) − score(image with that square filled). */
    public static Verdict occlusionMap(OcclusionMap answer) {
        return Exercise.check("Exercise 16.3 (an occlusion map)", () -> {
            Random rnd = new Random(163);
            int[][] cases = {{4, 4, 2}, {6, 9, 3}, {8, 8, 4}};                // H, W, p
            for (int[] c : cases) {
                int h = c[0], w = c[1], p = c[2];
                double[][] weights = new double[h][w], image = new double[h][w];
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++) {
                        weights[i][j] = rnd.nextGaussian();
                        image[i][j] = rnd.nextDouble();
                    }
                double fill = 0.25;
                ToDoubleFunction<double[][]> score = im -> {                   // a smooth score: tanh of a weighted sum
                    double s = 0;
                    for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) s += weights[i][j] * im[i][j];
                    return Math.tanh(s / 4);
                };
                double[][] copy = Arrays.stream(image).map(double[]::clone).toArray(double[][]::new);
                double[][] expected = occlude(score, copy, p, fill, false, false);
                double[][] got = answer.of(score, image, p, fill);
                String on = String.format("for a %dx%d image and %dx%d squares", h, w, p, p);
                if (got == null || got.length != h || Arrays.stream(got).anyMatch(r -> r == null || r.length != w))
                    return notYet(on + " your map is not " + h + "x" + w + ".", "return a map of the image's size: every pixel gets its square's value.");
                boolean changed = false;
                for (int i = 0; i < h; i++) changed |= !Arrays.equals(image[i], copy[i]);
                if (close(got, expected)) {
                    if (changed) return notYet(on + " your map is right but the caller's image changed.", "fill a copy of the image, one square at a time.");
                    continue;
                }
                if (close(got, negate(expected)))
                    return notYet(on + " your map has the wrong sign.", "the value is the intact score minus the occluded one: positive where hiding the square hurts.");
                if (close(got, occlude(score, copy, p, fill, true, false)))
                    return notYet(on + " your squares stay filled: each score is taken with all the earlier squares filled too.", "start from the intact image for every square.");
                if (close(got, occlude(score, copy, p, 0, false, false)))
                    return notYet(on + " your squares are filled with 0, not with the fill value " + fill + ".", "fill the square with the given value (the background).");
                if (close(got, occlude(score, copy, p, fill, false, true)))
                    return notYet(on + " your map is the occluded score itself, not its drop.", "subtract it from the score of the intact image.");
                return notYet(on + " your map differs from the right one, e.g. at (0, 0): " + fmt(got[0][0]) + " instead of " + fmt(expected[0][0]) + ".",
                        "for each square (top and left multiples of p) fill a copy, score it, and write score(image) − that score into the square's pixels.");
            }
            return right("right on 3 images (4x4, 6x9 and 8x8) with squares of 2, 3 and 4.");
        });
    }

    private static double[][] occlude(ToDoubleFunction<double[][]> score, double[][] image, int p, double fill, boolean cumulative, boolean raw) {
        int h = image.length, w = image[0].length;
        double base = score.applyAsDouble(image);
        double[][] map = new double[h][w], work = Arrays.stream(image).map(double[]::clone).toArray(double[][]::new);
        for (int top = 0; top < h; top += p)
            for (int left = 0; left < w; left += p) {
                if (!cumulative) work = Arrays.stream(image).map(double[]::clone).toArray(double[][]::new);
                for (int i = top; i < top + p; i++) for (int j = left; j < left + p; j++) work[i][j] = fill;
                double s = score.applyAsDouble(work), v = raw ? s : base - s;
                for (int i = top; i < top + p; i++) for (int j = left; j < left + p; j++) map[i][j] = v;
            }
        return map;
    }

    private static double[][] negate(double[][] m) { return Arrays.stream(m).map(r -> Arrays.stream(r).map(v -> -v).toArray()).toArray(double[][]::new); }

    private static boolean close(double[][] a, double[][] b) {
        for (int i = 0; i < a.length; i++) if (!close(a[i], b[i])) return false;
        return true;
    }

    private static boolean close(double[] a, double[] b) {
        if (a.length != b.length) return false;
        for (int k = 0; k < a.length; k++) if (!(Math.abs(a[k] - b[k]) <= 1e-9 * (1 + Math.abs(b[k])))) return false;
        return true;
    }

    private static double[] round(double[] v) { return Arrays.stream(v).map(x -> Math.round(x * 1e4) / 1e4).toArray(); }

    private static String fmt(double v) { return String.format("%.4f", v); }
}
