package org.nnbook.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * chrF, the character n-gram F-score of machine translation (Popović, "chrF: character n-gram F-score for
 * automatic MT evaluation", WMT 2015), computed as sacreBLEU computes its default chrF2 (Post, WMT 2018).
 * It rewards a translation that gets a word's stem right and its ending wrong, which BLEU does not, and
 * needs no tokeniser.
 *
 * <pre>{@code
 * ChrF.Score s = new ChrF().corpus(translations, references);   // chrF2 = 59.73
 * }</pre>
 *
 * <p>The recipe: white space is removed from each sentence; for n = 1..6 the character n-grams of hypothesis
 * and reference are counted, a hypothesis n-gram matches at most as often as the reference holds it, and
 * the counts (hypothesis, reference, matches per order) are summed over the corpus. Then precision P_n and
 * recall R_n per order are averaged over the orders where both sides have n-grams (sacreBLEU's "effective
 * order", its default), and chrF = (1 + β²) P R / (β² P + R) x 100 with β = 2: recall weighs twice as much as
 * precision. With several references, each sentence takes the counts of the reference that gives it the
 * best score. {@code epsSmoothing} switches to chrF++.py's variant instead: the F-score of each order
 * (1e-16 where undefined), averaged over all six orders.
 */
public final class ChrF {
    public static final int CHAR_ORDER = 6;
    private static final double EPS = 1e-16;
    private final int beta;
    private final boolean epsSmoothing;

    /** A chrF score; {@code toString} is sacreBLEU's, e.g. {@code chrF2 = 59.73}. */
    public record Score(double score, int beta) {
        @Override
        public String toString() { return "chrF" + beta + " = " + PyText.fixed(score, 2); }
    }

    /** chrF2, sacreBLEU's default. */
    public ChrF() { this(2, false); }

    /** chrF with weight {@code beta} on recall, and chrF++.py's smoothing when {@code epsSmoothing}. */
    public ChrF(int beta, boolean epsSmoothing) {
        if (beta < 1) throw new IllegalArgumentException("ChrF: beta must be >= 1 (2 is the standard chrF2), got " + beta + ".");
        this.beta = beta;
        this.epsSmoothing = epsSmoothing;
    }

    /** Corpus chrF of {@code hypotheses}; {@code references[k].get(i)} is the k-th reference of sentence i (null if none). */
    @SafeVarargs
    public final Score corpus(List<String> hypotheses, List<String>... references) {
        if (hypotheses == null || references == null || references.length == 0)
            throw new IllegalArgumentException("chrF needs hypotheses and at least one list of references.");
        for (List<String> stream : references)
            if (stream == null || stream.size() != hypotheses.size())
                throw new IllegalArgumentException("chrF: " + hypotheses.size() + " hypotheses but a reference list of "
                        + (stream == null ? "null" : stream.size() + " sentences") + ": give one reference per hypothesis in each list (null where a sentence has none).");
        long[] total = new long[3 * CHAR_ORDER];
        for (int i = 0; i < hypotheses.size(); i++) {
            if (hypotheses.get(i) == null) throw new IllegalArgumentException("chrF: hypothesis " + i + " is null; use \"\" for an empty translation.");
            List<Map<String, Integer>> hyp = ngrams(hypotheses.get(i));
            long[] best = null;
            double bestF = -1;
            for (List<String> stream : references) {
                if (stream.get(i) == null) continue;
                long[] stats = statistics(hyp, ngrams(stream.get(i)));
                double f = fScore(stats);
                if (f > bestF) { bestF = f; best = stats; }
            }
            if (best == null) throw new IllegalArgumentException("chrF: sentence " + i + " has no reference (null in every list).");
            for (int k = 0; k < total.length; k++) total[k] += best[k];
        }
        return new Score(fScore(total), beta);
    }

    /** chrF of one sentence against its references. */
    public Score sentence(String hypothesis, String... references) {
        @SuppressWarnings("unchecked")
        List<String>[] streams = Arrays.stream(references).map(r -> Arrays.asList(r)).toArray(List[]::new);
        return corpus(List.of(hypothesis), streams);
    }

    /** The character n-grams of {@code text} without its white space, n = 1..6, with their counts. */
    private static List<Map<String, Integer>> ngrams(String text) {
        int[] cps = String.join("", PyText.split(text)).codePoints().toArray();
        Map<String, Integer>[] out = new Map[CHAR_ORDER];
        for (int n = 1; n <= CHAR_ORDER; n++) {
            out[n - 1] = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) out[n - 1].merge(new String(cps, i, n), 1, Integer::sum);
        }
        return List.of(out);
    }

    /** Per order: hypothesis n-grams (0 when the reference has none of that order), reference n-grams, matches. */
    private static long[] statistics(List<Map<String, Integer>> hyp, List<Map<String, Integer>> ref) {
        long[] s = new long[3 * CHAR_ORDER];
        for (int n = 0; n < CHAR_ORDER; n++) {
            Map<String, Integer> r = ref.get(n);
            long hypCount = 0, match = 0;
            for (var e : hyp.get(n).entrySet()) {
                hypCount += e.getValue();
                match += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
            }
            s[3 * n] = r.isEmpty() ? 0 : hypCount;
            s[3 * n + 1] = r.values().stream().mapToLong(Integer::longValue).sum();
            s[3 * n + 2] = match;
        }
        return s;
    }

    /** The F-score in 0..100 from summed statistics, as sacreBLEU's {@code _compute_f_score}. */
    private double fScore(long[] s) {
        double factor = (double) beta * beta, score = 0, avgP = 0, avgR = 0;
        int effective = 0;
        for (int n = 0; n < CHAR_ORDER; n++) {
            long h = s[3 * n], r = s[3 * n + 1], m = s[3 * n + 2];
            double p = h > 0 ? (double) m / h : EPS, rec = r > 0 ? (double) m / r : EPS, denom = factor * p + rec;
            score += denom > 0 ? (1 + factor) * p * rec / denom : EPS;
            if (h > 0 && r > 0) { avgP += p; avgR += rec; effective++; }
        }
        if (epsSmoothing) return 100 * score / CHAR_ORDER;
        if (effective == 0) return 0;
        avgP /= effective;
        avgR /= effective;
        return avgP + avgR > 0 ? 100 * (1 + factor) * avgP * avgR / (factor * avgP + avgR) : 0;
    }

    @Override
    public String toString() { return "ChrF(chrF" + beta + ", character n-grams 1.." + CHAR_ORDER + (epsSmoothing ? ", eps smoothing" : "") + ")"; }
}
