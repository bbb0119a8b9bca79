package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;
import org.nnbook.loss.Distillation;

import java.util.Random;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 07 (knowledge distillation; G. Hinton, O. Vinyals and J. Dean, 2015), each
 * against {@link Distillation} on random logits: the softened softmax (7.1), the distillation loss
 * α T² KL(p ‖ q) + (1 − α) CE (7.2) and its gradient with respect to the student's logits (7.3).
 * Logits are (N, C) rows, z the student's, v the teacher's; labels y are one-hot rows (N, C).
 */
public final class Exercises07 {
    private Exercises07() {}

    /** A student's softened softmax: softmax(logits / T) row by row, (N, C) → (N, C). */
    @FunctionalInterface public interface SoftTargets { INDArray apply(INDArray logits, double temperature); }

    /** A student's distillation loss of student logits z against teacher logits v and one-hot labels y, all (N, C). */
    @FunctionalInterface public interface DistillationLoss { double apply(INDArray z, INDArray v, INDArray y, double temperature, double alpha); }

    /** A student's dL/dz of the distillation loss, (N, C). */
    @FunctionalInterface public interface DistillationGradient { INDArray apply(INDArray z, INDArray v, INDArray y, double temperature, double alpha); }

    private static final double[][] CASES = {{1, 1}, {4, 0.9}, {20, 0.7}, {2, 0.5}, {8, 0}};   // (T, α)

    /** Exercise 7.1: softmax(logits / T) on random (4, 5) logits at T = 1, 2, 5 and 20, then logits in the thousands, against {@link Distillation#softmax}. */
    public static Verdict softTargets(SoftTargets answer) {
        return Exercise.check("Exercise 7.1 (softmax at temperature T)", () -> {
            Random rng = new Random(71);
            INDArray plain = ArrayChecks.random(rng, 4, 5).muli(3);
            INDArray large = Nd4j.createFromArray(new double[][]{{1000, 998, 990}, {-1000, -1003, -999}});
            Object[][] cases = {{plain, 1.0}, {plain, 2.0}, {plain, 5.0}, {plain, 20.0}, {large, 1.0}, {large, 2.0}};
            for (Object[] c : cases) {
                INDArray z = (INDArray) c[0];
                double t = (Double) c[1];
                INDArray want = Distillation.softmax(z, t), got = answer.apply(z.dup(), t);
                String input = String.format("for logits %s at T = %s", ArrayChecks.shapeOf(z), num(t));
                String shape = ArrayChecks.shapeProblem(got, "output", want, "softmax keeps the logits' shape");
                if (shape != null) return notYet(input + " " + shape, "one probability per logit: the rows are examples, the columns classes.");
                if (ArrayChecks.close(got, want)) continue;
                if (!ArrayChecks.finite(got))
                    return notYet(input + " (row 0: " + ArrayChecks.row(z, 0) + ") your output has " + ArrayChecks.row(got, 0) + " in row 0.",
                            "exp(1000) is infinite in double precision. softmax does not change when the same number is subtracted from a whole row:"
                                    + " which number keeps every exponent at most 0?");
                if (ArrayChecks.close(got, Distillation.softmax(z, 1)))
                    return notYet(input + " your output is the plain softmax, as at T = 1.", "the temperature divides the logits before the exponential.");
                if (ArrayChecks.close(got, Distillation.softmax(z, 1 / t)))
                    return notYet(input + " your output is sharper than the plain softmax, but a temperature above 1 must flatten it.",
                            "do you multiply the logits by T instead of dividing?");
                if (ArrayChecks.close(got, Distillation.softmax(z.transpose().dup(), t).transpose()))
                    return notYet(input + " your columns sum to 1, not your rows.", "each row is one example: normalise along dimension 1, over the classes.");
                double rowSum = got.getRow(0).sumNumber().doubleValue();
                if (Math.abs(rowSum - 1) > 1e-6)
                    return notYet(input + String.format(" your row 0 sums to %.4f, but probabilities sum to 1.", rowSum), "divide each exponential by its row's sum.");
                return notYet(input + " " + ArrayChecks.firstDifference(got, want, "output"), "softmax(z / T)_c = exp(z_c / T) / Σ_k exp(z_k / T), row by row.");
            }
            INDArray row = plain.getRow(0, true);
            return right(String.format("equal to Distillation.softmax at T = 1 to 20, and stable for logits in the thousands."
                            + " Row 0's largest probability is %.3f at T = 1 and %.3f at T = 20: the higher T, the more the small ones show.",
                    Distillation.softmax(row, 1).maxNumber().doubleValue(), Distillation.softmax(row, 20).maxNumber().doubleValue()));
        });
    }

