package org.nnbook.exercise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 12 (translation): BLEU's clipped n-gram precision (12.1) and its brevity
 * penalty (12.2), both from Papineni, Roukos, Ward and Zhu, 2002, "BLEU: a Method for Automatic
 * Evaluation of Machine Translation" (sections 2.1 and 2.2.2), and teacher forcing's two sequences
 * (12.3). Each names what a typical wrong answer did; {@code text.Bleu} and {@code text.TokenBatches}
 * compute the same things.
 */
public final class Exercises12 {
    private static final int BOS = 1, EOS = 2;

    private Exercises12() {}

    /** Exercise 12.1's answer: {matches, total} of the n-grams of hyp against ref. */
    @FunctionalInterface
    public interface ClippedCount { int[] count(List<String> hyp, List<String> ref, int n); }

    /** Exercise 12.2's answer: BP for a hypothesis of c words and a reference of r words. */
    @FunctionalInterface
    public interface BrevityPenalty { double of(int c, int r); }

    /** Exercise 12.1: matches = Σ over the hypothesis's distinct n-grams of min(count in hyp, count in ref); total = n-grams in hyp. */
    static Exercise.Outcome clippedOutcome(ClippedCount answer) {
        String[][][] cases = {
                {"the cat sat on the mat".split(" "), "the cat is on the mat".split(" ")},
                {"the the the the the the the".split(" "), "the cat is on the mat".split(" ")},    // Papineni et al.'s example
                {"a b a b a".split(" "), "a b a c".split(" ")},
                {"x".split(" "), "x y".split(" ")},
        };
        for (String[][] c : cases) {
            List<String> hyp = List.of(c[0]), ref = List.of(c[1]);
            for (int n = 1; n <= 2; n++) {
                int[] expected = count(hyp, ref, n, true), got;
                String on = "on hyp \"" + String.join(" ", hyp) + "\", ref \"" + String.join(" ", ref) + "\", n = " + n;
                got = answer.count(hyp, ref, n);
                if (got == null || got.length != 2) return notYet(on + " your answer is " + Arrays.toString(got) + ", not two numbers {matches, total}.",
                        "return new int[]{matches, total}.");
                if (Arrays.equals(got, expected)) continue;
                int[] unclipped = count(hyp, ref, n, false);
                if (got[0] == unclipped[0] && got[0] != expected[0])
                    return notYet(on + " you count " + got[0] + " matches: every hypothesis n-gram found in the reference, however often it is repeated.",
                            "an n-gram can match at most as many times as it occurs in the reference (\"the the the …\" must not score 7/7).");
                if (got[1] == Math.max(0, ref.size() - n + 1) && got[1] != expected[1])
                    return notYet(on + " your total " + got[1] + " is the number of n-grams in the reference.", "precision divides by what the hypothesis proposed.");
                return notYet(on + " you give " + Arrays.toString(got) + ", expected " + Arrays.toString(expected) + ".",
                        "list the hypothesis's n-grams (windows of n consecutive words), count each, and clip by its count in the reference.");
            }
        }
        return right("right on 4 pairs, n = 1 and 2, repeated words included. Without the clipping, \"the the the the the the the\" would have unigram precision 7/7.");
    }

    public static Verdict clippedCount(ClippedCount answer) { return Exercise.check("Exercise 12.1 (clipped n-gram counts)", () -> clippedOutcome(answer)); }

    static int[] count(List<String> hyp, List<String> ref, int n, boolean clip) {
        Map<List<String>, Integer> h = ngrams(hyp, n), r = ngrams(ref, n);
        int matches = 0, total = 0;
        for (var e : h.entrySet()) {
            total += e.getValue();
            int inRef = r.getOrDefault(e.getKey(), 0);
            matches += clip ? Math.min(e.getValue(), inRef) : inRef > 0 ? e.getValue() : 0;
        }
        return new int[]{matches, total};
    }

