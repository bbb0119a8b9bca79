package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/** Each check of notebook 09 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises09Test extends VerdictChecks {

    // 9.1 ------------------------------------------------------------------------------------------

    @Test
    void rnnStep() {
        right(Exercises09.rnnStep((x, h, wx, wh, b) -> Transforms.tanh(x.mmul(wx).addi(h.mmul(wh)).addi(b), false)));
        right(Exercises09.rnnStep((x, h, wx, wh, b) -> Transforms.tanh(x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).mmul(wx.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT))
                .addi(h.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).mmul(wh.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)))
                .addi(b.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)), false)));          // float32 is close enough
        notYet(Exercises09.rnnStep((x, h, wx, wh, b) -> x.mmul(wx).addi(h.mmul(wh)).addi(b)), "pre-activation", "tanh");
        notYet(Exercises09.rnnStep((x, h, wx, wh, b) -> Transforms.sigmoid(x.mmul(wx).addi(h.mmul(wh)).addi(b), false)), "sigmoid", "(−1, 1)");
        notYet(Exercises09.rnnStep((x, h, wx, wh, b) -> Transforms.tanh(x.mmul(wx).addi(b), false)), "does not depend on h_(t−1)");
        notYet(Exercises09.rnnStep((x, h, wx, wh, b) -> Transforms.tanh(x.mmul(wx).addi(h.mmul(wh)), false)), "but for the bias");
        notYet(Exercises09.rnnStep((x, h, wx, wh, b) -> Transforms.tanh(x.mmul(wx).addi(h.mmul(wh.transpose())).addi(b), false)), "Whᵀ");
        notYet(Exercises09.rnnStep((x, h, wx, wh, b) -> x.mmul(wx).transpose()), "shape (5, 4)", "(4, 5)");
        notYet(Exercises09.rnnStep((x, h, wx, wh, b) -> starter()), "starter");
    }

    // 9.2 ------------------------------------------------------------------------------------------

    static Exercises09.LstmStep lstm(String order, boolean tanhC, boolean useI) {
        return (x, h, c, wx, wh, b) -> Exercises09.lstm(x, h, c, wx, wh, b, order, tanhC, useI);
    }

    @Test
    void lstmStep() {
        right(Exercises09.lstmStep((x, h, c, wx, wh, b) -> {          // the solution's way, written out
            long hid = h.size(1);
            INDArray a = x.mmul(wx).addi(h.mmul(wh)).addi(b);
            INDArray i = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hid)), true);
            INDArray f = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(hid, 2 * hid)), true);
            INDArray g = Transforms.tanh(a.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hid, 3 * hid)), true);
            INDArray o = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * hid, 4 * hid)), true);
            INDArray cNew = f.mul(c).addi(i.mul(g));
            return new INDArray[]{o.mul(Transforms.tanh(cNew, true)), cNew};
        }));
        notYet(Exercises09.lstmStep(lstm("ifgo", false, true)), "h_t = o ⊙ c_t", "tanh(c_t)");
        notYet(Exercises09.lstmStep(lstm("ifog", true, true)), "order i, f, o, g", "i (input), f (forget), g (candidate), o (output)");
        notYet(Exercises09.lstmStep(lstm("ifgo", true, false)), "without the input gate");
        notYet(Exercises09.lstmStep((x, h, c, wx, wh, b) -> { INDArray[] r = lstm("ifgo", true, true).apply(x, h, c, wx, wh, b); return new INDArray[]{r[1], r[1]}; }),
                "your h_t is the cell c_t itself");
        notYet(Exercises09.lstmStep((x, h, c, wx, wh, b) -> new INDArray[]{h}), "two arrays");
        notYet(Exercises09.lstmStep((x, h, c, wx, wh, b) -> starter()), "starter");
    }

    // 9.3 ------------------------------------------------------------------------------------------

    /** Bits per character with the logarithm in {@code base} and the mean or the sum. */
    static double bpc(INDArray logits, int[][] targets, double base, boolean mean, boolean normalise) {
        double total = 0;
        int n = (int) logits.size(0), t = (int) logits.size(1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < t; j++) {
                double[] z = logits.get(NDArrayIndex.point(i), NDArrayIndex.point(j)).toDoubleVector();
                double logSum = 0;
                if (normalise) { double s = 0; for (double v : z) s += Math.exp(v); logSum = Math.log(s); }
                total += logSum - z[targets[i][j]];
            }
        return total / (mean ? n * t : 1) / Math.log(base);
    }

    @Test
    void bitsPerChar() {
        right(Exercises09.bitsPerChar((z, y) -> bpc(z, y, 2, true, true)));
        notYet(Exercises09.bitsPerChar((z, y) -> bpc(z, y, Math.E, true, true)), "in nats", "ln 2");
        notYet(Exercises09.bitsPerChar((z, y) -> bpc(z, y, 10, true, true)), "log₁₀");
        notYet(Exercises09.bitsPerChar((z, y) -> bpc(z, y, 2, false, true)), "the sum over all 15 positions", "a mean");
        notYet(Exercises09.bitsPerChar((z, y) -> bpc(z, y, 2, true, false)), "raw logit", "normalise");
        notYet(Exercises09.bitsPerChar((z, y) -> Double.NaN), "NaN");
        notYet(Exercises09.bitsPerChar((z, y) -> starter()), "starter");
    }

    // 9.4 ------------------------------------------------------------------------------------------

    static double globalNorm(List<INDArray> g) { return Math.sqrt(g.stream().mapToDouble(a -> Math.pow(a.norm2Number().doubleValue(), 2)).sum()); }

    @Test
    void clipByGlobalNorm() {
        right(Exercises09.clipByGlobalNorm((g, max) -> {
            double norm = globalNorm(g);
            return norm <= max ? g : g.stream().map(a -> a.mul(max / norm)).toList();
        }));
        notYet(Exercises09.clipByGlobalNorm((g, max) -> {
            List<INDArray> out = new ArrayList<>();
            for (INDArray a : g) { double n = a.norm2Number().doubleValue(); out.add(n > max ? a.mul(max / n) : a); }
            return out;
        }), "each gradient by its own norm", "one norm over all of them");
        notYet(Exercises09.clipByGlobalNorm((g, max) -> g.stream().map(a -> a.mul(max / globalNorm(g))).toList()), "scaled up", "only when the norm exceeds");
        notYet(Exercises09.clipByGlobalNorm((g, max) -> g.stream().map(a -> Transforms.min(Transforms.max(a, -max, true), max, true)).toList()),
                "each element", "direction");
        notYet(Exercises09.clipByGlobalNorm((g, max) -> g.subList(0, 1)), "one gradient per input gradient");
        notYet(Exercises09.clipByGlobalNorm((g, max) -> starter()), "starter");
    }
}
