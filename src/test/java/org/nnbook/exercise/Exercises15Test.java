package org.nnbook.exercise;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

/** Each check of notebook 15 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises15Test extends VerdictChecks {

    static double kl(double[] mu, double[] logVar, double half, double minusOne, boolean exp) {
        double s = 0;
        for (int j = 0; j < mu.length; j++) s += half * (mu[j] * mu[j] + (exp ? Math.exp(logVar[j]) : logVar[j]) - logVar[j] - minusOne);
        return s;
    }

    @Test
    void klDivergence() {
        right(Exercises15.klDivergence((mu, lv) -> kl(mu, lv, 0.5, 1, true)));
        notYet(Exercises15.klDivergence((mu, lv) -> kl(mu, lv, 1, 1, true)), "twice the right one");
        notYet(Exercises15.klDivergence((mu, lv) -> kl(mu, lv, 0.5, 1, false)), "log σ² where σ² belongs");
        notYet(Exercises15.klDivergence((mu, lv) -> -kl(mu, lv, 0.5, 1, true)), "negative");
        notYet(Exercises15.klDivergence((mu, lv) -> kl(mu, lv, 0.5, 0, true)), "the prior itself");
        notYet(Exercises15.klDivergence((mu, lv) -> starter()), "starter");
    }

    static double[][] stamps(double[][] x, double[][] k, int s, boolean flip, boolean ignoreStride) {
        int h = x.length, w = x[0].length, n = k.length, step = ignoreStride ? 1 : s;
        double[][] out = new double[(h - 1) * s + n][(w - 1) * s + n];
        for (int y = 0; y < h; y++) for (int c = 0; c < w; c++)
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)
                out[y * step + i][c * step + j] += x[y][c] * (flip ? k[n - 1 - i][n - 1 - j] : k[i][j]);
        return out;
    }

    @Test
    void transposedConvolution() {
        right(Exercises15.transposedConvolution((x, k, s) -> stamps(x, k, s, false, false)));
        notYet(Exercises15.transposedConvolution((x, k, s) -> stamps(x, k, s, true, false)), "flipped");
        notYet(Exercises15.transposedConvolution((x, k, s) -> stamps(x, k, s, false, true)), "differs from ConvTranspose2D's at");
        notYet(Exercises15.transposedConvolution((x, k, s) -> new double[x.length][x[0].length]), "it should be");
        notYet(Exercises15.transposedConvolution((x, k, s) -> starter()), "starter");
    }

    static double bce(double t) { return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))); }

    @Test
    void discriminatorLoss() {
        right(Exercises15.discriminatorLoss((r, f) -> Arrays.stream(r).map(t -> bce(-t)).average().orElse(0) + Arrays.stream(f).map(Exercises15Test::bce).average().orElse(0)));
        notYet(Exercises15.discriminatorLoss((r, f) -> Arrays.stream(r).map(t -> Math.log(1 + Math.exp(-t))).average().orElse(0)
                + Arrays.stream(f).map(t -> Math.log(1 + Math.exp(t))).average().orElse(0)), "overflows");
        notYet(Exercises15.discriminatorLoss((r, f) -> Arrays.stream(r).map(t -> -Math.log(1 / (1 + Math.exp(-t)))).average().orElse(0)
                + Arrays.stream(f).map(t -> -Math.log(1 - 1 / (1 + Math.exp(-t)))).average().orElse(0)), "overflows");
        notYet(Exercises15.discriminatorLoss((r, f) -> Arrays.stream(r).map(Exercises15Test::bce).average().orElse(0) + Arrays.stream(f).map(t -> bce(-t)).average().orElse(0)), "swapped");
        notYet(Exercises15.discriminatorLoss((r, f) -> Arrays.stream(r).map(t -> bce(-t)).average().orElse(0)), "only the real");
        notYet(Exercises15.discriminatorLoss((r, f) -> Arrays.stream(r).map(t -> bce(-t)).sum() + Arrays.stream(f).map(Exercises15Test::bce).sum()), "sums over the images");
        notYet(Exercises15.discriminatorLoss((r, f) -> starter()), "starter");
    }
}
