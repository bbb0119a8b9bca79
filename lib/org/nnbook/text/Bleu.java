package org.nnbook.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * BLEU, the n-gram precision score of machine translation (Papineni, Roukos, Ward and Zhu, "BLEU: a Method
 * for Automatic Evaluation of Machine Translation", ACL 2002), computed exactly as sacreBLEU computes its
 * default (Post, "A Call for Clarity in Reporting BLEU Scores", WMT 2018), so that a number from this class
 * can be put next to published ones.
 *
 * <pre>{@code
 * Bleu.Score s = Bleu.corpus(translations, references);      // one reference per sentence
 * s.score();      // 0..100
 * s;              // BLEU = 28.70 60.1/35.2/22.0/14.1 (BP = 0.981 ratio = 0.981 hyp_len = 1234 ref_len = 1258)
 * }</pre>
 *
 * <p>The recipe: each sentence is tokenised by {@link #tokenize13a} (mteval-v13a's rules); for n = 1..4,
 * a hypothesis n-gram matches at most as many times as it occurs in a reference (with several references,
 * the most times it occurs in any one of them: "clipped" counts); matches and totals are summed over the
 * corpus, p_n = matches_n / total_n. The reference length of a sentence is the length of the reference
 * closest to the hypothesis's (the shorter one on a tie), summed over the corpus as r, against the
 * hypothesis length c. BLEU = BP exp(mean of log p_n), BP = 1 if c >= r else exp(1 - r / c).
 * Smoothing "exp" (sacreBLEU's default, mteval's): the k-th order with no match gets p_n = 1 / (2^k total_n).
 * No match at all gives 0.
 */
public final class Bleu {
    public static final int MAX_ORDER = 4;
    // mteval-v13a's punctuation, one symbol at a time: { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
    private static final Pattern PUNCTUATION = Pattern.compile("([{-~\\[-` -&(-+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER = Pattern.compile("([^0-9])([.,])"), PERIOD_COMMA_BEFORE = Pattern.compile("([.,])([^0-9])"),
            DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    /**
     * A BLEU score with what it is made of: {@code precisions} p_1..p_4 in percent, brevity penalty {@code bp},
     * {@code ratio} = hypLen / refLen, and the n-gram {@code matches} and {@code totals} summed over the corpus.
     */
    public record Score(double score, double[] precisions, double bp, double ratio, int hypLen, int refLen, int[] matches, int[] totals) {
        /** sacreBLEU's line, e.g. {@code BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}. */
        @Override
        public String toString() {
            return "BLEU = " + PyText.fixed(score, 2) + " " + String.join("/", Arrays.stream(precisions).mapToObj(p -> PyText.fixed(p, 1)).toList())
                    + " (BP = " + PyText.fixed(bp, 3) + " ratio = " + PyText.fixed(ratio, 3) + " hyp_len = " + hypLen + " ref_len = " + refLen + ")";
        }
    }

    private Bleu() {}

    /**
     * Corpus BLEU of {@code hypotheses} against one or more reference streams, as {@code sacrebleu.corpus_bleu}:
     * {@code references[k].get(i)} is the k-th reference of sentence i (null where sentence i has fewer references).
     */
    @SafeVarargs
    public static Score corpus(List<String> hypotheses, List<String>... references) {
        return score(hypotheses, references, false);
    }

    /**
     * BLEU of one sentence, as {@code sacrebleu.sentence_bleu}: like {@link #corpus} on one sentence, but orders
     * beyond the hypothesis's length are left out of the mean ("effective order"). A corpus score is not
     * the mean of sentence scores: report {@link #corpus}.
     */
    public static Score sentence(String hypothesis, String... references) {
        @SuppressWarnings("unchecked")
        List<String>[] streams = Arrays.stream(references).map(r -> Arrays.asList(r)).toArray(List[]::new);
        return score(List.of(hypothesis), streams, true);
    }

    private static Score score(List<String> hypotheses, List<String>[] references, boolean effectiveOrder) {
        if (hypotheses == null || references == null || references.length == 0)
            throw new IllegalArgumentException("BLEU needs hypotheses and at least one list of references.");
        for (List<String> stream : references)
            if (stream == null || stream.size() != hypotheses.size())
                throw new IllegalArgumentException("BLEU: " + hypotheses.size() + " hypotheses but a reference list of "
                        + (stream == null ? "null" : stream.size() + " sentences") + ": give one reference per hypothesis in each list (null where a sentence has none).");
        int[] matches = new int[MAX_ORDER], totals = new int[MAX_ORDER];
        int hypLen = 0, refLen = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            if (hypotheses.get(i) == null) throw new IllegalArgumentException("BLEU: hypothesis " + i + " is null; use \"\" for an empty translation.");
            Map<String, Integer> refMax = new HashMap<>();
            List<Integer> refLens = new ArrayList<>();
            for (List<String> stream : references) {
                if (stream.get(i) == null) continue;
                List<String> tokens = PyText.split(tokenize13a(PyText.rstrip(stream.get(i))));
                refLens.add(tokens.size());
                ngrams(tokens).forEach((g, c) -> refMax.merge(g, c, Math::max));
            }
            if (refLens.isEmpty()) throw new IllegalArgumentException("BLEU: sentence " + i + " has no reference (null in every list).");
            List<String> hyp = PyText.split(tokenize13a(PyText.rstrip(hypotheses.get(i))));
            int closest = refLens.get(0);
            for (int r : refLens) {
                int d = Math.abs(hyp.size() - r), best = Math.abs(hyp.size() - closest);
                if (d < best || (d == best && r < closest)) closest = r;
            }
            hypLen += hyp.size();
            refLen += closest;
            ngrams(hyp).forEach((g, c) -> {
                int n = order(g);
                totals[n - 1] += c;
                matches[n - 1] += Math.min(c, refMax.getOrDefault(g, 0));
            });
        }
        return fromCounts(matches, totals, hypLen, refLen, effectiveOrder);
    }

    /** The 1- to 4-grams of {@code tokens} with their counts, each joined by single spaces (tokens hold none). */
    private static Map<String, Integer> ngrams(List<String> tokens) {
        Map<String, Integer> out = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++)
            for (int i = 0; i + n <= tokens.size(); i++) out.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
        return out;
    }

    private static int order(String ngram) { return (int) ngram.chars().filter(ch -> ch == ' ').count() + 1; }

    /**
     * BLEU from its sufficient statistics (sacreBLEU's {@code compute_bleu} with smoothing "exp"): n-gram
     * matches and totals for n = 1..4, hypothesis and reference lengths. With {@code effectiveOrder} the
     * mean runs over the orders up to the last one with a non-zero total.
     */
    public static Score fromCounts(int[] matches, int[] totals, int hypLen, int refLen, boolean effectiveOrder) {
        if (matches.length != MAX_ORDER || totals.length != MAX_ORDER)
            throw new IllegalArgumentException("BLEU.fromCounts needs " + MAX_ORDER + " matches and totals (n = 1.." + MAX_ORDER + "), got "
                    + matches.length + " and " + totals.length + ".");
        double bp = hypLen >= refLen ? 1 : hypLen > 0 ? Math.exp(1 - (double) refLen / hypLen) : 0;
        double ratio = refLen > 0 ? (double) hypLen / refLen : 0;
        double[] p = new double[MAX_ORDER];
        if (Arrays.stream(matches).allMatch(m -> m == 0)) return new Score(0, p, bp, ratio, hypLen, refLen, matches.clone(), totals.clone());
        double smooth = 1;
        int order = MAX_ORDER;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (totals[n] == 0) break;
            if (effectiveOrder) order = n + 1;
            if (matches[n] == 0) { smooth *= 2; p[n] = 100 / (smooth * totals[n]); }
            else p[n] = 100.0 * matches[n] / totals[n];
        }
        double logSum = 0;
        for (int n = 0; n < order; n++) logSum += p[n] == 0 ? -9_999_999_999.0 : Math.log(p[n]);     // sacreBLEU's floor for log 0
        return new Score(bp * Math.exp(logSum / order), p, bp, ratio, hypLen, refLen, matches.clone(), totals.clone());
    }

    /**
     * mteval-v13a's tokeniser as sacreBLEU writes it: drop {@code <skipped>}, join lines ({@code -\n} removed,
     * {@code \n} a space), unescape {@code &quot; &amp; &lt; &gt;}, put spaces around punctuation, around
     * a period or comma unless it sits between digits (1,000.5 stays whole), and after a dash that follows
     * a digit; then single spaces.
     */
    public static String tokenize13a(String line) {
        line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (line.contains("&")) line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        line = " " + line + " ";
        line = PUNCTUATION.matcher(line).replaceAll(" $1 ");
        line = PERIOD_COMMA_AFTER.matcher(line).replaceAll("$1 $2 ");
        line = PERIOD_COMMA_BEFORE.matcher(line).replaceAll(" $1 $2");
        line = DASH_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
        return String.join(" ", PyText.split(line));
    }
}
