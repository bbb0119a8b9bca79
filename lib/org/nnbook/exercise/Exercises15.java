package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.layers.ConvTranspose2D;

import java.util.Arrays;
import java.util.Random;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 15 (image generation): the KL term of a VAE's loss (15.1; Kingma and Welling,
 * 2014, "Auto-Encoding Variational Bayes", appendix B), a transposed convolution with loops (15.2;
 * Dumoulin and Visin, 2016, "A guide to convolution arithmetic for deep learning"), checked against
 * {@link ConvTranspose2D}, and a GAN discriminator's loss from its logits, computed without overflow
 * (15.3; Goodfellow et al., 2014, "Generative Adversarial Nets"). Each tries the answer on cases from a
 * seeded {@link Random} and names what a typical wrong answer did.
 */
public final class Exercises15 {
    private Exercises15() {}

    /** Exercise 15.1's answer: KL(N(μ, diag e^{log σ²}) ‖ N(0, I)) of one image's code. */
    @FunctionalInterface
    public interface KlDivergence { double of(double[] mu, double[] logVar); }

    /** Exercise 15.2's answer: one channel in, one channel out, no padding: x (H, W), kernel (k, k) → (H−1)·stride + k square-ish output. */
    @FunctionalInterface
    public interface TransposedConvolution { double[][] of(double[][] x, double[][] kernel, int stride); }

    /** Exercise 15.3's answer: the mean BCE of the real logits against 1 plus the mean BCE of the fake logits against 0. */
    @FunctionalInterface
    public interface DiscriminatorLoss { double of(double[] realLogits, double[] fakeLogits); }

    /** Exercise 15.1: KL = ½ Σ_j (μ_j² + σ_j² − log σ_j² − 1), with σ² = exp(log σ²). */
    public static Verdict klDivergence(KlDivergence answer) {
        return Exercise.check("Exercise 15.1 (the KL term of the VAE)", () -> {
            Random rnd = new Random(151);
            double atPrior = answer.of(new double[4], new double[4]);
            if (Math.abs(atPrior + 2) < 1e-9)                           // ½ Σ (0 + log σ² − log σ² − 1) over 4 dimensions
                return notYet("at μ = 0, log σ² = 0 (the prior itself) your KL is −2: you used log σ² where σ² belongs.",
                        "the encoder outputs log σ²: σ² = exp(log σ²), which is 1 there, and a divergence is never below 0.");
            if (Math.abs(atPrior) > 1e-9)
                return notYet("at μ = 0, log σ² = 0 (the prior itself) your KL is " + fmt(atPrior) + "; a distribution's divergence from itself is 0.",
                        "each dimension contributes μ² + σ² − log σ² − 1, which is 0 + 1 − 0 − 1 there.");
            for (int d : new int[] {1, 3, 16}) {
                double[] mu = new double[d], logVar = new double[d];
                for (int j = 0; j < d; j++) {
                    mu[j] = rnd.nextGaussian();
                    logVar[j] = 1.5 * rnd.nextGaussian();
                }
                double expected = 0, noHalf, noExp = 0, noMinusOne;
                for (int j = 0; j < d; j++) {
                    expected += 0.5 * (mu[j] * mu[j] + Math.exp(logVar[j]) - logVar[j] - 1);
                    noExp += 0.5 * (mu[j] * mu[j] - 1);                 // σ² taken as log σ²: the two terms cancel
                }
                noHalf = 2 * expected;
                noMinusOne = expected + 0.5 * d;
                double got = answer.of(mu.clone(), logVar.clone());
                String on = "for a code of " + d + " dimension" + (d == 1 ? "" : "s");
                if (Math.abs(got - expected) < 1e-9 * (1 + expected)) continue;
                if (Math.abs(got - noHalf) < 1e-9 * (1 + noHalf))
                    return notYet(on + " your KL is twice the right one.", "the sum is multiplied by ½.");
                if (Math.abs(got - noMinusOne) < 1e-9 * (1 + noMinusOne))
                    return notYet(on + " your KL is ½ too large per dimension.", "each dimension's term ends with − 1, so that the prior itself scores 0.");
                if (Math.abs(got + expected) < 1e-9 * (1 + expected))
                    return notYet(on + " your KL is negative: " + fmt(got) + ".", "a KL divergence is never below 0; check the signs.");
                if (Math.abs(got - noExp) < 1e-9 * (1 + Math.abs(noExp)))
                    return notYet(on + " you used log σ² where σ² belongs.", "the encoder outputs log σ²: σ² = exp(log σ²).");
                return notYet(on + " your KL is " + fmt(got) + "; the right one is " + fmt(expected) + ".",
                        "½ Σ_j (μ_j² + σ_j² − log σ_j² − 1), with σ_j² = exp(logVar_j).");
            }
            return right("right at the prior and for codes of 1, 3 and 16 dimensions.");
        });
    }

