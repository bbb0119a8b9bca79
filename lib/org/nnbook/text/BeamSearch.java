package org.nnbook.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decoding a sequence model's output one token at a time: greedy (take the likeliest next token) and
 * beam search (keep the {@code width} likeliest prefixes at every step), for any model that can say
 * how likely each next token is after a prefix ({@link NextToken}).
 *
 * <p>Beam search (as in Sutskever, Vinyals and Le, 2014; Wu et al., 2016, "Google's Neural Machine
 * Translation System", §7): every step extends each kept prefix by every token, scores each extension
 * by its total log-probability, and keeps the best {@code width}; a prefix that ends with the end
 * token is finished and set aside. Search stops when {@code width} prefixes have finished and none
 * of the unfinished ones can still beat the worst of them, or at {@code maxLength}. Longer
 * sequences collect more negative log-probabilities, so finished ones are ranked by
 * {@code logP / lp(length)} with GNMT's length penalty {@code lp = ((5 + length) / 6)^α}:
 * α = 0 ranks by log-probability alone (short outputs win), α ≈ 0.6-1 evens the contest. Width 1 is
 * greedy decoding.
 *
 * <pre>{@code
 * NextToken next = prefixes -> model.logProbsAfter(source, prefixes);   // (prefixes, vocabulary) log-probabilities
 * int[] best = BeamSearch.greedy(next, BOS, EOS, 50);
 * List<BeamSearch.Hypothesis> top = BeamSearch.search(next, BOS, EOS, 50, 4, 0.6);
 * }</pre>
 * Outputs start after the begin token and include the end token when one was produced.
 */
public final class BeamSearch {
    private BeamSearch() {}

    /** The model's side: for each prefix (token ids so far, starting with the begin token), the log-probability of every next token. */
    @FunctionalInterface
    public interface NextToken {
        /** (prefixes.size(), vocabulary) log-probabilities; each row sums to 1 after exp. */
        double[][] logProbs(List<int[]> prefixes);
    }

    /** A decoded sequence (without the begin token), its total log-probability, and the score it was ranked by. */
    public record Hypothesis(int[] tokens, double logProb, double score) {
        @Override
        public String toString() { return Arrays.toString(tokens) + String.format(" logP %.3f score %.3f", logProb, score); }
    }

    /** The likeliest next token, step after step, until {@code eos} or {@code maxLength} tokens. */
    public static int[] greedy(NextToken next, int bos, int eos, int maxLength) {
        return search(next, bos, eos, maxLength, 1, 0).get(0).tokens();
    }

    /**
     * Beam search of the given width; returns the finished hypotheses (or, if none finished within
     * {@code maxLength}, the unfinished ones), best first by {@code logP / ((5 + length) / 6)^alpha}.
     */
    public static List<Hypothesis> search(NextToken next, int bos, int eos, int maxLength, int width, double alpha) {
        if (next == null) throw new IllegalArgumentException("BeamSearch needs the model's NextToken function, got null.");
        if (maxLength < 1) throw new IllegalArgumentException("BeamSearch: maxLength must be >= 1, got " + maxLength + ".");
        if (width < 1) throw new IllegalArgumentException("BeamSearch: width must be >= 1 (1 is greedy), got " + width + ".");
        if (!(alpha >= 0)) throw new IllegalArgumentException("BeamSearch: the length penalty's alpha must be >= 0 (0: none; 0.6 is usual), got " + alpha + ".");
        List<int[]> beams = List.of(new int[]{bos});
        double[] beamLogP = {0};
        List<Hypothesis> finished = new ArrayList<>();
        for (int step = 0; step < maxLength && !beams.isEmpty(); step++) {
            double[][] lp = next.logProbs(beams);
            if (lp == null || lp.length != beams.size())
                throw new IllegalStateException("NextToken gave " + (lp == null ? "null" : lp.length + " rows") + " for " + beams.size() + " prefixes.");
            List<double[]> candidates = new ArrayList<>();          // {beam, token, total logP}
            for (int b = 0; b < beams.size(); b++)                  // each beam's width + 1 best tokens are enough: at most one is the end
                for (int token : best(lp[b], width + 1)) candidates.add(new double[]{b, token, beamLogP[b] + lp[b][token]});
            candidates.sort(Comparator.comparingDouble((double[] c) -> -c[2]));
            List<int[]> kept = new ArrayList<>();
            List<Double> keptLogP = new ArrayList<>();
            for (double[] c : candidates) {
                if (kept.size() == width) break;
                int[] prefix = beams.get((int) c[0]), longer = Arrays.copyOf(prefix, prefix.length + 1);
                longer[prefix.length] = (int) c[1];
                if ((int) c[1] == eos) finished.add(hypothesis(longer, c[2], alpha));
                else {
                    kept.add(longer);
                    keptLogP.add(c[2]);
                }
            }
            beams = kept;
            beamLogP = keptLogP.stream().mapToDouble(Double::doubleValue).toArray();
            if (finished.size() >= width && cannotWin(finished, beamLogP, step + 1, maxLength, alpha, width)) break;
        }
        List<Hypothesis> out = new ArrayList<>(finished);
        if (out.isEmpty())
            for (int b = 0; b < beams.size(); b++) out.add(hypothesis(beams.get(b), beamLogP[b], alpha));
        if (out.isEmpty()) throw new IllegalStateException("BeamSearch: the model gave no finite log-probability for any next token.");
        out.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score()));
        return out.size() > width ? List.copyOf(out.subList(0, width)) : List.copyOf(out);
    }

    /** The positions of the k largest finite values of row, largest first (ties: the lower position first). */
    static int[] best(double[] row, int k) {
        int[] top = new int[Math.min(k, row.length)];
        int count = 0;
        for (int token = 0; token < row.length; token++) {
            double v = row[token];
            if (!(v > Double.NEGATIVE_INFINITY)) continue;
            if (count == top.length && v <= row[top[count - 1]]) continue;
            int at = count == top.length ? count - 1 : count++;
            while (at > 0 && row[top[at - 1]] < v) {                // insertion into the short sorted list
                top[at] = top[at - 1];
                at--;
            }
            top[at] = token;
        }
        return Arrays.copyOf(top, count);
    }

    /** GNMT's length penalty ((5 + length) / 6)^α. */
    public static double lengthPenalty(int length, double alpha) { return Math.pow((5.0 + length) / 6.0, alpha); }

    private static Hypothesis hypothesis(int[] withBos, double logP, double alpha) {
        int[] tokens = Arrays.copyOfRange(withBos, 1, withBos.length);
        return new Hypothesis(tokens, logP, logP / lengthPenalty(tokens.length, alpha));
    }

    /**
     * Whether no unfinished prefix can still rank above the width-th finished one: log-probabilities
     * only fall as a prefix grows, so its best possible score is its logP now over the largest
     * length penalty it could reach (α ≥ 0: the penalty grows with length).
     */
    private static boolean cannotWin(List<Hypothesis> finished, double[] beamLogP, int length, int maxLength, double alpha, int width) {
        double worstKept = finished.stream().mapToDouble(Hypothesis::score).sorted().skip(Math.max(0, finished.size() - width)).min().orElse(Double.NEGATIVE_INFINITY);
        for (double logP : beamLogP) {
            double best = Math.max(logP / lengthPenalty(length, alpha), logP / lengthPenalty(maxLength, alpha));
            if (best > worstKept) return false;
        }
        return true;
    }
}
