package org.nnbook.exercise;

import java.util.Arrays;
import java.util.Random;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 17 (robustness and security): one FGSM step for a given input gradient (17.1;
 * Goodfellow, Shlens and Szegedy, 2015), PGD's projection back into the ε-ball and the pixel range
 * (17.2; Madry et al., 2018), and the balanced accuracy of the loss-threshold membership attack
 * (17.3; Yeom et al., 2018). Each tries the answer on cases from a seeded {@link Random} and names what
 * a typical wrong answer did; {@code org.nnbook.robust}'s {@code Fgsm}, {@code Pgd} and
 * {@code MembershipInference} compute the same things.
 */
public final class Exercises17 {
    private Exercises17() {}

    /** Exercise 17.1's answer: the FGSM image for pixels x, the loss's gradient g at x and the budget ε. */
    @FunctionalInterface
    public interface FgsmStep { double[] of(double[] x, double[] gradient, double eps); }

    /** Exercise 17.2's answer: {@code adv} put back within ε of the original {@code x} and into [0, 1]. */
    @FunctionalInterface
    public interface Projection { double[] of(double[] adv, double[] x, double eps); }

    /** Exercise 17.3's answer: the balanced accuracy of "member when the loss is below τ". */
    @FunctionalInterface
    public interface ThresholdAccuracy { double of(double[] memberLosses, double[] nonMemberLosses, double threshold); }

