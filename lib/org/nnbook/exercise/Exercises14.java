package org.nnbook.exercise;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 14 (recommendation): a film's shrunk bias (14.1; Koren, 2008, "Factorization
 * Meets the Neighborhood", section 2.1), NDCG@k of one list of recommendations (14.2; Järvelin and
 * Kekäläinen, 2002, "Cumulated Gain-Based Evaluation of IR Techniques") and the gradient of one
 * rating's squared error in matrix factorisation (14.3; Koren, Bell and Volinsky, 2009). Each tries the
 * answer on cases from a seeded {@link Random} and names what a typical wrong answer did; the library's
 * {@code BiasBaseline}, {@code RecommenderMetrics} and {@code MatrixFactorization} compute the same things.
 */
public final class Exercises14 {
    private Exercises14() {}

    /** Exercise 14.1's answer: b_i from the film's ratings, the raters' biases b_u, the mean μ and λ. */
    @FunctionalInterface
    public interface ItemBias { double of(double[] ratings, double[] userBiases, double mu, double lambda); }

    /** Exercise 14.2's answer: NDCG@k of the list {@code recommended} (best first) for the {@code relevant} items. */
    @FunctionalInterface
    public interface Ndcg { double at(int[] recommended, Set<Integer> relevant, int k); }

    /** Exercise 14.3's answer: {dL/dp_u, dL/dq_i, dL/db_u, dL/db_i} (the last two of length 1) of L = (r̂ − r)². */
    @FunctionalInterface
    public interface RatingGradient { double[][] of(double[] p, double[] q, double mu, double bu, double bi, double r); }

    /** Exercise 14.1: {@code b_i = Σ_u (r_ui − μ − b_u) / (λ + n_i)}. */
    public static Verdict itemBias(ItemBias answer) {
        return Exercise.check("Exercise 14.1 (a film's shrunk bias)", () -> {
            Random rnd = new Random(141);
            for (int n : new int[] {1, 2, 5, 30}) {
                double[] r = new double[n], b = new double[n];
                for (int k = 0; k < n; k++) {
                    r[k] = 0.5 * (1 + rnd.nextInt(10));
                    b[k] = 0.4 * rnd.nextGaussian();
                }
                double mu = 3.5, lambda = 3, residuals = 0, raw = 0;
                for (int k = 0; k < n; k++) {
                    residuals += r[k] - mu - b[k];
                    raw += r[k] - mu;
                }
                double expected = residuals / (lambda + n), got = answer.of(r.clone(), b.clone(), mu, lambda);
                String on = String.format("on %d rating%s (μ = 3.5, λ = 3)", n, n == 1 ? "" : "s");
                if (Math.abs(got - expected) < 1e-9) continue;
                if (Math.abs(got - residuals / n) < 1e-9)
                    return notYet(on + " your bias is the plain mean residual " + fmt(got) + ", not shrunk; the right one is " + fmt(expected) + ".",
                            "λ acts like λ extra ratings with residual 0: it joins the count in the denominator.");
                if (Math.abs(got - raw / (lambda + n)) < 1e-9)
                    return notYet(on + " your bias ignores the raters' own biases b_u.",
                            "a generous user's 5 stars say less about the film: subtract μ and b_u from each rating.");
                if (Math.abs(got - (residuals + lambda) / n) < 1e-9 || Math.abs(got - residuals / lambda) < 1e-9 || Math.abs(got - residuals / (lambda * n)) < 1e-9)
                    return notYet(on + " your bias is " + fmt(got) + "; the right one is " + fmt(expected) + ": λ is in the wrong place.",
                            "the sum of residuals is divided by λ + n.");
                if (Math.abs(got - (mu + expected)) < 1e-9)
                    return notYet(on + " your answer is μ + b_i, a predicted rating, not the bias.", "return the deviation from μ alone.");
                return notYet(on + " your bias is " + fmt(got) + "; the right one is " + fmt(expected) + ".",
                        "sum r − μ − b_u over the film's ratings, and divide by λ + n.");
            }
            return right("right on 4 films with 1 to 30 ratings.");
        });
    }