    /** Exercise 15.2: out[y·s + i][x·s + j] += x[y][x] · k[i][j], checked against {@link ConvTranspose2D}. */
    public static Verdict transposedConvolution(TransposedConvolution answer) {
        return Exercise.check("Exercise 15.2 (a transposed convolution with loops)", () -> {
            Random rnd = new Random(152);
            int[][] cases = {{2, 2, 2, 2}, {3, 4, 3, 1}, {4, 3, 4, 2}, {3, 3, 3, 3}};     // height, width, kernel, stride
            for (int[] c : cases) {
                int h = c[0], w = c[1], k = c[2], s = c[3];
                double[][] x = random(rnd, h, w), kernel = random(rnd, k, k);
                double[][] expected = byLayer(x, kernel, s), got = answer.of(copy(x), copy(kernel), s);
                String on = String.format("for a %dx%d input, a %dx%d kernel and stride %d", h, w, k, k, s);
                int oh = expected.length, ow = expected[0].length;
                if (got == null || got.length != oh || Arrays.stream(got).anyMatch(r -> r == null || r.length != ow))
                    return notYet(on + " your output is " + (got == null ? "null" : got.length + "x" + (got.length > 0 && got[0] != null ? got[0].length : 0))
                                    + "; it should be " + oh + "x" + ow + ".",
                            "each input pixel stamps a k×k kernel, the stamps `stride` apart: the last one starts at (H − 1)·stride.");
                if (close(got, expected)) continue;
                if (close(got, byLoops(x, flipped(kernel), s)))
                    return notYet(on + " your kernel is flipped.", "a stamp is the kernel itself, scaled by the pixel: out[y·s + i][x·s + j] += x[y][x] · k[i][j].");
                return notYet(on + " your output differs from ConvTranspose2D's at " + firstDifference(got, expected) + ".",
                        "every input pixel (y, x) adds x[y][x] · k[i][j] to out[y·stride + i][x·stride + j]; overlapping stamps add up.");
            }
            return right("right on 4 inputs, strides 1 to 3, the same as ConvTranspose2D.");
        });
    }

    /** Exercise 15.3: mean softplus(−r) over real logits + mean softplus(f) over fake ones, softplus(t) = log(1 + e^t) computed stably. */
    public static Verdict discriminatorLoss(DiscriminatorLoss answer) {
        return Exercise.check("Exercise 15.3 (the discriminator's loss)", () -> {
            Random rnd = new Random(153);
            double[][][] cases = {
                    {{0.5, -1, 2}, {-0.3, 0.8}},
                    {gaussian(rnd, 8, 3), gaussian(rnd, 5, 3)},
                    {{40, 60}, {-50, -45, -70}},                 // a discriminator that is sure and right
                    {{-120, 3}, {150, 0}},                       // sure and wrong: 1 − σ(150) is 0 in doubles
                    {{-800, 2}, {750, -1}},                      // e^800 is infinity: log(1 + e^t) overflows
            };
            for (double[][] c : cases) {
                double[] real = c[0], fake = c[1];
                double expected = mean(real, r -> softplus(-r)) + mean(fake, Exercises15::softplus);
                double got = answer.of(real.clone(), fake.clone());
                String on = "for real logits " + Arrays.toString(real) + " and fake logits " + Arrays.toString(fake);
                if (Math.abs(got - expected) < 1e-7 * (1 + Math.abs(expected))) continue;
                if (!Double.isFinite(got))
                    return notYet(on + " your loss is " + got + "; the right one is " + fmt(expected) + ".",
                            "−log(1 − σ(t)) = log(1 + e^t), and for large t e^t overflows and 1 − σ(t) rounds to 0: write it as max(t, 0) + log(1 + e^{−|t|}); −log σ(t) is the same with −t.");
                double swapped = mean(real, Exercises15::softplus) + mean(fake, f -> softplus(-f));
                if (Math.abs(got - swapped) < 1e-7 * (1 + Math.abs(swapped)))
                    return notYet(on + " your labels are swapped.", "D should say 1 (real) to real images: their loss is −log σ(r).");
                double realOnly = mean(real, r -> softplus(-r));
                if (Math.abs(got - realOnly) < 1e-7 * (1 + realOnly))
                    return notYet(on + " your loss has only the real images' term.", "D must also say 0 to generated images: add the mean of −log(1 − σ(f)).");
                double summed = Arrays.stream(real).map(r -> softplus(-r)).sum() + Arrays.stream(fake).map(Exercises15::softplus).sum();
                if (Math.abs(got - summed) < 1e-7 * (1 + summed))
                    return notYet(on + " your loss sums over the images.", "take the mean of each term (over the real, then over the fake logits), then add the two.");
                return notYet(on + " your loss is " + fmt(got) + "; the right one is " + fmt(expected) + ".",
                        "mean of −log σ(r) over real logits plus mean of −log(1 − σ(f)) over fake ones.");
            }
            return right("right on 5 cases, logits of ±800 included.");
        });
    }