    /** Exercise 7.2: the loss α T² KL(softmax(v/T) ‖ softmax(z/T)) + (1 − α) CE(y, softmax(z)), against {@link Distillation#forward(INDArray, INDArray, INDArray)}. */
    public static Verdict loss(DistillationLoss answer) {
        return Exercise.check("Exercise 7.2 (the distillation loss)", () -> {
            Random rng = new Random(72);
            for (double[] c : CASES) {
                double t = c[0], alpha = c[1];
                INDArray z = ArrayChecks.random(rng, 6, 4).muli(2), v = ArrayChecks.random(rng, 6, 4).muli(3), y = labels(rng, 6, 4);
                double want = new Distillation(t, alpha).forward(z, y, v), got = answer.apply(z.dup(), v.dup(), y.dup(), t, alpha);
                if (Math.abs(got - want) <= 1e-6 * (1 + Math.abs(want))) continue;
                String what = String.format("at T = %s, α = %s your loss is %.5f, Distillation's %.5f", num(t), num(alpha), got, want);
                Terms r = Terms.of(z, v, y, t);
                if (!Double.isFinite(got)) return notYet(what + ".", "a log of 0 or an overflow: compute log-softmax as z − max − log Σ exp(z − max).");
                if (near(got, alpha * r.kl + (1 - alpha) * r.ce))
                    return notYet(what + ": yours has no factor T² on the soft term.", "at temperature T the soft term's gradient shrinks as 1/T²:"
                            + " what keeps it in balance with the hard term when T changes?");
                if (near(got, alpha * t * t * (r.kl + r.entropy) + (1 - alpha) * r.ce))
                    return notYet(what + ": yours is larger by α T² times the teacher's entropy H(p): you computed the cross-entropy H(p, q).",
                            "H(p, q) = KL(p ‖ q) + H(p) has the same gradient, but the loss reported is KL, which is 0 when the student matches the teacher:"
                                    + " Σ p log(p / q).");
                if (near(got, alpha * t * t * r.reverseKl + (1 - alpha) * r.ce))
                    return notYet(what + ": yours is KL(q ‖ p), the student's distribution against the teacher's.",
                            "the teacher's soft targets p weigh the sum: Σ_c p_c log(p_c / q_c).");
                if (near(got, (1 - alpha) * t * t * r.kl + alpha * r.ce))
                    return notYet(what + ": α weighs your hard term and 1 − α your soft one.", "α is the weight of the teacher's soft targets.");
                if (near(got, alpha * t * t * r.kl + (1 - alpha) * r.ceAtT))
                    return notYet(what + ": your hard term uses the student's softmax at temperature T.",
                            "the labels' cross-entropy is that of the student's ordinary output, softmax(z), at T = 1.");
                if (near(got, z.size(0) * want))
                    return notYet(what + ": yours is " + z.size(0) + " times too large, and the batch has " + z.size(0) + " rows.",
                            "both terms are means over the rows, so the loss does not grow with the batch size.");
                return notYet(what + ".", "L = α T² KL(softmax(v/T) ‖ softmax(z/T)) + (1 − α) CE(y, softmax(z)), each term a mean over the rows.");
            }
            return right("equal to Distillation's loss at T = 1 to 20 and α = 0 to 1. α = 0 is plain cross-entropy; α = 1 learns from the teacher alone.");
        });
    }

