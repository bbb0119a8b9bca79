package org.nnbook.exercise;

import org.junit.jupiter.api.Test;

import java.util.Set;

/** Each check of notebook 14 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises14Test extends VerdictChecks {

    static double bias(double[] r, double[] b, double mu, double lambda, boolean userBiases, String denominator) {
        double s = 0;
        for (int k = 0; k < r.length; k++) s += r[k] - mu - (userBiases ? b[k] : 0);
        return switch (denominator) {
            case "lambda+n" -> s / (lambda + r.length);
            case "n" -> s / r.length;
            default -> (s + lambda) / r.length;
        };
    }

    @Test
    void itemBias() {
        right(Exercises14.itemBias((r, b, mu, l) -> bias(r, b, mu, l, true, "lambda+n")));
        notYet(Exercises14.itemBias((r, b, mu, l) -> bias(r, b, mu, l, true, "n")), "not shrunk", "denominator");
        notYet(Exercises14.itemBias((r, b, mu, l) -> bias(r, b, mu, l, false, "lambda+n")), "ignores the raters' own biases");
        notYet(Exercises14.itemBias((r, b, mu, l) -> bias(r, b, mu, l, true, "other")), "λ is in the wrong place");
        notYet(Exercises14.itemBias((r, b, mu, l) -> mu + bias(r, b, mu, l, true, "lambda+n")), "μ + b_i");
        notYet(Exercises14.itemBias((r, b, mu, l) -> starter()), "starter");
    }

    static double ndcg(int[] list, Set<Integer> relevant, int k, boolean normalise, boolean idealOverAll, int rankFrom) {
        double dcg = 0, ideal = 0;
        for (int j = 0; j < k; j++) if (relevant.contains(list[j])) dcg += 1 / (Math.log(j + 1 + rankFrom) / Math.log(2));
        for (int j = 0; j < (idealOverAll ? relevant.size() : Math.min(k, relevant.size())); j++) ideal += 1 / (Math.log(j + 2) / Math.log(2));
        return normalise ? (ideal == 0 ? 0 : dcg / ideal) : dcg;
    }

    @Test
    void ndcgAtK() {
        right(Exercises14.ndcg((list, rel, k) -> ndcg(list, rel, k, true, false, 1)));
        notYet(Exercises14.ndcg((list, rel, k) -> ndcg(list, rel, k, false, false, 1)), "not normalised");
        notYet(Exercises14.ndcg((list, rel, k) -> ndcg(list, rel, k, true, true, 1)), "more than the 10 places", "min(k, number relevant)");
        notYet(Exercises14.ndcg((list, rel, k) -> {
            int hits = 0;
            for (int j = 0; j < k; j++) if (rel.contains(list[j])) hits++;
            return (double) hits / k;
        }), "precision@k");
        notYet(Exercises14.ndcg((list, rel, k) -> starter()), "starter");
    }

    static double[][] gradient(double[] p, double[] q, double mu, double bu, double bi, double r, double factor, boolean swap, double biasFactor) {
        double e = mu + bu + bi - r;
        for (int k = 0; k < p.length; k++) e += p[k] * q[k];
        double[] dp = new double[p.length], dq = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            dp[k] = factor * e * (swap ? p[k] : q[k]);
            dq[k] = factor * e * (swap ? q[k] : p[k]);
        }
        return new double[][] {dp, dq, {biasFactor * e}, {biasFactor * e}};
    }

    @Test
    void ratingGradient() {
        right(Exercises14.ratingGradient((p, q, mu, bu, bi, r) -> gradient(p, q, mu, bu, bi, r, 2, false, 2)));
        notYet(Exercises14.ratingGradient((p, q, mu, bu, bi, r) -> gradient(p, q, mu, bu, bi, r, 1, false, 1)), "half the right ones", "2e");
        notYet(Exercises14.ratingGradient((p, q, mu, bu, bi, r) -> gradient(p, q, mu, bu, bi, r, -2, false, -2)), "wrong way");
        notYet(Exercises14.ratingGradient((p, q, mu, bu, bi, r) -> gradient(p, q, mu, bu, bi, r, 2, true, 2)), "swapped");
        notYet(Exercises14.ratingGradient((p, q, mu, bu, bi, r) -> gradient(p, q, mu, bu, bi, r, 2, false, 1)), "biases' gradients");
        notYet(Exercises14.ratingGradient((p, q, mu, bu, bi, r) -> new double[][] {p}), "not {dp");
        notYet(Exercises14.ratingGradient((p, q, mu, bu, bi, r) -> starter()), "starter");
    }
}
