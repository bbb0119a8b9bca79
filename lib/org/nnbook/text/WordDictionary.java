package org.nnbook.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-by-word translation baseline learned from sentence pairs alone, with IBM Model 1 (Brown,
 * Della Pietra, Della Pietra and Mercer, 1993, "The Mathematics of Statistical Machine Translation"):
 * each target word f of a pair is taken to come from one of the source words e (or from NULL, for
 * words with no counterpart), with probability t(f | e). Expectation-maximisation learns t from the pairs:
 * <pre>
 *   E: for each pair and each target word f, share one count among its source words: c(e, f) += t(f|e) / Σ_e' t(f|e')
 *   M: t(f | e) = c(e, f) / Σ_f' c(e, f')
 * </pre>
 * starting from t uniform, so the first round is plain co-occurrence counting. A word that appears
 * beside "library" in most pairs, such as "bibliothèque", soon takes most of its probability.
 * {@link #translate} replaces each source word by its likeliest target word, in the source's order
 * (a word never seen is copied: often a name), so it knows nothing of word order, agreement or
 * words that translate into several. Words: runs of letters and digits, or a single other character.
 */
public final class WordDictionary {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+|[^\\s\\p{L}\\p{N}\\p{M}]");
    /** The source word that stands for "no counterpart". */
    public static final String NULL = "<null>";

    private final Map<String, String> best;
    private final Map<String, Double> bestProbability;

    private WordDictionary(Map<String, String> best, Map<String, Double> bestProbability) {
        this.best = best;
        this.bestProbability = bestProbability;
    }

    /** Learns t(f|e) from sources[i] → targets[i] with 5 rounds of EM. */
    public static WordDictionary train(List<String> sources, List<String> targets) { return train(sources, targets, 5); }

    public static WordDictionary train(List<String> sources, List<String> targets, int rounds) {
        if (sources.size() != targets.size() || sources.isEmpty())
            throw new IllegalArgumentException("WordDictionary needs as many targets as sources, at least one pair; got " + sources.size() + " and " + targets.size() + ".");
        Map<String, Integer> eIds = new HashMap<>(), fIds = new HashMap<>();
        List<String> eWords = new ArrayList<>(), fWords = new ArrayList<>();
        id(NULL, eIds, eWords);
        int[][] es = new int[sources.size()][], fs = new int[sources.size()][];
        for (int s = 0; s < es.length; s++) {
            List<String> e = words(sources.get(s)), f = words(targets.get(s));
            es[s] = new int[e.size() + 1];                    // position 0: NULL
            for (int i = 0; i < e.size(); i++) es[s][i + 1] = id(e.get(i), eIds, eWords);
            fs[s] = f.stream().mapToInt(w -> id(w, fIds, fWords)).toArray();
        }
        long fv = fWords.size();
        // every (e, f) that co-occurs, sorted by e then f: t and the counts live in arrays indexed like it
        int total = 0;
        for (int s = 0; s < es.length; s++) total += es[s].length * fs[s].length;
        long[] keys = new long[total];
        int at = 0;
        for (int s = 0; s < es.length; s++) for (int e : es[s]) for (int f : fs[s]) keys[at++] = e * fv + f;
        Arrays.sort(keys);
        int unique = 0;
        for (int i = 0; i < keys.length; i++) if (i == 0 || keys[i] != keys[i - 1]) keys[unique++] = keys[i];
        keys = Arrays.copyOf(keys, unique);
        int[][] pairIndex = new int[es.length][];
        for (int s = 0; s < es.length; s++) {
            pairIndex[s] = new int[es[s].length * fs[s].length];
            int k = 0;
            for (int e : es[s]) for (int f : fs[s]) pairIndex[s][k++] = Arrays.binarySearch(keys, e * fv + f);
        }
        double[] t = new double[unique], count = new double[unique], totalOfE = new double[eWords.size()];
        Arrays.fill(t, 1.0 / fv);
        for (int round = 0; round < rounds; round++) {
            Arrays.fill(count, 0);
            Arrays.fill(totalOfE, 0);
            for (int s = 0; s < es.length; s++) {
                int m = fs[s].length;
                for (int j = 0; j < m; j++) {
                    double z = 0;
                    for (int i = 0; i < es[s].length; i++) z += t[pairIndex[s][i * m + j]];
                    for (int i = 0; i < es[s].length; i++) {
                        double c = t[pairIndex[s][i * m + j]] / z;
                        count[pairIndex[s][i * m + j]] += c;
                        totalOfE[es[s][i]] += c;
                    }
                }
            }
            for (int k = 0; k < unique; k++) t[k] = count[k] / totalOfE[(int) (keys[k] / fv)];
        }
        Map<String, String> best = new HashMap<>();
        Map<String, Double> bestP = new HashMap<>();
        for (int k = 0; k < unique; k++) {
            String e = eWords.get((int) (keys[k] / fv));
            if (!bestP.containsKey(e) || t[k] > bestP.get(e)) {
                bestP.put(e, t[k]);
                best.put(e, fWords.get((int) (keys[k] % fv)));
            }
        }
        return new WordDictionary(best, bestP);
    }

    private static int id(String w, Map<String, Integer> ids, List<String> words) {
        return ids.computeIfAbsent(w, x -> { words.add(x); return words.size() - 1; });
    }

    /** The words of a text: runs of letters and digits, or single other characters (punctuation). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** The likeliest target word for a source word, or null if the word was never seen. */
    public String lookup(String sourceWord) { return best.get(sourceWord); }

    /** t(f | e) of that likeliest word (0 if never seen). */
    public double probability(String sourceWord) { return bestProbability.getOrDefault(sourceWord, 0.0); }

    /** Each word replaced by its likeliest translation (unknown words copied), joined by spaces. */
    public String translate(String text) {
        return String.join(" ", words(text).stream().map(w -> best.getOrDefault(w, w)).toList());
    }

    /** Source words in the dictionary (NULL included). */
    public int size() { return best.size(); }

    @Override
    public String toString() { return "WordDictionary(IBM Model 1, " + size() + " source words)"; }
}
