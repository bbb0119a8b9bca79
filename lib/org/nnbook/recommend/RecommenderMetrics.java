package org.nnbook.recommend;

import org.nnbook.data.Ratings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How good a recommender is, in the two ways it is used.
 * <ul>
 *   <li>Predicting ratings: the root mean squared error, {@code RMSE = sqrt(mean (r̂ − r)²)}, in stars.</li>
 *   <li>Ranking: for each user, every item not rated in the training data is scored, and the 10 best
 *       are recommended; the user's held-out items rated at least {@code 4} stars are the relevant ones.
 *       Precision@k = relevant among the k / k; recall@k = relevant among the k / all relevant;
 *       NDCG@k = Σ over relevant ones at rank j (1-based) of 1 / log₂(j + 1), divided by the same sum for
 *       a perfect list (Järvelin and Kekäläinen, 2002). Each is averaged over the users who have a relevant item.</li>
 * </ul>
 */
public final class RecommenderMetrics {
    private RecommenderMetrics() {}

    /** Root mean squared error of {@code model} on {@code test}. */
    public static double rmse(Predictor model, Ratings test) {
        double[] yHat = model.predict(test.users(), test.items());
        float[] y = test.ratings();
        double s = 0;
        for (int n = 0; n < y.length; n++) s += (yHat[n] - y[n]) * (yHat[n] - y[n]);
        return Math.sqrt(s / y.length);
    }

    /**
     * How much lower model b's mean squared error is than model a's on the same test ratings, and how
     * sure that is: {@code meanDifference} = mean over ratings of (â − r)² − (b̂ − r)², positive when b
     * is better; {@code standardError} its standard error with the ratings grouped by person (one
     * person's ratings are not independent draws, so the sum of each person's differences is the unit:
     * SE = √(U/(U−1) Σ_u (D_u − n_u·mean)²) / N for U persons, D_u and n_u a person's sum and count, N
     * all ratings). A difference of three standard errors or more is not luck of the test set.
     */
    public record Paired(double meanDifference, double standardError, int ratings, int persons) {
        /** meanDifference / standardError. */
        public double z() { return meanDifference / standardError; }

        @Override
        public String toString() {
            return String.format("mean squared error lower by %.4f ± %.4f (%.1f standard errors; %,d ratings of %,d persons)", meanDifference,
                    standardError, z(), ratings, persons);
        }
    }

    /** See {@link Paired}: model b against model a on {@code test}. */
    public static Paired squaredErrorDifference(Predictor a, Predictor b, Ratings test) {
        double[] aHat = a.predict(test.users(), test.items()), bHat = b.predict(test.users(), test.items());
        float[] y = test.ratings();
        int n = y.length;
        if (n == 0) throw new IllegalArgumentException("squaredErrorDifference needs at least one test rating.");
        double[] perPerson = new double[test.numUsers()];
        int[] count = new int[test.numUsers()];
        double total = 0;
        for (int r = 0; r < n; r++) {
            double d = (aHat[r] - y[r]) * (aHat[r] - y[r]) - (bHat[r] - y[r]) * (bHat[r] - y[r]);
            perPerson[test.users()[r]] += d;
            count[test.users()[r]]++;
            total += d;
        }
        double mean = total / n, spread = 0;
        int persons = 0;
        for (int u = 0; u < count.length; u++) {
            if (count[u] == 0) continue;
            persons++;
            double dev = perPerson[u] - count[u] * mean;
            spread += dev * dev;
        }
        double se = persons < 2 ? Double.NaN : Math.sqrt(persons / (persons - 1.0) * spread) / n;
        return new Paired(mean, se, n, persons);
    }

    /** Precision, recall and NDCG at k, averaged over {@code users} users. */
    public record Ranking(int k, double precision, double recall, double ndcg, int users) {
        @Override
        public String toString() {
            return String.format("P@%d %.4f, R@%d %.4f, NDCG@%d %.4f (%d users)", k, precision, k, recall, k, ndcg, users);
        }
    }