    /** Exercise 14.2: NDCG@k = DCG@k / the DCG@k of a perfect list, DCG@k = Σ_{j=1..k} rel_j / log₂(j + 1). */
    public static Verdict ndcg(Ndcg answer) {
        return Exercise.check("Exercise 14.2 (NDCG@k)", () -> {
            Random rnd = new Random(142);
            int[][] cases = {{10, 3}, {10, 15}, {5, 1}, {10, 0}};             // k, number of relevant items among 40
            for (int[] c : cases) {
                int k = c[0];
                int[] list = rnd.ints(0, 40).distinct().limit(k).toArray();
                Set<Integer> relevant = new TreeSet<>();
                if (c[1] == 0) relevant.add(list[0]);                          // one relevant item, at the top: a perfect list
                else while (relevant.size() < c[1]) relevant.add(rnd.nextInt(40));
                double dcg = 0, ideal = 0, dcg0 = 0, idealAll = 0;
                int hits = 0;
                for (int j = 0; j < k; j++)
                    if (relevant.contains(list[j])) {
                        dcg += 1 / log2(j + 2);
                        dcg0 += j == 0 ? 1 : 1 / log2(j + 1);
                        hits++;
                    }
                for (int j = 0; j < Math.min(k, relevant.size()); j++) ideal += 1 / log2(j + 2);
                for (int j = 0; j < relevant.size(); j++) idealAll += 1 / log2(j + 2);
                double expected = ideal == 0 ? 0 : dcg / ideal, got = answer.at(list.clone(), new TreeSet<>(relevant), k);
                String on = String.format("for a list of %d with %d relevant item%s (%d of them in the list)", k, relevant.size(), relevant.size() == 1 ? "" : "s", hits);
                if (Math.abs(got - expected) < 1e-9) continue;
                if (Math.abs(got - dcg) < 1e-9)
                    return notYet(on + " your answer is the DCG " + fmt(got) + ", not normalised.", "divide by the DCG of the best possible list, so that a perfect list scores 1.");
                if (Math.abs(got - dcg / idealAll) < 1e-9)
                    return notYet(on + " your perfect list has all " + relevant.size() + " relevant items, more than the " + k + " places.",
                            "a perfect list of k places holds min(k, number relevant) relevant items.");
                if (Math.abs(got - (double) hits / k) < 1e-9)
                    return notYet(on + " your answer is the precision@k.", "the gain of a hit at rank j is 1 / log₂(j + 1): hits near the top count more.");
                if (Math.abs(got - dcg0 / ideal) < 1e-9 || ideal > 0 && Math.abs(got * ideal - dcg0) < 1e-9)
                    return notYet(on + " your ranks seem to start at 0 in log₂(j + 1).", "the first place is rank 1: its gain is 1 / log₂ 2 = 1.");
                return notYet(on + " your NDCG is " + fmt(got) + "; the right one is " + fmt(expected) + ".",
                        "DCG = Σ over hits at rank j (1, 2, ...) of 1 / log₂(j + 1), divided by the same sum for a perfect list.");
            }
            return right("right on 4 lists, a perfect one included.");
        });
    }

    /** Exercise 14.3: for L = (r̂ − r)², r̂ = μ + b_u + b_i + p·q: dp = 2e q, dq = 2e p, db_u = db_i = 2e with e = r̂ − r. */
    public static Verdict ratingGradient(RatingGradient answer) {
        return Exercise.check("Exercise 14.3 (the gradient of one rating's error)", () -> {
            Random rnd = new Random(143);
            for (int d : new int[] {1, 3, 8}) {
                double[] p = new double[d], q = new double[d];
                for (int k = 0; k < d; k++) {
                    p[k] = rnd.nextGaussian();
                    q[k] = rnd.nextGaussian();
                }
                double mu = 3.5, bu = 0.3 * rnd.nextGaussian(), bi = 0.3 * rnd.nextGaussian(), r = 1 + rnd.nextInt(5), dot = 0;
                for (int k = 0; k < d; k++) dot += p[k] * q[k];
                double e = mu + bu + bi + dot - r;
                double[][] got = answer.of(p.clone(), q.clone(), mu, bu, bi, r);
                String on = String.format("for vectors of %d (error r̂ − r = %.3f)", d, e);
                if (got == null || got.length != 4 || got[0] == null || got[1] == null || got[2] == null || got[3] == null
                        || got[0].length != d || got[1].length != d || got[2].length != 1 || got[3].length != 1)
                    return notYet(on + " your answer is not {dp (" + d + "), dq (" + d + "), {db_u}, {db_i}}.", "return new double[][] {dp, dq, {dbu}, {dbi}}.");
                double[] dp = scaled(q, 2 * e), dq = scaled(p, 2 * e);
                if (close(got[0], dp) && close(got[1], dq) && Math.abs(got[2][0] - 2 * e) < 1e-9 && Math.abs(got[3][0] - 2 * e) < 1e-9) continue;
                if (close(got[0], scaled(q, e)) && close(got[1], scaled(p, e)))
                    return notYet(on + " your gradients are half the right ones.", "the derivative of e² is 2e.");
                if (close(got[0], scaled(q, -2 * e)) && close(got[1], scaled(p, -2 * e)))
                    return notYet(on + " your gradients point the wrong way.", "e = r̂ − r: when the prediction is too high, increasing p·q must increase the loss.");
                if (close(got[0], dq) && close(got[1], dp))
                    return notYet(on + " your dp and dq are swapped.", "r̂ depends on p through p·q: its derivative by p is q.");
                if (close(got[0], dp) && close(got[1], dq))
                    return notYet(on + " dp and dq are right, the biases' gradients are not: " + fmt(got[2][0]) + " and " + fmt(got[3][0]) + ".",
                            "r̂ grows by 1 when a bias grows by 1.");
                return notYet(on + " dp is " + Arrays.toString(got[0]) + ", the right one " + Arrays.toString(dp) + ".",
                        "with e = r̂ − r, L = e², dL/dp = 2e · dr̂/dp.");
            }
            return right("right for vectors of 1, 3 and 8 numbers.");
        });
    }

    private static double[] scaled(double[] v, double s) { return Arrays.stream(v).map(x -> x * s).toArray(); }

    private static boolean close(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) if (Math.abs(a[k] - b[k]) > 1e-9 * (1 + Math.abs(b[k]))) return false;
        return true;
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    private static String fmt(double v) { return String.format("%.4f", v); }
}
