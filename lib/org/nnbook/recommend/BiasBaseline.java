package org.nnbook.recommend;

import org.nnbook.data.Ratings;

/**
 * The baseline every recommender must beat: {@code r̂ = μ + b_u + b_i}, the mean rating plus how much
 * more generous user u is and how much better liked item i is (Koren, 2008, "Factorization Meets the
 * Neighborhood", section 2.1). With {@code λ = 0} and no users, it is the item's mean rating.
 *
 * <p>Fitted in closed form, alternately: each item's bias is the mean of its residuals shrunk towards 0,
 * {@code b_i = Σ_u (r_ui − μ − b_u) / (λ + n_i)}, then each user's,
 * {@code b_u = Σ_i (r_ui − μ − b_i) / (λ + n_u)}: the least-squares solution of
 * {@code Σ (r_ui − μ − b_u − b_i)² + λ (Σ b_u² + Σ b_i²)} for the other biases fixed. A movie with 2
 * ratings of 5 stars gets a smaller bias than one with 200: λ acts like λ extra ratings at the mean.
 * A user or item without ratings keeps bias 0.
 */
public final class BiasBaseline implements Predictor {
    private final double mu;
    private final double[] bu, bi;

    private BiasBaseline(double mu, double[] bu, double[] bi) {
        this.mu = mu;
        this.bu = bu;
        this.bi = bi;
    }

    /** Every prediction is the mean rating of {@code train}: the baseline of the baseline. */
    public static Predictor globalMean(Ratings train) {
        double mu = train.mean();
        return (users, items) -> {
            double[] y = new double[users.length];
            java.util.Arrays.fill(y, mu);
            return y;
        };
    }

    /** Biases fitted to {@code train} with shrinkage {@code lambda} (10 alternating sweeps). */
    public static BiasBaseline fit(Ratings train, double lambda) {
        if (!(lambda >= 0)) throw new IllegalArgumentException("lambda must be >= 0, got " + lambda + ".");
        double mu = train.mean();
        double[] bu = new double[train.numUsers()], bi = new double[train.numItems()];
        int[] users = train.users(), items = train.items();
        float[] r = train.ratings();
        for (int sweep = 0; sweep < 10; sweep++) {
            double[] sumI = new double[bi.length], sumU = new double[bu.length];
            for (int n = 0; n < r.length; n++) sumI[items[n]] += r[n] - mu - bu[users[n]];
            int[] ni = train.countsPerItem(), nu = train.countsPerUser();
            for (int i = 0; i < bi.length; i++) bi[i] = sumI[i] / (lambda + Math.max(ni[i], lambda == 0 ? 1 : 0));
            for (int n = 0; n < r.length; n++) sumU[users[n]] += r[n] - mu - bi[items[n]];
            for (int u = 0; u < bu.length; u++) bu[u] = sumU[u] / (lambda + Math.max(nu[u], lambda == 0 ? 1 : 0));
        }
        return new BiasBaseline(mu, bu, bi);
    }

    public double mean() { return mu; }

    /** b_u, per user. */
    public double[] userBiases() { return bu.clone(); }

    /** b_i, per item. */
    public double[] itemBiases() { return bi.clone(); }

    @Override
    public double[] predict(int[] users, int[] items) {
        double[] y = new double[users.length];
        for (int n = 0; n < y.length; n++) y[n] = mu + bu[users[n]] + bi[items[n]];
        return y;
    }
}
