package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nnbook.explain.PermutationImportance;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Each check of notebook 16 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises16Test extends VerdictChecks {

    static double[] ig(Function<double[], double[]> gradient, double[] x, double[] b, int m, int from, int to, boolean divide, boolean times) {
        double[] total = new double[x.length];
        for (int k = from; k <= to; k++) {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) p[i] = b[i] + (double) k / m * (x[i] - b[i]);
            double[] g = gradient.apply(p);
            for (int i = 0; i < x.length; i++) total[i] += g[i];
        }
        for (int i = 0; i < x.length; i++) total[i] = total[i] / (divide ? m : 1) * (times ? x[i] - b[i] : 1);
        return total;
    }

    @Test
    void integratedGradients() {
        right(Exercises16.integratedGradients((g, x, b, m) -> ig(g, x, b, m, 1, m, true, true)));
        notYet(Exercises16.integratedGradients((g, x, b, m) -> ig(g, x, b, m, 0, m - 1, true, true)), "left Riemann sum");
        notYet(Exercises16.integratedGradients((g, x, b, m) -> ig(g, x, b, m, 1, m, true, false)), "average gradient", "x_i − x'_i");
        notYet(Exercises16.integratedGradients((g, x, b, m) -> ig(g, x, b, m, 1, m, false, true)), "not divided by m");
        notYet(Exercises16.integratedGradients((g, x, b, m) -> ig(g, x, b, m, m, m, false, true)), "gradient × input");
        notYet(Exercises16.integratedGradients((g, x, b, m) -> new double[1]), "one per input");
        notYet(Exercises16.integratedGradients((g, x, b, m) -> starter()), "starter");
    }

    static double importance(PermutationImportance.Scorer scorer, double[][] x, int j, int[] order, String mistake) {
        double base = scorer.score(x);
        double[][] s = new double[x.length][];
        for (int i = 0; i < x.length; i++) s[i] = x[i].clone();
        for (int i = 0; i < x.length; i++) {
            switch (mistake) {
                case "rows" -> s[i] = x[order[i]].clone();
                case "inverse" -> s[order[i]][j] = x[i][j];
                default -> s[i][j] = x[order[i]][j];
            }
        }
        if (mistake.equals("in place")) for (int i = 0; i < x.length; i++) x[i] = s[i];
        double shuffled = scorer.score(s);
        return mistake.equals("sign") ? shuffled - base : base - shuffled;
    }

    @Test
    void permutationImportance() {
        right(Exercises16.permutationImportance((s, x, j, o) -> importance(s, x, j, o, "none")));
        notYet(Exercises16.permutationImportance((s, x, j, o) -> importance(s, x, j, o, "sign")), "wrong sign");
        notYet(Exercises16.permutationImportance((s, x, j, o) -> importance(s, x, j, o, "rows")), "whole rows");
        notYet(Exercises16.permutationImportance((s, x, j, o) -> importance(s, x, j, o, "inverse")), "other way round");
        notYet(Exercises16.permutationImportance((s, x, j, o) -> importance(s, x, j, o, "in place")), "changed the caller's x");
        notYet(Exercises16.permutationImportance((s, x, j, o) -> starter()), "starter");
    }

    static double[][] occlusion(ToDoubleFunction<double[][]> score, double[][] image, int p, double fill, String mistake) {
        int h = image.length, w = image[0].length;
        double base = score.applyAsDouble(image);
        double[][] map = new double[h][w], work = null;
        for (int top = 0; top < h; top += p)
            for (int left = 0; left < w; left += p) {
                if (work == null || !mistake.equals("cumulative")) {
                    work = new double[h][];
                    for (int i = 0; i < h; i++) work[i] = image[i].clone();
                }
                double v = mistake.equals("zero") ? 0 : fill;
                for (int i = top; i < top + p; i++) for (int j = left; j < left + p; j++) work[i][j] = v;
                double s = score.applyAsDouble(work), d = switch (mistake) { case "sign" -> s - base; case "raw" -> s; default -> base - s; };
                for (int i = top; i < top + p; i++) for (int j = left; j < left + p; j++) map[i][j] = d;
            }
        return map;
    }

    @Test
    void occlusionMap() {
        right(Exercises16.occlusionMap((s, im, p, f) -> occlusion(s, im, p, f, "none")));
        notYet(Exercises16.occlusionMap((s, im, p, f) -> occlusion(s, im, p, f, "sign")), "wrong sign");
        notYet(Exercises16.occlusionMap((s, im, p, f) -> occlusion(s, im, p, f, "cumulative")), "stay filled");
        notYet(Exercises16.occlusionMap((s, im, p, f) -> occlusion(s, im, p, f, "zero")), "filled with 0");
        notYet(Exercises16.occlusionMap((s, im, p, f) -> occlusion(s, im, p, f, "raw")), "not its drop");
        notYet(Exercises16.occlusionMap((s, im, p, f) -> new double[1][1]), "is not");
        notYet(Exercises16.occlusionMap((s, im, p, f) -> starter()), "starter");
    }
}
