package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;
import org.nnbook.layers.LayerNorm;
import org.nnbook.layers.MultiHeadAttention;
import org.nnbook.layers.SinusoidalPositions;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notebook 11's exercise checks: the reference solutions (the same code as solutions/11.*.jsh) pass, and
 * so do the library's own MultiHeadAttention, LayerNorm and SinusoidalPositions; each typical wrong answer
 * gets its own message; the starter, an answer that throws and a null are "not yet".
 */
class Exercises11Test extends VerdictChecks {

    // 11.1 -----------------------------------------------------------------------------------------

    /** solutions/11.1.jsh, with the scores scaled by {@code 1 / scale(d)} and the softmax along {@code axis}. */
    static INDArray attend(INDArray q, INDArray k, INDArray v, double divisor, int axis) {
        INDArray scores = q.mmul(k.transpose()).divi(divisor);
        if (axis == 0) scores = scores.transpose().dup();
        INDArray e = Transforms.exp(scores.sub(scores.max(true, 1)), false);
        INDArray weights = e.divi(e.sum(true, 1));
        return (axis == 0 ? weights.transpose() : weights).mmul(v);
    }

    static INDArray attend(INDArray q, INDArray k, INDArray v) { return attend(q, k, v, Math.sqrt(q.size(1)), 1); }

    /**
     * The library's one-head MultiHeadAttention made to compute softmax(q kᵀ / √d) v: width D = d + dv,
     * queries [q·√(D/d), 0] (the layer divides by √D), memory [k, v]; Wq and Wk keep the first d features,
     * Wv moves v's dv features to the front, Wo = I; the first dv columns of its output are the answer.
     */
    static INDArray attendByLibrary(INDArray q, INDArray k, INDArray v) {
        int d = (int) q.size(1), dv = (int) v.size(1), width = d + dv;
        long tq = q.size(0), tk = k.size(0);
        MultiHeadAttention mha = new MultiHeadAttention(width, 1);
        mha.castTo(DataType.DOUBLE);
        List<Parameter> p = mha.parameters();                 // Wq, bq, Wk, bk, Wv, bv, Wo, bo
        INDArray keepFirst = Nd4j.zeros(DataType.DOUBLE, width, width), moveV = Nd4j.zeros(DataType.DOUBLE, width, width);
        for (int i = 0; i < d; i++) keepFirst.putScalar(i, i, 1);
        for (int j = 0; j < dv; j++) moveV.putScalar(d + j, j, 1);
        p.get(0).value().assign(keepFirst);
        p.get(2).value().assign(keepFirst);
        p.get(4).value().assign(moveV);
        p.get(6).value().assign(Nd4j.eye(width).castTo(DataType.DOUBLE));
        for (int b = 1; b < 8; b += 2) p.get(b).value().assign(0);
        INDArray x = Nd4j.concat(1, q.castTo(DataType.DOUBLE).mul(Math.sqrt((double) width / d)), Nd4j.zeros(DataType.DOUBLE, tq, dv));
        INDArray memory = Nd4j.concat(1, k.castTo(DataType.DOUBLE), v.castTo(DataType.DOUBLE));
        INDArray y = mha.forward(x.reshape(1, tq, width), memory.reshape(1, tk, width), null, false);
        return y.reshape(tq, width).get(NDArrayIndex.all(), NDArrayIndex.interval(0, dv)).dup();
    }

    @Test
    void referenceAttentionAgreesWithTheLibrary() {
        Random rnd = new Random(1);
        INDArray q = ArrayChecks.random(rnd, 3, 4), k = ArrayChecks.random(rnd, 5, 4), v = ArrayChecks.random(rnd, 5, 2);
        INDArray expected = AttentionChecks.softmax(q.mmul(k.transpose()).div(2), 1).mmul(v);
        assertTrue(ArrayChecks.maxDiff(ArrayChecks.flat(attendByLibrary(q, k, v)), ArrayChecks.flat(expected)) < 1e-12);
        assertTrue(ArrayChecks.maxDiff(ArrayChecks.flat(attend(q, k, v)), ArrayChecks.flat(expected)) < 1e-12);
    }

