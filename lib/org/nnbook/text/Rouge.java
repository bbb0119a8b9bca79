package org.nnbook.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ROUGE-1, ROUGE-2 and ROUGE-L, the recall-oriented overlap scores of summarisation (Lin, "ROUGE: A Package
 * for Automatic Evaluation of Summaries", ACL workshop 2004), computed as Google's rouge-score package
 * ({@code rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)}) computes them; with
 * {@code stem} true, as with {@code use_stemmer=True} (Porter's stemmer as NLTK has it, on words of 4+ letters).
 *
 * <pre>{@code
 * Rouge.Result r = Rouge.score(summary, reference);        // one pair
 * r.rougeL().f1();
 * Rouge.Result m = Rouge.mean(summaries, references);      // corpus: the mean of each number over the pairs
 * }</pre>
 *
 * <p>The recipe: {@link #tokens} lower-cases the text and keeps the runs of ASCII letters and digits (every
 * other character separates words, so accented letters and non-Latin scripts are dropped: ROUGE is for
 * English). ROUGE-N: the n-grams both texts share, each counted at most as often as it occurs in either,
 * over the prediction's n-grams (precision) and over the reference's (recall). ROUGE-L: the length of the
 * longest common subsequence of the two token lists, over the prediction's and the reference's length.
 * F1 = 2PR / (P + R), 0 when both are 0; an empty side scores 0.
 *
 * <p>Arguments come prediction first, as in {@link Bleu} and {@link ChrF}; rouge-score's {@code score(target,
 * prediction)} takes the reference first. Not here: ROUGE-Lsum, and the bootstrap confidence interval of rouge-score's {@code BootstrapAggregator}
 * ({@link #mean} is the plain mean, which its "mid" estimates).
 */
public final class Rouge {
    /** Precision, recall and their harmonic mean, each in 0..1. */
    public record Score(double precision, double recall, double f1) {
        static Score of(double p, double r) { return new Score(p, r, p + r > 0 ? 2 * p * r / (p + r) : 0); }

        @Override
        public String toString() { return String.format(Locale.ROOT, "P = %.4f R = %.4f F1 = %.4f", precision, recall, f1); }
    }

    /** The three scores of a pair (or their means over a corpus). */
    public record Result(Score rouge1, Score rouge2, Score rougeL) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ROUGE-1 = %.2f ROUGE-2 = %.2f ROUGE-L = %.2f (F1 x 100; recall %.2f/%.2f/%.2f)",
                    100 * rouge1.f1, 100 * rouge2.f1, 100 * rougeL.f1, 100 * rouge1.recall, 100 * rouge2.recall, 100 * rougeL.recall);
        }
    }

    private Rouge() {}

    /** rouge-score's tokens: lower case, runs of a-z and 0-9; with {@code stem}, words longer than 3 letters stemmed. */
    public static List<String> tokens(String text, boolean stem) {
        if (text == null) throw new IllegalArgumentException("Rouge needs a text, got null; use \"\" for an empty one.");
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
            if (!t.isEmpty()) out.add(stem && t.length() > 3 ? PorterStemmer.stem(t) : t);
        return out;
    }

    /** ROUGE-1, ROUGE-2 and ROUGE-L of {@code prediction} against {@code reference}, without stemming. */
    public static Result score(String prediction, String reference) { return score(prediction, reference, false); }

    /** ROUGE-1, ROUGE-2 and ROUGE-L of {@code prediction} against {@code reference}; {@code stem}: Porter-stem the words first. */
    public static Result score(String prediction, String reference, boolean stem) {
        List<String> p = tokens(prediction, stem), r = tokens(reference, stem);
        return new Result(rougeN(p, r, 1), rougeN(p, r, 2), rougeL(p, r));
    }

    /** The mean of each precision, recall and F1 over the pairs (prediction i, reference i), without stemming. */
    public static Result mean(List<String> predictions, List<String> references) { return mean(predictions, references, false); }

    /** The mean of each precision, recall and F1 over the pairs (prediction i, reference i); {@code stem} as in {@link #score}. */
    public static Result mean(List<String> predictions, List<String> references, boolean stem) {
        if (predictions == null || references == null || predictions.size() != references.size() || predictions.isEmpty())
            throw new IllegalArgumentException("Rouge.mean needs as many references as predictions, at least one: got "
                    + (predictions == null ? "null" : predictions.size()) + " and " + (references == null ? "null" : references.size()) + ".");
        double[] sum = new double[9];
        for (int i = 0; i < predictions.size(); i++) {
            Result r = score(predictions.get(i), references.get(i), stem);
            Score[] s = {r.rouge1, r.rouge2, r.rougeL};
            for (int k = 0; k < 3; k++) { sum[3 * k] += s[k].precision; sum[3 * k + 1] += s[k].recall; sum[3 * k + 2] += s[k].f1; }
        }
        int n = predictions.size();
        Score[] m = new Score[3];
        for (int k = 0; k < 3; k++) m[k] = new Score(sum[3 * k] / n, sum[3 * k + 1] / n, sum[3 * k + 2] / n);
        return new Result(m[0], m[1], m[2]);
    }

    /** ROUGE-N on token lists: clipped shared n-grams over the prediction's (P) and the reference's (R) n-gram counts. */
    public static Score rougeN(List<String> prediction, List<String> reference, int n) {
        if (n < 1) throw new IllegalArgumentException("ROUGE-N needs n >= 1, got " + n + ".");
        Map<List<String>, Integer> p = ngrams(prediction, n), r = ngrams(reference, n);
        int shared = 0;
        for (var e : r.entrySet()) shared += Math.min(e.getValue(), p.getOrDefault(e.getKey(), 0));
        int pCount = Math.max(prediction.size() - n + 1, 1), rCount = Math.max(reference.size() - n + 1, 1);
        return Score.of((double) shared / pCount, (double) shared / rCount);
    }

    /** ROUGE-L on token lists: the longest common subsequence over the prediction's (P) and the reference's (R) length. */
    public static Score rougeL(List<String> prediction, List<String> reference) {
        if (prediction.isEmpty() || reference.isEmpty()) return new Score(0, 0, 0);
        int lcs = lcsLength(prediction, reference);
        return Score.of((double) lcs / prediction.size(), (double) lcs / reference.size());
    }

    /** Length of the longest common subsequence, by dynamic programming a row at a time: O(|a| |b|) time, O(|b|) memory. */
    static int lcsLength(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1], row = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) row[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
            int[] t = prev; prev = row; row = t;
        }
        return prev[b.size()];
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) out.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        return out;
    }
}