    /** Exercise 17.1: {@code x' = clip(x + ε sign(g), 0, 1)}, sign(0) = 0. */
    public static Verdict fgsmStep(FgsmStep answer) {
        return Exercise.check("Exercise 17.1 (one FGSM step)", () -> {
            Random rnd = new Random(171);
            for (int n : new int[] {4, 16, 64}) {
                double[] x = new double[n], g = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = i % 4 == 0 ? 0 : i % 4 == 1 ? 1 : rnd.nextDouble();        // some pixels at the edges of [0, 1]
                    g[i] = i % 7 == 3 ? 0 : rnd.nextGaussian() * 0.01;
                }
                double eps = 0.1;
                double[] expected = new double[n], noClip = new double[n], raw = new double[n], down = new double[n];
                for (int i = 0; i < n; i++) {
                    noClip[i] = x[i] + eps * Math.signum(g[i]);
                    expected[i] = clip(noClip[i]);
                    raw[i] = clip(x[i] + eps * g[i]);
                    down[i] = clip(x[i] - eps * Math.signum(g[i]));
                }
                double[] got = answer.of(x.clone(), g.clone(), eps);
                String on = "on " + n + " pixels (ε = 0.1)";
                if (got == null || got.length != n) return notYet(on + " your answer has " + (got == null ? "no" : got.length) + " pixels, not " + n + ".",
                        "return a new image of the same length as x.");
                if (close(got, expected)) continue;
                if (close(got, noClip))
                    return notYet(on + " some of your pixels are outside [0, 1], e.g. " + worst(got) + ".", "an image's pixels stay in [0, 1]: clip after the step.");
                if (close(got, raw))
                    return notYet(on + " your step is ε times the gradient itself: it moves the pixels by ~" + String.format("%.1e", eps * 0.01) + ", far less than ε.",
                            "FGSM uses only the gradient's sign, so that every pixel moves by the whole budget ε.");
                if (close(got, down))
                    return notYet(on + " your step lowers the loss.", "an attacker wants the loss to go up: step along the gradient, not against it.");
                return notYet(on + " your image differs from the right one, e.g. at pixel " + firstDiff(got, expected) + ".",
                        "x + ε · sign(g), then clip to [0, 1].");
            }
            return right("right on 3 images, edge pixels and zero gradients included.");
        });
    }

    /** Exercise 17.2: {@code clip(clip(adv, x − ε, x + ε), 0, 1)}. */
    public static Verdict projection(Projection answer) {
        return Exercise.check("Exercise 17.2 (PGD's projection)", () -> {
            Random rnd = new Random(172);
            for (int n : new int[] {5, 20, 80}) {
                double eps = 0.1;
                double[] x = new double[n], adv = new double[n], expected = new double[n], rangeOnly = new double[n], ballOnly = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = i % 5 == 0 ? 0.02 : i % 5 == 1 ? 0.97 : rnd.nextDouble();
                    adv[i] = x[i] + (rnd.nextDouble() - 0.5) * 0.6;                    // some within ε, most beyond
                    ballOnly[i] = Math.max(x[i] - eps, Math.min(x[i] + eps, adv[i]));
                    expected[i] = clip(ballOnly[i]);
                    rangeOnly[i] = clip(adv[i]);
                }
                double[] got = answer.of(adv.clone(), x.clone(), eps);
                String on = "on " + n + " pixels (ε = 0.1)";
                if (got == null || got.length != n) return notYet(on + " your answer has " + (got == null ? "no" : got.length) + " pixels, not " + n + ".",
                        "return a new image of the same length as x.");
                if (close(got, expected)) continue;
                if (close(got, rangeOnly))
                    return notYet(on + " your pixels are in [0, 1] but some are more than ε from the original, e.g. pixel " + firstDiff(got, expected) + ".",
                            "first keep each pixel within [x − ε, x + ε].");
                if (close(got, ballOnly))
                    return notYet(on + " your pixels are within ε of the original but some are outside [0, 1]: " + worst(got) + ".",
                            "a pixel near 0 or 1 may not use all of its ε: clip to [0, 1] too.");
                return notYet(on + " your image differs from the right one, e.g. at pixel " + firstDiff(got, expected) + ".",
                        "clip each pixel of adv into [x − ε, x + ε] around the ORIGINAL x, then into [0, 1].");
            }
            return right("right on 3 images, pixels near 0 and 1 included.");
        });
    }

    /** Exercise 17.3: (share of members with loss &lt; τ + share of non-members with loss ≥ τ) / 2. */
    public static Verdict thresholdAccuracy(ThresholdAccuracy answer) {
        return Exercise.check("Exercise 17.3 (the membership attack's accuracy)", () -> {
            Random rnd = new Random(173);
            int[][] sizes = {{10, 10}, {50, 200}, {300, 30}};
            for (int[] s : sizes) {
                double[] m = new double[s[0]], nm = new double[s[1]];
                for (int i = 0; i < m.length; i++) m[i] = Math.abs(rnd.nextGaussian()) * 0.3;
                for (int i = 0; i < nm.length; i++) nm[i] = Math.abs(rnd.nextGaussian()) * 0.8;
                m[0] = 0.25;                                                          // one loss exactly at the threshold
                double tau = 0.25;
                long tp = Arrays.stream(m).filter(l -> l < tau).count(), tn = Arrays.stream(nm).filter(l -> l >= tau).count();
                double expected = (tp / (double) m.length + tn / (double) nm.length) / 2;
                double pooled = (tp + tn) / (double) (m.length + nm.length);
                double got = answer.of(m.clone(), nm.clone(), tau);
                String on = String.format("with %d members and %d non-members (τ = 0.25)", m.length, nm.length);
                if (Math.abs(got - expected) < 1e-9) continue;
                if (Math.abs(got - (1 - expected)) < 1e-9)
                    return notYet(on + " your accuracy is " + fmt(got) + ", one minus the right one.", "a member is guessed when its loss is BELOW τ: the model fits its training data better.");
                if (Math.abs(got - pooled) < 1e-9 && s[0] != s[1])
                    return notYet(on + " your accuracy is over all examples pooled, " + fmt(got) + "; with unequal groups that rewards guessing the larger one.",
                            "average the two rates: the share of members caught and the share of non-members let go.");
                if (Math.abs(got - tp / (double) m.length) < 1e-9)
                    return notYet(on + " your answer counts only the members caught (the true-positive rate).", "also count the non-members rightly let go, and average the two rates.");
                long tpLe = Arrays.stream(m).filter(l -> l <= tau).count(), tnGt = Arrays.stream(nm).filter(l -> l > tau).count();
                if (Math.abs(got - (tpLe / (double) m.length + tnGt / (double) nm.length) / 2) < 1e-9)
                    return notYet(on + " a loss exactly equal to τ counts as a member in your answer.", "member means loss < τ, strictly.");
                return notYet(on + " your accuracy is " + fmt(got) + "; the right one is " + fmt(expected) + ".",
                        "(share of members with loss < τ + share of non-members with loss ≥ τ) / 2.");
            }
            return right("right on 3 pairs of sets, of equal and unequal sizes.");
        });
    }

    private static double clip(double v) { return Math.max(0, Math.min(1, v)); }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= 1e-9)) return false;
        return true;
    }

    private static String firstDiff(double[] got, double[] expected) {
        for (int i = 0; i < got.length; i++)
            if (!(Math.abs(got[i] - expected[i]) <= 1e-9)) return i + " (yours " + fmt(got[i]) + ", right " + fmt(expected[i]) + ")";
        return "none";
    }

    private static String worst(double[] got) {
        for (int i = 0; i < got.length; i++) if (got[i] < 0 || got[i] > 1) return "pixel " + i + " = " + fmt(got[i]);
        return "none";
    }

    private static String fmt(double v) { return String.format("%.4f", v); }
}