    @Test
    void attend() {
        right(Exercises11.attend(Exercises11Test::attend));
        right(Exercises11.attend(Exercises11Test::attendByLibrary));
        right(Exercises11.attend((q, k, v) -> Transforms.softmax(q.mmul(k.transpose()).divi(Math.sqrt(q.size(1))), false).mmul(v)));   // ND4J's softmax: over each row
        right(Exercises11.attend((q, k, v) -> attend(q.castTo(DataType.FLOAT), k.castTo(DataType.FLOAT), v.castTo(DataType.FLOAT))));   // float32 is close enough
        right(Exercises11.attend((q, k, v) -> {                 // a softmax without subtracting the max is fine on these scores
            INDArray e = Transforms.exp(q.mmul(k.transpose()).divi(Math.sqrt(q.size(1))), false);
            return e.divi(e.sum(true, 1)).mmul(v);
        }));
        notYet(Exercises11.attend((q, k, v) -> attend(q, k, v, 1, 1)), "unscaled", "√d");
        notYet(Exercises11.attend((q, k, v) -> attend(q, k, v, q.size(1), 1)), "divides the scores by d = 4", "standard deviation √d");
        notYet(Exercises11.attend((q, k, v) -> attend(q, k, v, Math.sqrt(v.size(1)), 1)), "√2, the width of v");
        notYet(Exercises11.attend((q, k, v) -> attend(q, k, v, 1 / Math.sqrt(q.size(1)), 1)), "multiplies the scores by √d");
        notYet(Exercises11.attend((q, k, v) -> attend(q, k, v, Math.sqrt(q.size(1)), 0)), "down each column", "over the keys");
        notYet(Exercises11.attend((q, k, v) -> AttentionChecks.softmax(q.mmul(k.transpose()).divi(Math.sqrt(q.size(1))), 1)), "the weights", "not the weighted values", "use them on v");
        notYet(Exercises11.attend((q, k, v) -> q.mmul(k.transpose()).divi(Math.sqrt(q.size(1))).mmul(v)), "without a softmax");
        notYet(Exercises11.attend((q, k, v) -> q.mmul(k.transpose())), "the scores q kᵀ, shape (3, 5)", "softmax");
        notYet(Exercises11.attend((q, k, v) -> attend(q, k, v).transpose()), "shape (2, 3)", "(Tq, dv) = (3, 2)");
        notYet(Exercises11.attend((q, k, v) -> AttentionChecks.softmax(q.mmul(k.transpose()).divi(2), 1).mmul(k)),
                "shape (3, 4)", "(Tq, dv) = (3, 2)");                                      // k where v belongs
        notYet(Exercises11.attend((q, k, v) -> AttentionChecks.softmax(q.mmul(k), 1).mmul(v)), "your code threw", "q (3, 4), k (5, 4)", "write each product's shapes");
        notYet(Exercises11.attend((q, k, v) -> v.mmul(k.transpose())), "your code threw");
        notYet(Exercises11.attend((q, k, v) -> null), "null");
        notYet(Exercises11.attend((q, k, v) -> starter()), "starter");
    }

    // 11.2 -----------------------------------------------------------------------------------------

