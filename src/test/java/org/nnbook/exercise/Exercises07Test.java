package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.*;

/** Each check of notebook 07 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises07Test extends VerdictChecks {

    /** softmax(z / T) row by row, written out: stable (the row's max subtracted) unless told otherwise. */
    private static INDArray softmax(INDArray z, double t, boolean stable) {
        INDArray s = z.div(t);
        if (stable) s.subi(s.max(true, 1));
        INDArray e = Transforms.exp(s);
        return e.divi(e.sum(true, 1));
    }

    @Test
    void softTargets() {
        right(Exercises07.softTargets((z, t) -> softmax(z, t, true)));
        notYet(Exercises07.softTargets((z, t) -> softmax(z, 1, true)), "at T = 2", "plain softmax", "divides the logits");
        notYet(Exercises07.softTargets((z, t) -> softmax(z, 1 / t, true)), "at T = 2", "multiply the logits by T");
        notYet(Exercises07.softTargets((z, t) -> softmax(z, t, false)), "logits (2, 3) at T = 1", "NaN", "exp(1000) is infinite");
        notYet(Exercises07.softTargets((z, t) -> softmax(z.transpose().dup(), t, true).transpose()), "columns sum to 1");
        notYet(Exercises07.softTargets((z, t) -> Transforms.exp(z.div(t))), "row 0 sums to", "divide each exponential");
        notYet(Exercises07.softTargets((z, t) -> softmax(z, t, true).getRow(0)), "softmax keeps the logits' shape (4, 5)");
        notYet(Exercises07.softTargets((z, t) -> starter()), "starter");
    }

    /** The loss written out; each {@code mistake} is a typical wrong one. */
    private static double loss(INDArray z, INDArray v, INDArray y, double t, double alpha, String mistake) {
        INDArray q = softmax(z, t, true), p = softmax(v, t, true), s = softmax(mistake.equals("hardAtT") ? z.div(t) : z, 1, true);
        long n = z.size(0);
        double kl = p.mul(Transforms.log(p).sub(Transforms.log(q))).sumNumber().doubleValue() / n;
        double reverse = q.mul(Transforms.log(q).sub(Transforms.log(p))).sumNumber().doubleValue() / n;
        double entropy = -p.mul(Transforms.log(p)).sumNumber().doubleValue() / n;
        double ce = -y.mul(Transforms.log(s)).sumNumber().doubleValue() / n;
        return switch (mistake) {
            case "noT2" -> alpha * kl + (1 - alpha) * ce;
            case "crossEntropy" -> alpha * t * t * (kl + entropy) + (1 - alpha) * ce;
            case "reverse" -> alpha * t * t * reverse + (1 - alpha) * ce;
            case "swapped" -> (1 - alpha) * t * t * kl + alpha * ce;
            case "sum" -> n * (alpha * t * t * kl + (1 - alpha) * ce);
            case "noHard" -> alpha * t * t * kl;
            default -> alpha * t * t * kl + (1 - alpha) * ce;
        };
    }

    @Test
    void loss() {
        right(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "")));
        notYet(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "noT2")), "at T = 4, α = 0.9", "no factor T²", "balance");
        notYet(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "crossEntropy")), "at T = 1, α = 1", "teacher's entropy", "cross-entropy H(p, q)");
        notYet(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "reverse")), "KL(q ‖ p)", "soft targets p weigh the sum");
        notYet(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "swapped")), "α weighs your hard term");
        notYet(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "hardAtT")), "at T = 4, α = 0.9", "hard term uses the student's softmax at temperature T");
        notYet(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "sum")), "6 times too large", "means over the rows");
        notYet(Exercises07.loss((z, v, y, t, a) -> loss(z, v, y, t, a, "noHard")), "at T = 4, α = 0.9 your loss is", "each term a mean over the rows");
        notYet(Exercises07.loss((z, v, y, t, a) -> starter()), "starter");
    }

    /** dL/dz written out; each {@code mistake} is a typical wrong one. */
    private static INDArray gradient(INDArray z, INDArray v, INDArray y, double t, double alpha, String mistake) {
        long n = z.size(0);
        INDArray soft = softmax(z, t, true).sub(softmax(v, t, true)).divi(n), hard = softmax(z, 1, true).sub(y).divi(n);
        double k = switch (mistake) {
            case "T2" -> alpha * t * t;
            case "noT2" -> alpha / t;
            case "sign" -> -alpha * t;
            default -> alpha * t;
        };
        INDArray g = soft.mul(k);
        if (!mistake.equals("noHard")) g.addi(hard.mul(1 - alpha));
        return mistake.equals("sum") ? g.muli(n) : g;
    }

    @Test
    void gradient() {
        right(Exercises07.gradient((z, v, y, t, a) -> gradient(z, v, y, t, a, "")));
        notYet(Exercises07.gradient((z, v, y, t, a) -> gradient(z, v, y, t, a, "T2")), "at T = 4, α = 0.9", "T times too large", "chain rule");
        notYet(Exercises07.gradient((z, v, y, t, a) -> gradient(z, v, y, t, a, "noT2")), "at T = 4, α = 0.9", "factor T² of the loss is missing");
        notYet(Exercises07.gradient((z, v, y, t, a) -> gradient(z, v, y, t, a, "sign")), "at T = 1, α = 1", "wrong sign", "q − p");
        notYet(Exercises07.gradient((z, v, y, t, a) -> gradient(z, v, y, t, a, "sum")), "5 times too large", "mean over the rows");
        notYet(Exercises07.gradient((z, v, y, t, a) -> gradient(z, v, y, t, a, "noHard")), "at T = 4, α = 0.9", "hard term's part is missing");
        notYet(Exercises07.gradient((z, v, y, t, a) -> Nd4j.zerosLike(z).getRow(0)), "dL/dz has z's shape (5, 3)");
        notYet(Exercises07.gradient((z, v, y, t, a) -> starter()), "starter");
    }

    @Test
    void strictChecksThrow() {
        System.setProperty("nnbook.exercises", "strict");
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Exercises07.softTargets((z, t) -> softmax(z, 1, true)));
            assertTrue(e.getMessage().contains("Exercise 7.1") && e.getMessage().contains("not yet"), e.getMessage());
            assertTrue(Exercises07.softTargets((z, t) -> softmax(z, t, true)).passed());
        } finally {
            System.clearProperty("nnbook.exercises");
        }
    }
}
