package org.nnbook.exercise;

import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.compress.Pruning;
import org.nnbook.compress.Quantization;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Dense;

import java.util.Arrays;
import java.util.Random;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 06 (model compression), each against the library on random inputs:
 * magnitude pruning (6.1, against {@link Pruning}), symmetric quantisation codes (6.2, against
 * {@link Quantization}) and the gradient of a shared weight in Deep Compression (6.3: the sum of
 * its cluster's gradients; Han, Mao and Dally, 2016, figure 3).
 */
public final class Exercises06 {
    private Exercises06() {}

    /** A student's magnitude pruning: a copy of {@code w} with the fraction {@code sparsity} of smallest |w| set to 0. */
    @FunctionalInterface public interface Prune { double[] apply(double[] w, double sparsity); }

    /** A student's symmetric quantiser: the codes q = round(w / s) of {@code w}, s = max|w| / (2^(bits−1) − 1). */
    @FunctionalInterface public interface Quantize { int[] apply(double[] w, int bits); }

    /** A student's centroid gradient: dL/dc for k centroids from the weights' gradients and each weight's cluster (−1: pruned). */
    @FunctionalInterface public interface CentroidGradient { double[] apply(double[] weightGrad, int[] cluster, int k); }

    /** Exercise 6.1: the student's pruning on 5 random weight arrays at sparsities 0 to 1, against {@link Pruning#layerwise}. */
    public static Verdict prune(Prune answer) {
        return Exercise.check("Exercise 6.1 (magnitude pruning)", () -> {
            Random rng = new Random(61);
            double[] sparsities = {0.5, 0.9, 0.3, 0.0, 1.0};
            for (int c = 0; c < sparsities.length; c++) {
                int rows = 4 + c, cols = 5;
                double[] w = rng.doubles(rows * cols).map(x -> rng.nextGaussian()).toArray();
                double s = sparsities[c];
                Dense d = new Dense(rows, cols);
                d.weight().set(Nd4j.create(w, new long[]{rows, cols}, 'c').castTo(d.weight().value().dataType()));
                Pruning.layerwise(Sequential.of(d), s).apply();
                double[] want = d.weight().value().dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
                for (int i = 0; i < w.length; i++) want[i] = want[i] != 0 ? w[i] : 0.0;   // the float32 layer's choice, the double values (and +0.0)
                double[] got = answer.apply(w.clone(), s);
                String input = String.format("%d weights at sparsity %.1f", w.length, s);
                if (got == null || got.length != w.length)
                    return notYet("for " + input + " you returned " + (got == null ? "null" : got.length + " numbers") + ".", "return a copy of w, of its length, with the pruned weights set to 0.");
                long zeros = Arrays.stream(got).filter(x -> x == 0).count(), wantZeros = Arrays.stream(want).filter(x -> x == 0).count();
                if (same(got, want)) continue;
                for (int i = 0; i < w.length; i++)
                    if (got[i] != 0 && got[i] != w[i])
                        return notYet(String.format("for %s you changed weight %d from %.4f to %.4f.", input, i, w[i], got[i]), "pruning only sets weights to zero; the others keep their values.");
                if (zeros != wantZeros)
                    return notYet(String.format("for %s you zeroed %d weights, not %d.", input, zeros, wantZeros),
                            "the fraction s of n weights is round(s·n) of them" + (Math.abs(zeros - wantZeros) == 1 ? ": check < against ≤, or where you round." : "."));
                int i = 0;
                while (got[i] != 0 == (want[i] != 0)) i++;
                String what = String.format("for %s you %s weight %d, %.4f.", input, got[i] == 0 ? "pruned" : "kept", i, w[i]);
                if (same(got, pruneBy(w, s, x -> x))) return notYet(what, "the smallest weights in magnitude go: −2.0 matters more than 0.1.");
                if (same(got, pruneBy(w, s, x -> -Math.abs(x)))) return notYet(what, "you pruned the largest weights: the ones of smallest |w| go.");
                return notYet(what, "the weights of smallest |w| go, the largest stay.");
            }
            return right("right on 5 random arrays at sparsities 0 to 1: the same weights as Pruning.layerwise.");
        });
    }

    /** Equal as numbers (−0.0 = 0.0, unlike Arrays.equals). */
    private static boolean same(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    /** w with the round(s·n) weights of smallest key(w) set to zero. */
    private static double[] pruneBy(double[] w, double s, java.util.function.DoubleUnaryOperator key) {
        Integer[] order = new Integer[w.length];
        for (int i = 0; i < w.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(key.applyAsDouble(w[a]), key.applyAsDouble(w[b])));
        double[] out = w.clone();
        for (int r = 0; r < Math.round(s * w.length); r++) out[order[r]] = 0;
        return out;
    }

    /** Exercise 6.2: the student's codes for 6 random arrays at 8, 4 and 2 bits, against {@link Quantization} with one scale per array. */
    public static Verdict quantize(Quantize answer) {
        return Exercise.check("Exercise 6.2 (symmetric quantisation)", () -> {
            Random rng = new Random(62);
            int[] bitsPerCase = {8, 8, 4, 4, 2, 8};
            for (int c = 0; c < bitsPerCase.length; c++) {
                int bits = bitsPerCase[c], qmax = Quantization.maxCode(bits);
                double spread = (c + 1) * 0.1;
                double[] w = rng.doubles(40).map(x -> rng.nextGaussian() * spread).toArray();
                if (c == 5) for (int i = 0; i < w.length; i++) w[i] = Math.abs(w[i]);     // all positive: still symmetric
                var arr = Nd4j.create(w, new long[]{1, w.length}, 'c');
                float s = Quantization.tensorScale(arr, bits);
                int[] want = Quantization.quantize(arr, new float[]{s}, bits).data().asInt();
                int[] got = answer.apply(w.clone(), bits);
                String input = String.format("%d weights, %d bits (codes −%d to %d)", w.length, bits, qmax, qmax);
                if (got == null || got.length != w.length)
                    return notYet("for " + input + " you returned " + (got == null ? "null" : got.length + " codes") + ".", "one code per weight.");
                if (Arrays.equals(got, want)) continue;
                int i = 0;
                while (got[i] == want[i]) i++;
                String what = String.format("for %s, weight %d = %.5f gets code %d from you, %d from Quantization (scale %.5f).", input, i, w[i], got[i], want[i], s);
                int max = Arrays.stream(got).map(Math::abs).max().orElse(0);
                if (max > qmax) return notYet(what, "your largest code is " + max + ": with " + bits + " bits the symmetric codes stop at 2^(bits−1) − 1 = " + qmax + ".");
                if (max < qmax - 1 && Arrays.stream(got).min().orElse(0) >= 0 && c == 5)
                    return notYet(what, "the scale maps the largest |w| to the largest code, whatever the smallest w is.");
                if (got[i] == (int) (w[i] / s)) return notYet(what, "round to the nearest code; a cast to int cuts towards zero.");
                if (max < qmax - 1 || c == 5) return notYet(what, "is your scale max|w| / (2^(bits−1) − 1)? Its largest |w| should get the largest code.");
                return notYet(what, "q = round(w / s) with s = max|w| / (2^(bits−1) − 1).");
            }
            return right("the same codes as Quantization on 6 random arrays, 8, 4 and 2 bits.");
        });
    }

    /** Exercise 6.3: the student's centroid gradients on 4 random cases, some clusters empty, some weights pruned. */
    public static Verdict centroidGradient(CentroidGradient answer) {
        return Exercise.check("Exercise 6.3 (the gradient of a shared weight)", () -> {
            Random rng = new Random(63);
            int[][] cases = {{12, 3}, {50, 4}, {40, 8}, {30, 16}};   // weights, clusters
            for (int[] c : cases) {
                int n = c[0], k = c[1];
                double[] g = rng.doubles(n).map(x -> rng.nextGaussian()).toArray();
                int[] cluster = rng.ints(n, -1, k - (k > 4 ? 2 : 0)).toArray();   // −1: pruned; with 8 or 16 clusters the last two are empty
                double[] want = new double[k], mean = new double[k];
                int[] count = new int[k];
                for (int i = 0; i < n; i++) if (cluster[i] >= 0) { want[cluster[i]] += g[i]; count[cluster[i]]++; }
                for (int j = 0; j < k; j++) mean[j] = count[j] == 0 ? 0 : want[j] / count[j];
                double[] got = answer.apply(g.clone(), cluster.clone(), k);
                String input = String.format("%d weights in %d clusters", n, k);
                if (got == null || got.length != k)
                    return notYet("for " + input + " you returned " + (got == null ? "null" : got.length + " numbers") + ".", "one gradient per centroid: k numbers.");
                if (ArrayChecks.maxDiff(got, want) <= 1e-9) continue;
                int j = 0;
                while (Math.abs(got[j] - want[j]) <= 1e-9) j++;
                String what = String.format("for %s, dL/dc[%d] is %.4f in yours, %.4f is right.", input, j, got[j], want[j]);
                if (ArrayChecks.maxDiff(got, mean) <= 1e-9)
                    return notYet(what + " Yours is the mean of the cluster's gradients.", "moving the shared value c moves every weight of its cluster at once: their effects on L add up.");
                return notYet(what, "which weights take the value c[" + j + "]? Each of them passes its own dL/dw on to c; a pruned weight (−1) belongs to no cluster.");
            }
            return right("right on 4 random cases, pruned weights and empty clusters included. SharedWeights sums the same way.");
        });
    }
}