    /** solutions/11.2.jsh, hiding the keys that {@code hide} names with the score {@code hidden}. */
    static INDArray causal(INDArray scores, java.util.function.BiPredicate<Integer, Integer> hide, double hidden) {
        long t = scores.size(0);
        INDArray masked = scores.dup();
        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++) if (hide.test(i, j)) masked.putScalar(i, j, hidden);
        INDArray e = Transforms.exp(masked.sub(masked.max(true, 1)), false);
        return e.divi(e.sum(true, 1));
    }

    /**
     * The library's causal one-head MultiHeadAttention made to see the scores s (T, T): x = I (1, T, T),
     * Wq = √T · s and Wk = I, so Q Kᵀ / √T = s; its kept weights are the causal weights.
     */
    static INDArray causalByLibrary(INDArray s) {
        int t = (int) s.size(0);
        MultiHeadAttention mha = new MultiHeadAttention(t, 1).causal(true);
        mha.castTo(DataType.DOUBLE);
        List<Parameter> p = mha.parameters();
        p.get(0).value().assign(s.castTo(DataType.DOUBLE).mul(Math.sqrt(t)));
        p.get(2).value().assign(Nd4j.eye(t).castTo(DataType.DOUBLE));
        for (int b = 1; b < 8; b += 2) p.get(b).value().assign(0);
        mha.forward(Nd4j.eye(t).castTo(DataType.DOUBLE).reshape(1, t, t), null, false);
        return mha.lastWeights().reshape(t, t).dup();
    }

    @Test
    void causalWeights() {
        right(Exercises11.causalWeights(s -> causal(s, (i, j) -> j > i, Double.NEGATIVE_INFINITY)));
        right(Exercises11.causalWeights(Exercises11Test::causalByLibrary));
        right(Exercises11.causalWeights(s -> causal(s, (i, j) -> j > i, -1e9)));          // so low that exp gives exactly 0
        right(Exercises11.causalWeights(s -> {                                              // ND4J's softmax of the scores with −∞ above the diagonal
            INDArray m = s.dup();
            for (int i = 0; i < s.size(0); i++) for (int j = i + 1; j < s.size(1); j++) m.putScalar(i, j, Double.NEGATIVE_INFINITY);
            return Transforms.softmax(m, false);
        }));
        right(Exercises11.causalWeights(s -> {                                              // softmax, mask, then renormalise: the same weights
            INDArray w = AttentionChecks.softmax(s, 1);
            for (int i = 0; i < s.size(0); i++) for (int j = i + 1; j < s.size(1); j++) w.putScalar(i, j, 0);
            return w.divi(w.sum(true, 1));
        }));
        notYet(Exercises11.causalWeights(s -> causal(s, (i, j) -> j < i, Double.NEGATIVE_INFINITY)), "hid the earlier keys", "looks back");
        notYet(Exercises11.causalWeights(s -> causal(s, (i, j) -> j >= i, Double.NEGATIVE_INFINITY)), "from itself", "must see itself");   // row 0: NaN
        notYet(Exercises11.causalWeights(s -> causal(s, (i, j) -> j >= i, -1e9)), "from itself");                                         // row 0: something
        notYet(Exercises11.causalWeights(s -> causal(s, (i, j) -> j > i, 0)), "scores to 0", "−∞");
        notYet(Exercises11.causalWeights(s -> {
            INDArray w = AttentionChecks.softmax(s, 1);
            for (int i = 0; i < s.size(0); i++) for (int j = i + 1; j < s.size(1); j++) w.putScalar(i, j, 0);
            return w;
        }), "do not sum to 1", "before the softmax");
        notYet(Exercises11.causalWeights(s -> AttentionChecks.softmax(s, 1)), "nothing is masked");
        notYet(Exercises11.causalWeights(s -> causal(s, (i, j) -> j > i, -100)), "instead of exactly 0", "−∞");
        notYet(Exercises11.causalWeights(s -> causal(s, (i, j) -> j > i, Double.NEGATIVE_INFINITY).get(NDArrayIndex.interval(1, s.size(0)), NDArrayIndex.all())),
                "your answer has shape (4, 5)", "(5, 5)");
        notYet(Exercises11.causalWeights(s -> { throw new IllegalStateException("index 5 is out of bounds"); }), "your code threw", "index 5");
        notYet(Exercises11.causalWeights(s -> starter()), "starter");
    }

    // 11.3 -----------------------------------------------------------------------------------------

    /** solutions/11.3.jsh. */
    static INDArray layerNorm(INDArray x, INDArray gamma, INDArray beta, double eps) {
        INDArray centred = x.sub(x.mean(true, 1));
        INDArray variance = centred.mul(centred).mean(true, 1);
        INDArray xHat = centred.divi(Transforms.sqrt(variance.addi(eps), false));
        return xHat.muli(gamma).addi(beta);
    }

    /** The library's LayerNorm with the given γ, β and ε. */
    static INDArray layerNormByLibrary(INDArray x, INDArray gamma, INDArray beta, double eps) {
        LayerNorm norm = new LayerNorm((int) x.size(1), eps);
        norm.castTo(DataType.DOUBLE);
        norm.gamma().value().assign(gamma);
        norm.beta().value().assign(beta);
        return norm.forward(x, false);
    }

    @Test
    void layerNorm() {
        right(Exercises11.layerNorm(Exercises11Test::layerNorm));
        right(Exercises11.layerNorm(Exercises11Test::layerNormByLibrary));
        DataType f = DataType.FLOAT;
        right(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x.castTo(f), g.castTo(f), b.castTo(f), eps)));      // float32 is close enough
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, g, b, eps).mmul(g)),
                "your code threw", "x (4, 6), ε = 0.1, γ and β (1, 6)");                     // (4, 6)(1, 6) does not multiply
        notYet(Exercises11.layerNorm((x, g, b, eps) -> AttentionChecks.normalised(x, g, b, eps, false, 0, (var, e) -> Math.sqrt(var + e))), "batch normalisation");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> {                                     // batch norm written out: mean(0), std(0) biased
            INDArray centred = x.sub(x.mean(true, 0));
            INDArray std = Transforms.sqrt(centred.mul(centred).mean(true, 0).addi(eps), false);
            return centred.divi(std).muli(g).addi(b);
        }), "each column over the batch", "batch normalisation");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> {                                     // x.var(true, 1) is unbiased
            INDArray xHat = x.sub(x.mean(true, 1)).divi(Transforms.sqrt(x.var(true, 1).reshape(x.size(0), 1).addi(eps), false));
            return xHat.muli(g).addi(b);
        }), "unbiased variance", "divide by D");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> AttentionChecks.normalised(x, g, b, eps, true, 0, (var, e) -> Math.sqrt(var) + e)), "outside the square root");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> AttentionChecks.normalised(x, g, b, eps, true, 0, (var, e) -> var + e)), "by the variance", "square root");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, g, b, 1e-5)), "does not use the ε", "0.1");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, Nd4j.onesLike(g), b, eps)), "forgot γ");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, g, Nd4j.zerosLike(b), eps)), "forgot β");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, Nd4j.onesLike(g), Nd4j.zerosLike(b), eps)), "x̂ itself, without γ and β");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, b, g, eps)), "swapped γ and β");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, g, b, eps).mean(true, 1)), "shape (4, 1)", "keeps x's shape (4, 6)");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> layerNorm(x, g, b, eps).addi(0.01)), "your output[0][0] is", "per row");
        notYet(Exercises11.layerNorm((x, g, b, eps) -> starter()), "starter");
    }

    // 11.4 -----------------------------------------------------------------------------------------

    /** solutions/11.4.jsh, with the base, the exponent's numerator for pair i and the first position as knobs. */
    static INDArray positions(int t, int d, double base, boolean twoI, int first) {
        double[][] pe = new double[t][d];
        for (int p = 0; p < t; p++)
            for (int i = 0; 2 * i < d; i++) {
                double angle = (p + first) / Math.pow(base, (twoI ? 2.0 * i : i) / d);
                pe[p][2 * i] = Math.sin(angle);
                if (2 * i + 1 < d) pe[p][2 * i + 1] = Math.cos(angle);
            }
        return Nd4j.createFromArray(pe);
    }

    @Test
    void positions() {
        right(Exercises11.positions((t, d) -> positions(t, d, 10000, true, 0)));
        right(Exercises11.positions((t, d) -> new SinusoidalPositions(t, d).table()));
        right(Exercises11.positions((t, d) -> positions(t, d, 10000, true, 0).castTo(DataType.FLOAT)));
        for (int[] size : new int[][]{{6, 8}, {9, 7}, {50, 16}})              // the reference is the library's table, odd d included
            assertTrue(ArrayChecks.close(AttentionChecks.table(size[0], size[1], (p, j) -> AttentionChecks.sinusoid(p, j, size[1], 10000)),
                    new SinusoidalPositions(size[0], size[1]).table()));
        notYet(Exercises11.positions((t, d) -> {
            INDArray pe = positions(t, d, 10000, true, 0), swapped = pe.dup();
            for (int j = 0; j < d; j += 2) {
                swapped.putColumn(j, pe.getColumn(j + 1));
                swapped.putColumn(j + 1, pe.getColumn(j));
            }
            return swapped;
        }), "even columns hold cosines");
        notYet(Exercises11.positions((t, d) -> positions(t, d, 10000, false, 0)), "10000^(i/d)", "2i");
        notYet(Exercises11.positions((t, d) -> positions(t, d, 1000, true, 0)), "base 1000");
        notYet(Exercises11.positions((t, d) -> AttentionChecks.table(t, d, (p, j) -> Math.sin(p / Math.pow(10000, 2.0 * (j / 2) / d)))), "every column of yours is a sine");
        notYet(Exercises11.positions((t, d) -> AttentionChecks.table(t, d, (p, j) -> {
            double angle = p / Math.pow(10000, (double) j / d);
            return j % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
        })), "uses its own index");
        notYet(Exercises11.positions((t, d) -> positions(t, d, 10000, true, 1)), "position 1", "count from 0");
        notYet(Exercises11.positions((t, d) -> positions(t, d, 10000, true, 0).transpose()), "shape (8, 6)", "(t, d) = (6, 8)");
        notYet(Exercises11.positions((t, d) -> positions(t, d, 10000, true, 0).muli(0.5)), "your PE[0][1] is 0.5000, the right value is 1.0000");
        notYet(Exercises11.positions((t, d) -> new SinusoidalPositions(t - 1, d).table()), "shape (5, 8)");
        notYet(Exercises11.positions((t, d) -> new SinusoidalPositions(0, d).table()), "your code threw", "maxLen >= 1");
        notYet(Exercises11.positions((t, d) -> starter()), "starter");
    }
}