    /**
     * Ranking quality of {@code model}'s top {@code k} among the items each user did not rate in {@code seen};
     * relevant: the user's ratings in {@code test} of at least {@code threshold} stars.
     */
    public static Ranking ranking(Predictor model, Ratings seen, Ratings test, int k, double threshold) {
        int numItems = seen.numItems();
        List<boolean[]> seenBy = new ArrayList<>(), relevantTo = new ArrayList<>();
        for (int u = 0; u < seen.numUsers(); u++) {
            seenBy.add(new boolean[numItems]);
            relevantTo.add(null);
        }
        for (int n = 0; n < seen.size(); n++) seenBy.get(seen.users()[n])[seen.items()[n]] = true;
        for (int n = 0; n < test.size(); n++) {
            if (test.ratings()[n] < threshold) continue;
            int u = test.users()[n];
            if (relevantTo.get(u) == null) relevantTo.set(u, new boolean[numItems]);
            relevantTo.get(u)[test.items()[n]] = true;
        }
        double p = 0, r = 0, ndcg = 0;
        int users = 0;
        int[] allItems = new int[numItems];
        Arrays.setAll(allItems, i -> i);
        for (int u = 0; u < seen.numUsers(); u++) {
            boolean[] relevant = relevantTo.get(u);
            if (relevant == null) continue;
            int[] same = new int[numItems];
            Arrays.fill(same, u);
            int[] top = topK(model.predict(same, allItems), seenBy.get(u), k);
            int hits = 0, total = 0;
            double dcg = 0, ideal = 0;
            for (boolean b : relevant) if (b) total++;
            for (int j = 0; j < top.length; j++)
                if (relevant[top[j]]) {
                    hits++;
                    dcg += 1 / log2(j + 2);
                }
            for (int j = 0; j < Math.min(k, total); j++) ideal += 1 / log2(j + 2);
            p += (double) hits / k;
            r += (double) hits / total;
            ndcg += dcg / ideal;
            users++;
        }
        return new Ranking(k, p / users, r / users, ndcg / users, users);
    }

    /** The k items of highest score that are not excluded, best first (ties: the lower item number first). */
    static int[] topK(double[] score, boolean[] excluded, int k) {
        int[] best = new int[k];
        int n = 0;
        for (int i = 0; i < score.length; i++) {
            if (excluded[i]) continue;
            if (n == k && !(score[i] > score[best[k - 1]])) continue;
            int j = Math.min(n, k - 1);
            while (j > 0 && score[i] > score[best[j - 1]]) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
            if (n < k) n++;
        }
        return Arrays.copyOf(best, n);
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /**
     * RMSE of {@code model} on {@code test} grouped by how many ratings each test rating's item has in
     * {@code train} (the cold-start problem): group g holds those with {@code edges[g] <= count < edges[g + 1]}
     * (the last group is open). Returns {rmse per group (NaN when empty), ratings per group}.
     */
    public static double[][] rmseByItemCount(Predictor model, Ratings train, Ratings test, int[] edges) {
        return rmseByCount(model, test, train.countsPerItem(), test.items(), edges);
    }

    /** The same, grouped by how many ratings the user has in {@code train}. */
    public static double[][] rmseByUserCount(Predictor model, Ratings train, Ratings test, int[] edges) {
        return rmseByCount(model, test, train.countsPerUser(), test.users(), edges);
    }

    private static double[][] rmseByCount(Predictor model, Ratings test, int[] countOf, int[] idsOf, int[] edges) {
        double[] yHat = model.predict(test.users(), test.items());
        double[] sum = new double[edges.length], rmse = new double[edges.length], n = new double[edges.length];
        for (int t = 0; t < yHat.length; t++) {
            int c = countOf[idsOf[t]], g = edges.length - 1;
            while (g > 0 && c < edges[g]) g--;
            double e = yHat[t] - test.ratings()[t];
            sum[g] += e * e;
            n[g]++;
        }
        for (int g = 0; g < edges.length; g++) rmse[g] = n[g] == 0 ? Double.NaN : Math.sqrt(sum[g] / n[g]);
        return new double[][] {rmse, n};
    }
}
