package org.nnbook.exercise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import static org.nnbook.exercise.ArrayChecks.*;
import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 09 (recurrent networks): one step of a tanh RNN (9.1), one step of an LSTM
 * in PyTorch's gate order (9.2), bits per character from a language model's logits (9.3), and
 * gradient clipping by the global norm (9.4; Pascanu, Mikolov and Bengio, 2013). Each tries the
 * answer on random float64 arrays and names what a typical wrong answer did.
 */
public final class Exercises09 {
    private Exercises09() {}

    /** One RNN step: h_t from x_t (N, D), h_(t−1) (N, H), Wx (D, H), Wh (H, H), b (1, H). */
    @FunctionalInterface
    public interface RnnStep { INDArray apply(INDArray x, INDArray h, INDArray wx, INDArray wh, INDArray b); }

    /** One LSTM step: {h_t, c_t} from x_t (N, D), h (N, H), c (N, H), Wx (D, 4H), Wh (H, 4H), b (1, 4H). */
    @FunctionalInterface
    public interface LstmStep { INDArray[] apply(INDArray x, INDArray h, INDArray c, INDArray wx, INDArray wh, INDArray b); }

    /** Exercise 9.1: {@code h_t = tanh(x_t Wx + h_(t−1) Wh + b)}. */
    public static Verdict rnnStep(RnnStep answer) {
        return Exercise.check("Exercise 9.1 (one RNN step)", () -> {
            Random rnd = new Random(91);
            for (int trial = 0; trial < 3; trial++) {
                INDArray x = random(rnd, 4, 3), h = random(rnd, 4, 5).muli(0.5), wx = random(rnd, 3, 5).muli(0.5), wh = random(rnd, 5, 5).muli(0.5),
                        b = random(rnd, 1, 5).muli(0.5);
                INDArray a = x.mmul(wx).addi(h.mmul(wh)).addi(b);
                INDArray expected = Transforms.tanh(a, true);
                INDArray got = answer.apply(x.dup(), h.dup(), wx.dup(), wh.dup(), b.dup());
                String shape = shapeProblem(got, "h_t", expected, "h_t has the state's shape (N, hidden)");
                if (shape != null) return notYet(shape, "x_t (N, D) times Wx (D, H) gives (N, H); so does h_(t−1) (N, H) times Wh (H, H).");
                if (close(got, expected)) continue;
                if (close(got, a)) return notYet("your h_t is the pre-activation x Wx + h Wh + b itself.", "squash it: the RNN's state goes through tanh.");
                if (close(got, Transforms.sigmoid(a, true)))
                    return notYet("your h_t is a sigmoid of the right sum: every value is in (0, 1).", "the simple RNN uses tanh, whose values lie in (−1, 1) around 0.");
                if (close(got, Transforms.tanh(x.mmul(wx).addi(b), true)))
                    return notYet("your h_t does not depend on h_(t−1): it is tanh(x Wx + b).", "the recurrence is the term h_(t−1) Wh: the memory of the earlier steps.");
                if (close(got, Transforms.tanh(x.mmul(wx).addi(h.mmul(wh)), true)))
                    return notYet("your h_t is right but for the bias b.", "add b (1, H) to every row (addi broadcasts it).");
                if (close(got, Transforms.tanh(x.mmul(wx).addi(h.mmul(wh.transpose())).addi(b), true)))
                    return notYet("your h_t uses Whᵀ instead of Wh.", "the state is a row vector here: h_(t−1) Wh, (N, H)·(H, H).");
                return notYet(firstDifference(got, expected, "h_t"), "h_t = tanh(x_t Wx + h_(t−1) Wh + b), row by row.");
            }
            return right("h_t matches tanh(x Wx + h Wh + b) on 3 random batches of 4 rows.");
        });
    }

