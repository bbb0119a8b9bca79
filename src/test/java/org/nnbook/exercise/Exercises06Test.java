package org.nnbook.exercise;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Each check of notebook 06 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises06Test extends VerdictChecks {

    /** Zeroes the {@code count} weights of smallest key(w). */
    private static double[] prune(double[] w, long count, DoubleUnaryOperator key) {
        Integer[] order = new Integer[w.length];
        for (int i = 0; i < w.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> key.applyAsDouble(w[i])));
        double[] out = w.clone();
        for (int r = 0; r < count; r++) out[order[r]] = 0;
        return out;
    }

    @Test
    void prune() {
        right(Exercises06.prune((w, s) -> prune(w, Math.round(s * w.length), Math::abs)));
        notYet(Exercises06.prune((w, s) -> prune(w, Math.round(s * w.length), x -> x)), "20 weights at sparsity 0.5 you kept weight 1, -0.3325", "in magnitude");
        notYet(Exercises06.prune((w, s) -> prune(w, Math.round(s * w.length), x -> -Math.abs(x))), "you pruned the largest");
        notYet(Exercises06.prune((w, s) -> prune(w, (long) (s * w.length) + 1, Math::abs)), "you zeroed 11 weights, not 10", "round(s·n)", "< against ≤");
        notYet(Exercises06.prune((w, s) -> { double[] p = prune(w, Math.round(s * w.length), Math::abs); for (int i = 0; i < p.length; i++) p[i] = p[i] == 0 ? 0 : 1; return p; }),
                "you changed weight 6 from -0.6244 to 1.0000", "keep their values");
        notYet(Exercises06.prune((w, s) -> Arrays.copyOf(w, 3)), "you returned 3 numbers");
        notYet(Exercises06.prune((w, s) -> starter()), "starter");
    }

    private static int[] codes(double[] w, int qmax, boolean round) {
        double max = Arrays.stream(w).map(Math::abs).max().orElse(0), s = max / qmax;
        return Arrays.stream(w).mapToInt(x -> round ? (int) Math.rint(x / s) : (int) (x / s)).toArray();
    }

    @Test
    void quantize() {
        right(Exercises06.quantize((w, bits) -> codes(w, (1 << (bits - 1)) - 1, true)));
        notYet(Exercises06.quantize((w, bits) -> codes(w, 1 << (bits - 1), true)), "8 bits (codes −127 to 127)", "your largest code is 128", "2^(bits−1) − 1 = 127");
        notYet(Exercises06.quantize((w, bits) -> codes(w, (1 << (bits - 1)) - 1, false)), "a cast to int cuts towards zero");
        notYet(Exercises06.quantize((w, bits) -> {                                      // asymmetric min-max scale
            double lo = Arrays.stream(w).min().orElse(0), hi = Arrays.stream(w).max().orElse(0), s = (hi - lo) / ((1 << bits) - 1);
            return Arrays.stream(w).mapToInt(x -> (int) Math.rint(x / s)).toArray();
        }), "gets code");
        notYet(Exercises06.quantize((w, bits) -> new int[1]), "you returned 1 codes");
        notYet(Exercises06.quantize((w, bits) -> starter()), "starter");
    }

    @Test
    void centroidGradient() {
        right(Exercises06.centroidGradient((g, a, k) -> {
            double[] d = new double[k];
            for (int i = 0; i < g.length; i++) if (a[i] >= 0) d[a[i]] += g[i];
            return d;
        }));
        notYet(Exercises06.centroidGradient((g, a, k) -> {
            double[] d = new double[k];
            int[] n = new int[k];
            for (int i = 0; i < g.length; i++) if (a[i] >= 0) { d[a[i]] += g[i]; n[a[i]]++; }
            for (int j = 0; j < k; j++) if (n[j] > 0) d[j] /= n[j];
            return d;
        }), "12 weights in 3 clusters", "the mean of the cluster's gradients", "add up");
        notYet(Exercises06.centroidGradient((g, a, k) -> {
            double[] d = new double[k];
            for (int i = 0; i < g.length; i++) d[Math.max(0, a[i])] += g[i];                 // pruned weights counted into cluster 0
            return d;
        }), "dL/dc[0]", "a pruned weight (−1) belongs to no cluster");
        notYet(Exercises06.centroidGradient((g, a, k) -> {
            double[] d = new double[k];
            for (int i = 0; i < g.length; i++) d[a[i]] += g[i];
            return d;
        }), "your code threw", "ArrayIndexOutOfBounds");
        notYet(Exercises06.centroidGradient((g, a, k) -> new double[k + 1]), "you returned 4 numbers");
        notYet(Exercises06.centroidGradient((g, a, k) -> starter()), "starter");
    }
}