    private static Map<List<String>, Integer> ngrams(List<String> words, int n) {
        Map<List<String>, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) m.merge(new ArrayList<>(words.subList(i, i + n)), 1, Integer::sum);
        return m;
    }

    /** Exercise 12.2: BP = 1 when c > r, else exp(1 − r / c) (0 for an empty hypothesis). */
    public static Verdict brevityPenalty(BrevityPenalty answer) {
        return Exercise.check("Exercise 12.2 (the brevity penalty)", () -> {
            int[][] cases = {{10, 10}, {12, 10}, {8, 10}, {5, 10}, {1, 4}, {30, 20}, {19, 20}};
            for (int[] c : cases) {
                double expected = c[0] > c[1] ? 1 : Math.exp(1 - (double) c[1] / c[0]), got = answer.of(c[0], c[1]);
                String on = "for c = " + c[0] + " hypothesis words and r = " + c[1] + " reference words";
                if (Math.abs(got - expected) < 1e-9) continue;
                if (c[0] > c[1])
                    return notYet(on + " you give " + got + " for a hypothesis longer than the reference, where BP is 1.",
                            "a longer hypothesis already pays through its precision (more n-grams, more of them wrong); BP only punishes short ones.");
                if (Math.abs(got - Math.exp(1 - (double) c[0] / c[1])) < 1e-9)
                    return notYet(on + " you give exp(1 − c / r) = " + got + ", which is above 1 for a short hypothesis.", "the ratio inside is the other way round.");
                if (Math.abs(got - (double) c[0] / c[1]) < 1e-9)
                    return notYet(on + " you give c / r = " + got + ".", "BLEU's penalty is exponential: exp(1 − r / c).");
                return notYet(on + " you give " + got + ", expected " + expected + ".", "BP = 1 if c > r, otherwise exp(1 − r / c).");
            }
            if (answer.of(0, 10) != 0) return notYet("for an empty hypothesis (c = 0) BP should be 0.", "r / c is infinite there: exp(−∞) = 0.");
            return right("right. A hypothesis 8 words long against a 10-word reference keeps exp(1 − 10/8) = 78% of its score.");
        });
    }

    /** Exercise 12.3: from the target ids, {BOS then the ids (what the decoder reads), the ids then EOS (what it must predict)}. */
    public static Verdict teacherForcing(Function<int[], int[][]> answer) {
        return Exercise.check("Exercise 12.3 (teacher forcing)", () -> {
            for (int[] target : new int[][]{{17, 8, 300}, {5}, {42, 42, 9, 11}}) {
                int[] in = new int[target.length + 1], out = new int[target.length + 1];
                in[0] = BOS;
                System.arraycopy(target, 0, in, 1, target.length);
                System.arraycopy(target, 0, out, 0, target.length);
                out[target.length] = EOS;
                int[][] got = answer.apply(target.clone());
                String on = "for the target " + Arrays.toString(target);
                if (got == null || got.length != 2) return notYet(on + " your answer is not two arrays {decoder input, decoder target}.", "return new int[][]{input, target}.");
                if (Arrays.equals(got[0], out) && Arrays.equals(got[1], in))
                    return notYet(on + " the two arrays are swapped.", "the decoder reads BOS first; what it must write ends with EOS.");
                if (Arrays.equals(got[0], in) && Arrays.equals(got[1], in))
                    return notYet(on + " the target is the input itself: the model would learn to copy the token it reads.",
                            "at each position the model predicts the next token: the target is the input shifted by one, ended by EOS.");
                if (!Arrays.equals(got[0], in)) return notYet(on + " the decoder input is " + Arrays.toString(got[0]) + ", expected " + Arrays.toString(in) + ".",
                        "the decoder starts from BOS (id " + BOS + "), followed by the target ids.");
                if (!Arrays.equals(got[1], out)) return notYet(on + " the decoder target is " + Arrays.toString(got[1]) + ", expected " + Arrays.toString(out) + ".",
                        "position t must predict the token after the input's token t; the last one is EOS (id " + EOS + ").");
            }
            return right("right: one forward pass trains every position at once, each on the true previous tokens.");
        });
    }
}
