package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.UnaryOperator;

import static org.nnbook.exercise.ArrayChecks.*;
import static org.nnbook.exercise.AttentionChecks.*;
import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 11 (attention and Transformers): scaled dot-product attention (11.1) and the
 * weights of causal self-attention (11.2), both from Vaswani et al., 2017, "Attention Is All You Need"
 * (sections 3.2.1 and 3.2.3); layer normalisation (11.3; Ba, Kiros and Hinton, 2016, "Layer
 * Normalization"); and the sinusoidal position encodings (11.4; Vaswani et al., section 3.5). Each tries
 * the answer on random float64 arrays from a seeded {@link Random}, reports a wrong shape first, and
 * names what a typical wrong answer did; the library's {@code MultiHeadAttention}, {@code LayerNorm} and
 * {@code SinusoidalPositions} compute the same things and pass these checks.
 */
public final class Exercises11 {
    private Exercises11() {}

    /** Exercise 11.1's answer: softmax(q kᵀ / √d) v for q (Tq, d), k (Tk, d), v (Tk, dv), as (Tq, dv). */
    @FunctionalInterface
    public interface ScaledDotProduct { INDArray apply(INDArray q, INDArray k, INDArray v); }

    /** Exercise 11.3's answer: layer normalisation of x (N, D) with γ (1, D), β (1, D) and ε. */
    @FunctionalInterface
    public interface Normalisation { INDArray apply(INDArray x, INDArray gamma, INDArray beta, double eps); }

    /** Exercise 11.4's answer: the position table PE (t, d). */
    @FunctionalInterface
    public interface PositionTable { INDArray of(int t, int d); }

    /** Exercise 11.1: {@code attend(q, k, v) = softmax(q kᵀ / √d) v}, the softmax over the keys of each query. */
    public static Verdict attend(ScaledDotProduct answer) {
        return Exercise.check("Exercise 11.1 (scaled dot-product attention)", () -> {
            Random rnd = new Random(111);
            for (int[] size : new int[][]{{3, 5, 4, 2}, {4, 6, 8, 3}, {2, 7, 16, 5}}) {   // Tq, Tk, d, dv: all different
                int tq = size[0], tk = size[1], d = size[2], dv = size[3];
                INDArray q = random(rnd, tq, d), k = random(rnd, tk, d), v = random(rnd, tk, dv);
                INDArray scores = q.mmul(k.transpose()), weights = softmax(scores.div(Math.sqrt(d)), 1), expected = weights.mmul(v);
                String inputs = String.format("q (%d, %d), k (%d, %d), v (%d, %d)", tq, d, tk, d, tk, dv);
                INDArray got;
                try {
                    got = answer.apply(q.dup(), k.dup(), v.dup());
                } catch (UnsupportedOperationException e) {
                    throw e;
                } catch (RuntimeException e) {
                    return notYet("your code threw " + firstLine(e) + " on " + inputs + ".",
                            "write each product's shapes down: q (Tq, d) times kᵀ (d, Tk) gives one row of scores per query; those rows times v (Tk, dv).");
                }
                if (got != null && close(got, weights))
                    return notYet("on " + inputs + " your answer is the weights softmax(q kᵀ / √d), shape " + shapeOf(got) + ", not the weighted values.",
                            "the weights say how much of each value row a query takes: use them on v.");
                if (got != null && (close(got, scores) || close(got, scores.div(Math.sqrt(d)))))
                    return notYet("on " + inputs + " your answer is the scores q kᵀ" + (close(got, scores) ? "" : " / √d") + ", shape " + shapeOf(got) + ".",
                            "the scores become weights through a softmax over the keys, and the weights are used on v.");
                String shape = shapeProblem(got, "output", expected, "attention gives one row per query, as wide as v: (Tq, dv) =");
                if (shape != null) return notYet("on " + inputs + " " + shape,
                        "q (Tq, d) times kᵀ (d, Tk) gives the scores (Tq, Tk); the weights (Tq, Tk) times v (Tk, dv) give (Tq, dv).");
                if (close(got, expected)) continue;
                if (close(got, softmax(scores, 1).mmul(v)))
                    return notYet("your answer takes the softmax of q kᵀ unscaled.", String.format("divide the scores by √d (d = %d here): for random q and k"
                            + " the dot products grow like √d, and the softmax of large scores puts nearly all the weight on one key.", d));
                if (close(got, softmax(scores.div(d), 1).mmul(v)))
                    return notYet(String.format("your answer divides the scores by d = %d.", d), "the dot product of two random d-vectors has standard deviation √d: scale by that.");
                if (close(got, softmax(scores.div(Math.sqrt(dv)), 1).mmul(v)))
                    return notYet(String.format("your answer scales the scores by √%d, the width of v.", dv), "d is the width of the queries and keys, whose dot products these are.");
                if (close(got, softmax(scores.mul(Math.sqrt(d)), 1).mmul(v)))
                    return notYet("your answer multiplies the scores by √d.", "the scale is there to make the scores smaller.");
                if (close(got, softmax(scores.div(Math.sqrt(d)), 0).mmul(v)))
                    return notYet("your softmax runs down each column of q kᵀ: its weights sum to 1 over the queries.",
                            "each query shares its attention over the keys: the weights of one query, its row, sum to 1.");
                if (close(got, scores.div(Math.sqrt(d)).mmul(v)) || close(got, scores.mmul(v)))
                    return notYet("your answer uses the scores q kᵀ on v without a softmax.", "the scores become weights (positive, summing to 1 over the keys) through a softmax.");
                return notYet("on " + inputs + " " + firstDifference(got, expected, "output"), "softmax(q kᵀ / √d) v, the softmax over each query's row of scores.");
            }
            return right("right on 3 random (q, k, v) of different sizes. Dividing by √d keeps the scores' spread the same whatever d, so the"
                    + " softmax does not saturate as the model gets wider.");
        });
    }

    /** Exercise 11.2: row i of the causal weights is the softmax of scores[i][0..i], with exactly 0 for every key j > i. */
    public static Verdict causalWeights(UnaryOperator<INDArray> answer) {
        return Exercise.check("Exercise 11.2 (a causal mask)", () -> {
            Random rnd = new Random(112);
            for (int t : new int[]{5, 6, 4}) {
                INDArray scores = random(rnd, t, t).muli(2);
                INDArray expected = maskedSoftmax(scores, (i, j) -> j <= i, Double.NEGATIVE_INFINITY);
                INDArray got = answer.apply(scores.dup());
                String shape = shapeProblem(got, "answer", expected, "the weights have the scores' shape, one row per query and one column per key:");
                if (shape != null) return notYet(shape, "mask and normalise the scores (T, T) where they are: row i holds query i's weights over the T keys.");
                if (close(got, expected)) {
                    double leak = 0;
                    for (int i = 0; i < t; i++) for (int j = i + 1; j < t; j++) leak = Math.max(leak, Math.abs(got.getDouble(i, j)));
                    if (leak != 0) return notYet(String.format("your weights are nearly right, but later keys keep weights up to %.2g instead of exactly 0.", leak),
                            "a finite penalty such as −100 leaves exp(−100) behind; a hidden key's score must be −∞ (or so low that exp gives 0).");
                    continue;
                }
                if (close(got, maskedSoftmax(scores, (i, j) -> j >= i, Double.NEGATIVE_INFINITY)))
                    return notYet("you hid the earlier keys (j < i) and kept the later ones: query i sees keys i to T − 1.",
                            "causal means a position looks back, never ahead: the keys hidden from query i are those after it, above the diagonal.");
                if (rowsClose(got, maskedSoftmax(scores, (i, j) -> j < i, Double.NEGATIVE_INFINITY), 1))
                    return notYet("you hid each position from itself too: key i gets no weight from query i, and query 0 is left with no key at all.",
                            "a position must see itself: only the keys after it (j > i) are hidden.");
                if (close(got, maskedSoftmax(scores, (i, j) -> j <= i, 0)))
                    return notYet("your later keys still get weight: you set their scores to 0 before the softmax, and exp(0) = 1.",
                            "a hidden key needs a score whose exp is 0: −∞.");
                INDArray all = softmax(scores, 1);
                if (close(got, all.mul(lowerTriangle(t))))
                    return notYet("your rows do not sum to 1: you took the softmax over all keys and then zeroed the later ones.",
                            "mask before the softmax, so that the weights of the keys left sum to 1 (or divide each row by its new sum).");
                if (close(got, all)) return notYet("your weights give the later keys weight: nothing is masked.", "key j is hidden from query i when j > i.");
                return notYet(firstDifference(got, expected, "weights"), "row i: a softmax over the scores of keys 0 to i; every later key gets 0.");
            }
            return right("right on 3 random score matrices (5 × 5, 6 × 6, 4 × 4): each query's weights sum to 1 over itself and the keys before it,"
                    + " and every later key gets exactly 0, so a decoder trained on whole sequences cannot peek at the token it must predict.");
        });
    }

    /** Exercise 11.3: per row of x (N, D), {@code (x − mean) / √(var + ε) · γ + β} with the biased variance (÷ D). */
    public static Verdict layerNorm(Normalisation answer) {
        return Exercise.check("Exercise 11.3 (layer normalisation)", () -> {
            Random rnd = new Random(113);
            DoubleBinaryOperator right = (var, e) -> Math.sqrt(var + e);
            int[][] sizes = {{4, 6}, {5, 3}, {3, 8}};
            double[] epsilons = {0.1, 0.5, 1e-3};               // large enough that where ε goes shows
            for (int trial = 0; trial < sizes.length; trial++) {
                int n = sizes[trial][0], d = sizes[trial][1];
                double eps = epsilons[trial];
                INDArray x = random(rnd, n, d).muli(2).addi(random(rnd, n, 1).muli(3));   // every row its own mean
                INDArray gamma = random(rnd, 1, d).muli(0.5).addi(1), beta = random(rnd, 1, d).muli(0.5);
                INDArray expected = normalised(x, gamma, beta, eps, true, 0, right);
                String inputs = String.format("x (%d, %d), ε = %s", n, d, eps);
                INDArray got;
                try {
                    got = answer.apply(x.dup(), gamma.dup(), beta.dup(), eps);
                } catch (UnsupportedOperationException e) {
                    throw e;
                } catch (RuntimeException e) {
                    return notYet("your code threw " + firstLine(e) + " on " + inputs + ", γ and β (1, " + d + ").",
                            "the mean and variance of each row are (N, 1) columns (keep the dimension), γ and β (1, D) rows: the column and row versions of sub, mul and add broadcast them.");
                }
                String shape = shapeProblem(got, "output", expected, "layer normalisation keeps x's shape");
                if (shape != null) return notYet("on " + inputs + " " + shape, "normalise every element of x: each row with its own mean and variance.");
                if (close(got, expected)) continue;
                if (close(got, normalised(x, gamma, beta, eps, false, 0, right)))
                    return notYet("you normalised each column over the batch: that is batch normalisation.",
                            "layer normalisation standardises each row (one example's D features) with that row's own mean and variance, whatever the rest of the batch holds.");
                if (close(got, normalised(x, gamma, beta, eps, true, 1, right)))
                    return notYet("you used the unbiased variance (the squares summed and divided by D − 1).",
                            "like PyTorch and the library's LayerNorm, divide by D: the biased variance of the row.");
                if (close(got, normalised(x, gamma, beta, eps, true, 0, (var, e) -> Math.sqrt(var) + e)))
                    return notYet("you added ε outside the square root: √σ² + ε.", "ε goes under the root, where it keeps a row of equal values from a division by 0.");
                if (close(got, normalised(x, gamma, beta, eps, true, 0, (var, e) -> var + e)) || close(got, normalised(x, gamma, beta, eps, true, 0, (var, e) -> var)))
                    return notYet("you divided by the variance, not by the standard deviation.",
                            "standardising divides by the square root of σ² + ε, so that each row ends with variance (about) 1.");
                if (close(got, normalised(x, gamma, beta, 0, true, 0, right)) || close(got, normalised(x, gamma, beta, 1e-5, true, 0, right)))
                    return notYet("your answer does not use the ε it is given (" + eps + " here).", "the check passes its own ε: use the argument eps.");
                INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, d), zeros = Nd4j.zeros(DataType.DOUBLE, 1, d);
                if (close(got, normalised(x, ones, zeros, eps, true, 0, right)))
                    return notYet("your answer is the standardised x̂ itself, without γ and β.", "after standardising, each column j is scaled by γ[j] and shifted by β[j].");
                if (close(got, normalised(x, ones, beta, eps, true, 0, right)))
                    return notYet("you forgot γ: your answer is x̂ + β.", "each column j is scaled by γ[j] before β[j] is added.");
                if (close(got, normalised(x, gamma, zeros, eps, true, 0, right)))
                    return notYet("you forgot β: your answer is x̂ · γ.", "each column j is shifted by β[j] after the scaling.");
                if (close(got, normalised(x, beta, gamma, eps, true, 0, right)))
                    return notYet("you swapped γ and β: your answer is x̂ · β + γ.", "γ scales (it starts at 1), β shifts (it starts at 0).");
                return notYet("on " + inputs + " " + firstDifference(got, expected, "output"),
                        "per row: subtract its mean, divide by √(its variance + ε), then column j times γ[j] plus β[j].");
            }
            return right("right on 3 random batches (4 × 6, 5 × 3, 3 × 8) with three values of ε: every row standardised on its own, so an"
                    + " example's output does not depend on the rest of the batch, and training and evaluation compute the same thing.");
        });
    }

    /** Exercise 11.4: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)), for even d. */
    public static Verdict positions(PositionTable answer) {
        return Exercise.check("Exercise 11.4 (sinusoidal positions)", () -> {
            for (int[] size : new int[][]{{6, 8}, {50, 16}, {20, 64}}) {
                int t = size[0], d = size[1];
                INDArray expected = table(t, d, (p, j) -> sinusoid(p, j, d, 10000));
                INDArray got = answer.of(t, d);
                String shape = shapeProblem(got, "table", expected, "PE has one row per position and one column per feature: (t, d) =");
                if (shape != null) return notYet(String.format("for t = %d, d = %d %s", t, d, shape), "row p is the code added to the vector at position p.");
                if (close(got, expected)) continue;
                String where = String.format("for t = %d, d = %d ", t, d);
                if (close(got, table(t, d, (p, j) -> sinusoid(p, j ^ 1, d, 10000))))
                    return notYet(where + "your even columns hold cosines and your odd ones sines.", "column 2i is the sine and column 2i + 1 the cosine of the same angle.");
                if (close(got, table(t, d, (p, j) -> sinusoid(p, j - j % 2, d, 10000))))
                    return notYet(where + "every column of yours is a sine.", "the odd columns 2i + 1 are cosines of the angle of column 2i: a pair is a point turning on a circle.");
                if (close(got, table(t, d, (p, j) -> j % 2 == 0 ? Math.sin(p / Math.pow(10000, (double) (j / 2) / d)) : Math.cos(p / Math.pow(10000, (double) (j / 2) / d)))))
                    return notYet(where + "your angle for pair i is p / 10000^(i/d), so even the slowest pair repeats within about 100 · 2π positions.",
                            "the exponent counts the sine's column, 2i, over d, so the wavelengths reach from 2π to nearly 10000 · 2π.");
                if (close(got, table(t, d, (p, j) -> j % 2 == 0 ? Math.sin(p / Math.pow(10000, (double) j / d)) : Math.cos(p / Math.pow(10000, (double) j / d)))))
                    return notYet(where + "your cosine in column 2i + 1 uses its own index, 10000^((2i+1)/d).", "a sine and its cosine share one angle: both use 2i, the pair's even column.");
                if (close(got, table(t, d, (p, j) -> sinusoid(p, j, d, 1000))))
                    return notYet(where + "your table uses the base 1000.", "the paper's base makes the longest wavelength nearly 10000 · 2π positions.");
                if (close(got, table(t, d, (p, j) -> sinusoid(p + 1, j, d, 10000))))
                    return notYet(where + "your first row is position 1.", "positions count from 0: in row 0 every angle is 0, so sin 0 = 0 and cos 0 = 1.");
                return notYet(where + firstDifference(got, expected, "PE"), "PE[p][2i] = sin(angle), PE[p][2i + 1] = cos(angle), angle = p / 10000^(2i/d).");
            }
            return right("right for (t, d) = (6, 8), (50, 16) and (20, 64). Each pair of columns turns at its own speed, so every position gets"
                    + " its own code, and the code of p + k is a rotation of that of p, the same for every p.");
        });
    }
}