    private interface Fn { double apply(double t); }

    private static double softplus(double t) { return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))); }

    private static double mean(double[] v, Fn f) { return Arrays.stream(v).map(f::apply).average().orElse(0); }

    private static double[] gaussian(Random rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * rnd.nextGaussian();
        return v;
    }

    private static double[][] random(Random rnd, int h, int w) {
        double[][] a = new double[h][w];
        for (double[] row : a) for (int j = 0; j < w; j++) row[j] = Math.round(rnd.nextGaussian() * 100) / 100.0;
        return a;
    }

    private static double[][] copy(double[][] a) { return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new); }

    private static double[][] flipped(double[][] k) {
        int n = k.length;
        double[][] f = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) f[i][j] = k[n - 1 - i][n - 1 - j];
        return f;
    }

    /** The stamps, with loops (used only to recognise a flipped kernel). */
    private static double[][] byLoops(double[][] x, double[][] k, int s) {
        int h = x.length, w = x[0].length, n = k.length;
        double[][] out = new double[(h - 1) * s + n][(w - 1) * s + n];
        for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++)
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) out[y * s + i][xx * s + j] += x[y][xx] * k[i][j];
        return out;
    }

    /** The reference: the library's layer, its one weight set to the kernel, no bias. */
    private static double[][] byLayer(double[][] x, double[][] k, int s) {
        int n = k.length;
        ConvTranspose2D layer = new ConvTranspose2D(1, 1, n, s, 0);
        layer.castTo(DataType.DOUBLE);
        layer.parameters().get(0).value().assign(Nd4j.createFromArray(new double[][][][] {{k}}));
        layer.parameters().get(1).value().assign(0);
        INDArray y = layer.forward(Nd4j.createFromArray(new double[][][][] {{x}}), false);
        double[][] out = new double[(int) y.size(2)][(int) y.size(3)];
        for (int i = 0; i < out.length; i++) for (int j = 0; j < out[0].length; j++) out[i][j] = y.getDouble(0, 0, i, j);
        return out;
    }

    private static boolean close(double[][] a, double[][] b) {
        for (int i = 0; i < b.length; i++) for (int j = 0; j < b[0].length; j++) if (Math.abs(a[i][j] - b[i][j]) > 1e-9 * (1 + Math.abs(b[i][j]))) return false;
        return true;
    }

    private static String firstDifference(double[][] a, double[][] b) {
        for (int i = 0; i < b.length; i++) for (int j = 0; j < b[0].length; j++)
            if (Math.abs(a[i][j] - b[i][j]) > 1e-9 * (1 + Math.abs(b[i][j])))
                return String.format("row %d, column %d: yours %.4f, the layer's %.4f", i, j, a[i][j], b[i][j]);
        return "no position";
    }

    private static String fmt(double v) { return String.format("%.4f", v); }
}