    /** The right LSTM step, gate blocks in {@code order} (PyTorch: "ifgo"). */
    static INDArray[] lstm(INDArray x, INDArray h, INDArray c, INDArray wx, INDArray wh, INDArray b, String order, boolean tanhC, boolean useI) {
        int hidden = (int) h.size(1);
        INDArray a = x.mmul(wx).addi(h.mmul(wh)).addi(b);
        INDArray[] gate = new INDArray[4];
        for (int k = 0; k < 4; k++) {
            INDArray block = a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(k * hidden, (k + 1) * hidden)).dup();
            char name = order.charAt(k);
            gate["ifgo".indexOf(name)] = name == 'g' ? Transforms.tanh(block, true) : Transforms.sigmoid(block, true);
        }
        INDArray cNew = gate[1].mul(c).addi(useI ? gate[0].mul(gate[2]) : gate[2]);
        INDArray hNew = gate[3].mul(tanhC ? Transforms.tanh(cNew, true) : cNew);
        return new INDArray[]{hNew, cNew};
    }

    /** Exercise 9.2: one LSTM step with the gate blocks of Wx, Wh and b in PyTorch's order i, f, g, o. */
    public static Verdict lstmStep(LstmStep answer) {
        return Exercise.check("Exercise 9.2 (one LSTM step)", () -> {
            Random rnd = new Random(92);
            for (int trial = 0; trial < 3; trial++) {
                int hidden = 4;
                INDArray x = random(rnd, 3, 2), h = random(rnd, 3, hidden).muli(0.5), c = random(rnd, 3, hidden), wx = random(rnd, 2, 4 * hidden),
                        wh = random(rnd, hidden, 4 * hidden).muli(0.5), b = random(rnd, 1, 4 * hidden).muli(0.5);
                INDArray[] expected = lstm(x, h, c, wx, wh, b, "ifgo", true, true);
                INDArray[] got = answer.apply(x.dup(), h.dup(), c.dup(), wx.dup(), wh.dup(), b.dup());
                if (got == null || got.length != 2) return notYet("return two arrays, {h_t, c_t}; got " + (got == null ? "null" : got.length + " arrays") + ".",
                        "new INDArray[]{hNew, cNew}.");
                String shape = shapeProblem(got[0], "h_t", expected[0], "h_t has the state's shape (N, hidden)");
                if (shape == null) shape = shapeProblem(got[1], "c_t", expected[1], "c_t has the cell's shape (N, hidden)");
                if (shape != null) return notYet(shape, "the product x Wx + h Wh + b is (N, 4·hidden): four blocks of hidden columns, one per gate.");
                if (close(got[0], expected[0]) && close(got[1], expected[1])) continue;
                if (close(got[1], expected[1]) && close(got[0], expected[1]))
                    return notYet("your h_t is the cell c_t itself.", "the output is the output gate times tanh of the cell: h_t = o ⊙ tanh(c_t).");
                if (close(got[1], expected[1]) && close(got[0], lstm(x, h, c, wx, wh, b, "ifgo", false, true)[0]))
                    return notYet("your c_t is right, but h_t = o ⊙ c_t.", "squash the cell before the output gate: h_t = o ⊙ tanh(c_t).");
                for (String order : new String[]{"ifog", "fiog", "igfo", "iofg"}) {
                    INDArray[] other = lstm(x, h, c, wx, wh, b, order, true, true);
                    if (close(got[0], other[0]) && close(got[1], other[1]))
                        return notYet("you read the gate blocks in the order " + String.join(", ", order.split("")) + ".",
                                "the library and PyTorch put them as i (input), f (forget), g (candidate), o (output): columns [0, H), [H, 2H), [2H, 3H), [3H, 4H).");
                }
                if (close(got[1], lstm(x, h, c, wx, wh, b, "ifgo", true, false)[1]))
                    return notYet("your c_t adds the candidate g without the input gate.", "c_t = f ⊙ c_(t−1) + i ⊙ g: the input gate decides how much of g gets in.");
                if (!close(got[1], expected[1])) return notYet(firstDifference(got[1], expected[1], "c_t"), "c_t = f ⊙ c_(t−1) + i ⊙ g, with σ for i, f, o and tanh for g.");
                return notYet(firstDifference(got[0], expected[0], "h_t"), "h_t = o ⊙ tanh(c_t).");
            }
            return right("h_t and c_t match on 3 random batches (gates i, f, g, o in PyTorch's order).");
        });
    }

    /**
     * Exercise 9.3: {@code answer} gives the bits per character of logits (N, T, V) against next-character
     * ids (N, T): the mean over every position of −log₂ softmax(logits)[target].
     */
    public static Verdict bitsPerChar(BiFunction<INDArray, int[][], Double> answer) {
        return Exercise.check("Exercise 9.3 (bits per character)", () -> {
            Random rnd = new Random(93);
            for (int trial = 0; trial < 3; trial++) {
                int n = 3, t = 5, v = 7;
                INDArray logits = random(rnd, n, t, v).muli(2);
                int[][] targets = new int[n][t];
                for (int[] row : targets) for (int j = 0; j < t; j++) row[j] = rnd.nextInt(v);
                double nats = 0, rawLogit = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < t; j++) {
                        double[] z = logits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(j)).toDoubleVector();
                        double max = Double.NEGATIVE_INFINITY, sum = 0;
                        for (double zz : z) max = Math.max(max, zz);
                        for (double zz : z) sum += Math.exp(zz - max);
                        nats += -(z[targets[i][j]] - max - Math.log(sum));
                        rawLogit += -z[targets[i][j]];
                    }
                int count = n * t;
                double expected = nats / count / Math.log(2);
                Double got = answer.apply(logits.dup(), copy(targets));
                if (got == null || !Double.isFinite(got)) return notYet("your answer is " + got + ".", "return the mean of −log₂ p(target) over the N·T positions.");
                if (near(got, expected)) continue;
                if (near(got, nats / count)) return notYet(String.format("your %.4f is in nats (natural log); the answer is in bits.", got),
                        "a bit is ln 2 nats: divide by Math.log(2).");
                if (near(got, nats / count / Math.log(10))) return notYet(String.format("your %.4f uses log₁₀.", got), "bits are logarithms to base 2: ln p / ln 2.");
                if (near(got, nats / Math.log(2))) return notYet(String.format("your %.4f is the sum over all %d positions.", got, count),
                        "bits per character is a mean: divide by N·T.");
                if (near(got, rawLogit / count / Math.log(2)) || near(got, rawLogit / count))
                    return notYet("your answer uses the raw logit of the target, not its log-probability.",
                            "normalise first: log softmax(z)[k] = z[k] − log Σⱼ exp(z[j]) (subtract the maximum for safety).");
                return notYet(String.format("on random logits (3, 5, 7) your answer is %.4f, the right one %.4f.", got, expected),
                        "for each position: p = softmax(logits[n][t]); add −log p[target]; then the mean, divided by ln 2.");
            }
            return right("right on 3 random batches of logits (3, 5, 7).");
        });
    }

    private static boolean near(double a, double b) { return Math.abs(a - b) <= 1e-6 * (1 + Math.abs(b)); }

    private static int[][] copy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    /**
     * Exercise 9.4: {@code answer} clips gradients by their global norm: when √(Σ ‖gᵢ‖²) exceeds
     * {@code maxNorm}, every gᵢ is scaled by maxNorm / norm; otherwise they are returned unchanged.
     */
    public static Verdict clipByGlobalNorm(BiFunction<List<INDArray>, Double, List<INDArray>> answer) {
        return Exercise.check("Exercise 9.4 (clipping by the global norm)", () -> {
            Random rnd = new Random(94);
            for (double scale : new double[]{10, 0.05}) {
                List<INDArray> grads = List.of(random(rnd, 3, 4).muli(scale), random(rnd, 1, 4).muli(scale * 3), random(rnd, 5, 2).muli(scale));
                double maxNorm = 1;
                double norm = 0;
                for (INDArray g : grads) norm += g.norm2Number().doubleValue() * g.norm2Number().doubleValue();
                norm = Math.sqrt(norm);
                double factor = norm > maxNorm ? maxNorm / norm : 1;
                List<INDArray> given = new ArrayList<>();
                for (INDArray g : grads) given.add(g.dup());
                List<INDArray> got = answer.apply(given, maxNorm);
                if (got == null || got.size() != grads.size())
                    return notYet("return one gradient per input gradient (" + grads.size() + "); got " + (got == null ? "null" : got.size()) + ".", "a list of the same length.");
                boolean all = true, perTensor = true, always = true, byValue = true;
                for (int i = 0; i < grads.size(); i++) {
                    INDArray g = grads.get(i), y = got.get(i);
                    if (y == null || !java.util.Arrays.equals(y.shape(), g.shape()))
                        return notYet("gradient " + i + " came back with another shape.", "clipping scales each gradient; it keeps its shape.");
                    double own = g.norm2Number().doubleValue();
                    all &= close(y, g.mul(factor));
                    perTensor &= close(y, own > maxNorm ? g.mul(maxNorm / own) : g);
                    always &= close(y, g.mul(maxNorm / norm));
                    byValue &= close(y, Transforms.min(Transforms.max(g, -maxNorm, true), maxNorm, true));
                }
                if (all) continue;
                String where = String.format(" (global norm %.3g, maxNorm 1)", norm);
                if (always && factor == 1) return notYet("your gradients were scaled up although their norm" + where + " was already below the limit.",
                        "clip only when the norm exceeds maxNorm; otherwise leave the gradients as they are.");
                if (perTensor) return notYet("you clipped each gradient by its own norm" + where + ".",
                        "take one norm over all of them, √(Σᵢ ‖gᵢ‖²), and scale every gradient by the same factor: that keeps the update's direction.");
                if (byValue) return notYet("you clipped each element to [−maxNorm, maxNorm]" + where + ": that changes the direction.",
                        "scale every gradient by maxNorm / norm, where norm is √(Σᵢ ‖gᵢ‖²).");
                return notYet("your clipped gradients differ from the right ones" + where + ".", "when norm > maxNorm, gᵢ · maxNorm / norm; else gᵢ unchanged.");
            }
            return right("large gradients scaled to norm 1 with their direction kept, small ones left alone.");
        });
    }
}
