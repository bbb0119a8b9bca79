package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.text.Rouge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.ToDoubleBiFunction;

import static org.nnbook.exercise.ArrayChecks.*;
import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 13 (summarisation, pretrain-then-fine-tune): ROUGE-1's F1 from two token lists
 * (13.1; Lin, 2004, "ROUGE: A Package for Automatic Evaluation of Summaries"), checked against
 * {@link Rouge#rougeN}; and the classifier's pooling, the mean of a sequence's vectors over its real
 * tokens (13.2), checked against {@link MeanOverTime}. Each names what a typical wrong answer did.
 */
public final class Exercises13 {
    private Exercises13() {}

    /** Exercise 13.1: the F1 of ROUGE-1, unigram overlap with each word counted at most as often as in the other text. */
    public static Verdict rouge1(ToDoubleBiFunction<List<String>, List<String>> answer) {
        return Exercise.check("Exercise 13.1 (ROUGE-1)", () -> {
            List<List<List<String>>> cases = List.of(
                    List.of(words("python library for reading excel files"), words("python 3 library to read excel files")),
                    List.of(words("the the the library"), words("the library for the web")),
                    List.of(words("gnu c compiler"), words("the gnu compiler collection c compiler")),
                    List.of(words("tool"), words("command line tool for tool makers")));
            for (List<List<String>> c : cases) {
                List<String> prediction = c.get(0), reference = c.get(1);
                double expected = Rouge.rougeN(prediction, reference, 1).f1();
                double got = answer.applyAsDouble(List.copyOf(prediction), List.copyOf(reference));
                String on = "for the summary \"" + String.join(" ", prediction) + "\" and the reference \"" + String.join(" ", reference) + "\"";
                if (close(got, expected)) continue;
                double overlap = clippedOverlap(prediction, reference);
                if (close(got, overlap / prediction.size()))
                    return notYet(on + " your answer is the precision (" + number(got) + "), not the F1.", "F1 = 2 P R / (P + R), with the recall R as well.");
                if (close(got, overlap / reference.size()))
                    return notYet(on + " your answer is the recall (" + number(got) + "), not the F1.", "F1 = 2 P R / (P + R), with the precision P as well.");
                double unclipped = prediction.stream().filter(reference::contains).count();
                double p = unclipped / prediction.size(), r = unclipped / reference.size();
                if (close(got, 2 * p * r / (p + r)))
                    return notYet(on + " your overlap counts each occurrence of a summary word found in the reference, however often the reference has it.",
                            "a word counts at most as often as it occurs in each text: the overlap is Σ min(count in summary, count in reference).");
                double distinct = new HashSet<>(prediction).stream().filter(reference::contains).count();
                double dp = distinct / new HashSet<>(prediction).size(), dr = distinct / new HashSet<>(reference).size();
                if (close(got, 2 * dp * dr / (dp + dr)))
                    return notYet(on + " your answer compares the sets of words: a repeated word counts once.",
                            "ROUGE counts words with their repeats: the overlap is Σ min(count in summary, count in reference), over the texts' lengths.");
                return notYet(on + " your F1 is " + number(got) + ", the right one " + number(expected) + ".",
                        "overlap = Σ over words of min(count in summary, count in reference); P = overlap / summary length, R = overlap / reference length.");
            }
            return right("right on 4 pairs, repeated words included: a summary that says \"the\" three times gets credit for it only as often as"
                    + " the reference says it.");
        });
    }

    private static List<String> words(String s) { return List.of(s.split(" ")); }

    private static double clippedOverlap(List<String> a, List<String> b) {
        Map<String, Integer> count = new HashMap<>();
        for (String w : b) count.merge(w, 1, Integer::sum);
        double overlap = 0;
        for (String w : a) if (count.getOrDefault(w, 0) > 0) { overlap++; count.merge(w, -1, Integer::sum); }
        return overlap;
    }

    /** Exercise 13.2: h (N, T, D) and mask (N, T) → (N, D), each row's mean over its real positions (mask 1). */
    public static Verdict meanOverRealTokens(BiFunction<INDArray, INDArray, INDArray> answer) {
        return Exercise.check("Exercise 13.2 (the mean over the real tokens)", () -> {
            Random rnd = new Random(132);
            for (int[] size : new int[][]{{3, 5, 4}, {2, 6, 3}}) {
                int n = size[0], t = size[1], d = size[2];
                INDArray h = random(rnd, n, t, d);
                INDArray mask = Nd4j.zeros(DataType.DOUBLE, n, t);
                for (int i = 0; i < n; i++) for (int j = 0; j < 2 + (i * 2) % (t - 1); j++) mask.putScalar(i, j, 1);   // rows of different lengths
                INDArray expected = new MeanOverTime().forward(h, mask, false);
                INDArray got = answer.apply(h.dup(), mask.dup());
                String shape = shapeProblem(got, "answer", expected, "one vector per sequence:");
                if (shape != null) return notYet(shape, "average over the time axis (axis 1) of h (N, T, D), which leaves (N, D).");
                if (close(got, expected)) continue;
                if (close(got, h.mean(1)))
                    return notYet("your answer averages over all T positions, padding included.", "weigh each position by its mask, and divide by the number of real positions.");
                INDArray masked = h.mul(mask.reshape(n, t, 1)).sum(1);
                if (close(got, masked))
                    return notYet("your answer is the sum over the real positions, not their mean.", "divide each row by its number of real positions, the sum of its mask.");
                if (close(got, masked.div(t)))
                    return notYet("your answer divides the sum over the real positions by T, the padded length.", "divide each row by its own number of real positions.");
                return notYet(firstDifference(got, expected, "answer"), "y[n] = Σ_t mask[n, t] h[n, t] / Σ_t mask[n, t].");
            }
            return right("right on 2 batches of sequences of different lengths: padding does not count, so a description's vector does not"
                    + " depend on how long the longest one in its batch was.");
        });
    }
}