    /** Exercise 7.3: dL/dz of the distillation loss, against {@link Distillation#backward()}. */
    public static Verdict gradient(DistillationGradient answer) {
        return Exercise.check("Exercise 7.3 (the gradient of the distillation loss)", () -> {
            Random rng = new Random(73);
            for (double[] c : CASES) {
                double t = c[0], alpha = c[1];
                INDArray z = ArrayChecks.random(rng, 5, 3).muli(2), v = ArrayChecks.random(rng, 5, 3).muli(3), y = labels(rng, 5, 3);
                Distillation kd = new Distillation(t, alpha);
                kd.forward(z, y, v);
                INDArray want = kd.backward(), got = answer.apply(z.dup(), v.dup(), y.dup(), t, alpha);
                String input = String.format("at T = %s, α = %s", num(t), num(alpha));
                String shape = ArrayChecks.shapeProblem(got, "dL/dz", want, "dL/dz has z's shape");
                if (shape != null) return notYet(input + " " + shape, "one partial derivative per logit.");
                if (ArrayChecks.close(got, want)) continue;
                String what = input + " " + ArrayChecks.firstDifference(got, want, "dL/dz");
                long n = z.size(0);
                INDArray q = Distillation.softmax(z, t), p = Distillation.softmax(v, t), hard = Distillation.softmax(z, 1).sub(y).divi(n);
                INDArray soft = q.sub(p).divi(n);      // (q − p) / N
                if (ArrayChecks.close(got, soft.mul(alpha * t * t).addi(hard.mul(1 - alpha))))
                    return notYet(what + " Your soft part is T times too large.", "the logits are divided by T inside the softmax: the chain rule brings a 1/T.");
                if (ArrayChecks.close(got, soft.mul(alpha / t).addi(hard.mul(1 - alpha))) || ArrayChecks.close(got, soft.mul(alpha).addi(hard.mul(1 - alpha))))
                    return notYet(what + " Your soft part is too small: the factor T² of the loss is missing from it.", "d/dz of T² KL(p ‖ softmax(z/T)) is T² · (q − p) / T.");
                if (ArrayChecks.close(got, soft.mul(-alpha * t).addi(hard.mul(1 - alpha))))
                    return notYet(what + " Your soft part has the wrong sign.", "gradient descent must move q towards p: the gradient is q − p, the student's minus the teacher's.");
                if (ArrayChecks.close(got, soft.mul(alpha * t * n).addi(hard.mul((1 - alpha) * n))))
                    return notYet(what + " Yours is " + n + " times too large, and the batch has " + n + " rows.", "the loss is a mean over the rows.");
                if (ArrayChecks.close(got, soft.mul(alpha * t)))
                    return notYet(what + " The hard term's part is missing.", "(1 − α) CE(y, softmax(z)) adds (1 − α)(softmax(z) − y) / N.");
                return notYet(what, "dL/dz = α T (q − p) / N + (1 − α)(softmax(z) − y) / N, with q = softmax(z/T) and p = softmax(v/T).");
            }
            return right("equal to Distillation's backward pass at T = 1 to 20 and α = 0 to 1. For large T the soft part tends to"
                    + " α (z − v) / N minus the rows' means: matching the logits, as the paper shows.");
        });
    }

    /** 0.9 as "0.9", 20 as "20". */
    private static String num(double v) { return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(); }

    private static boolean near(double got, double alt) { return Math.abs(got - alt) <= 1e-6 * (1 + Math.abs(alt)); }

    private static INDArray labels(Random rng, int n, int classes) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = rng.nextInt(classes);
        return Dataset.oneHot(ids, classes).castTo(DataType.DOUBLE);
    }

    /** The loss's terms, in plain Java, for recognising typical mistakes: mean KL(p ‖ q), KL(q ‖ p), H(p), CE at T = 1 and at T. */
    private record Terms(double kl, double reverseKl, double entropy, double ce, double ceAtT) {
        static Terms of(INDArray z, INDArray v, INDArray y, double t) {
            double[][] q = Distillation.softmax(z, t).toDoubleMatrix(), p = Distillation.softmax(v, t).toDoubleMatrix();
            double[][] s = Distillation.softmax(z, 1).toDoubleMatrix(), labels = y.toDoubleMatrix();
            double kl = 0, rev = 0, h = 0, ce = 0, ceT = 0;
            for (int i = 0; i < q.length; i++)
                for (int c = 0; c < q[i].length; c++) {
                    kl += p[i][c] * Math.log(p[i][c] / q[i][c]);
                    rev += q[i][c] * Math.log(q[i][c] / p[i][c]);
                    h -= p[i][c] * Math.log(p[i][c]);
                    ce -= labels[i][c] * Math.log(s[i][c]);
                    ceT -= labels[i][c] * Math.log(q[i][c]);
                }
            int n = q.length;
            return new Terms(kl / n, rev / n, h / n, ce / n, ceT / n);
        }
    }
}
