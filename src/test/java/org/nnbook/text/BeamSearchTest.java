package org.nnbook.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Greedy decoding and beam search against hand-worked cases and against trying every sequence. */
class BeamSearchTest {
    static final int BOS = 0, EOS = 1;

    /** A model whose next-token probabilities depend on the last token only, from a table (rows: last token). */
    static BeamSearch.NextToken bigram(double[][] p) {
        return prefixes -> {
            double[][] out = new double[prefixes.size()][];
            for (int i = 0; i < out.length; i++) {
                int[] pre = prefixes.get(i);
                out[i] = Arrays.stream(p[pre[pre.length - 1]]).map(Math::log).toArray();
            }
            return out;
        };
    }

    /** bos → a (0.55) or b (0.45); a → end 0.4; b → end 0.95: greedy takes a then ends (0.22), the best is b then end (0.43). */
    @Test
    void beamSearchFindsWhatGreedyMisses() {
        double[][] p = {
                {0, 0, 0.55, 0.45},           // after bos
                {0, 1, 0, 0},                 // after end (never asked)
                {0, 0.4, 0.3, 0.3},           // after a
                {0, 0.95, 0.025, 0.025}};     // after b
        assertArrayEquals(new int[]{2, EOS}, BeamSearch.greedy(bigram(p), BOS, EOS, 10));
        List<BeamSearch.Hypothesis> top = BeamSearch.search(bigram(p), BOS, EOS, 10, 2, 0);
        assertArrayEquals(new int[]{3, EOS}, top.get(0).tokens());
        assertEquals(Math.log(0.45 * 0.95), top.get(0).logProb(), 1e-12);
        assertArrayEquals(new int[]{2, EOS}, top.get(1).tokens(), "the runner-up");
        assertTrue(top.get(0).toString().contains("[3, 1]"));
    }

    /** A model of the whole prefix (seeded pseudo-random probabilities): with a beam wide enough, search equals trying every sequence. */
    @Test
    void aWideBeamFindsTheBestOfAllSequences() {
        int vocab = 5, maxLength = 5;
        for (int seed = 0; seed < 20; seed++) {
            BeamSearch.NextToken model = prefixModel(vocab, seed);
            for (double alpha : new double[]{0, 0.6, 1.5}) {
                BeamSearch.Hypothesis beam = BeamSearch.search(model, BOS, EOS, maxLength, 100, alpha).get(0);
                double bestScore = Double.NEGATIVE_INFINITY;
                int[] best = null;
                for (int[] seq : allSequences(vocab, maxLength)) {
                    double logP = logProb(model, seq), score = logP / BeamSearch.lengthPenalty(seq.length, alpha);
                    if (score > bestScore) { bestScore = score; best = seq; }
                }
                assertArrayEquals(best, beam.tokens(), "seed " + seed + ", alpha " + alpha);
                assertEquals(bestScore, beam.score(), 1e-9);
            }
        }
    }

    @Test
    void withoutAnEndTheUnfinishedOnesComeBack() {
        double[][] p = {{0, 0, 0.5, 0.5}, {0, 1, 0, 0}, {0, 0, 0.9, 0.1}, {0, 0, 0.1, 0.9}};      // never ends
        int[] out = BeamSearch.greedy(bigram(p), BOS, EOS, 4);
        assertArrayEquals(new int[]{2, 2, 2, 2}, out, "maxLength tokens, no end");
    }

    @Test
    void theBestTokensOfARow() {
        double[] row = {0.1, Double.NEGATIVE_INFINITY, 0.5, Double.NaN, 0.5, 0.3};
        assertArrayEquals(new int[]{2, 4, 5}, BeamSearch.best(row, 3), "largest first, ties by position, -inf and NaN skipped");
        assertArrayEquals(new int[]{2, 4, 5, 0}, BeamSearch.best(row, 10));
        assertEquals(10.0 / 6, BeamSearch.lengthPenalty(5, 1), 1e-12);
        assertEquals(1.0, BeamSearch.lengthPenalty(7, 0));
    }

    @Test
    void badArgumentsAreNamed() {
        double[][] p = {{0, 0.5, 0.5}, {0, 1, 0}, {0, 0.5, 0.5}};
        var m = bigram(p);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(m, BOS, EOS, 5, 0, 0)).getMessage().contains("width"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(m, BOS, EOS, 0, 2, 0)).getMessage().contains("maxLength"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(m, BOS, EOS, 5, 2, -1)).getMessage().contains("alpha"));
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(null, BOS, EOS, 5, 2, 0));
        assertTrue(assertThrows(IllegalStateException.class, () -> BeamSearch.search(prefixes -> new double[1][3], BOS, EOS, 5, 2, 0))
                .getMessage().contains("rows"), "one row for two prefixes");
        double[][] none = {{Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}};
        assertThrows(IllegalStateException.class, () -> BeamSearch.greedy(prefixes -> none, BOS, EOS, 5));
    }

    /** Log-probabilities that depend on the whole prefix, never the begin token. */
    private static BeamSearch.NextToken prefixModel(int vocab, int seed) {
        return prefixes -> {
            double[][] out = new double[prefixes.size()][vocab];
            for (int i = 0; i < out.length; i++) {
                Random r = new Random(seed * 1_000_003L + Arrays.hashCode(prefixes.get(i)));
                double sum = 0;
                for (int t = 1; t < vocab; t++) sum += out[i][t] = Math.pow(r.nextDouble(), 2) + 1e-3;
                out[i][0] = Double.NEGATIVE_INFINITY;
                for (int t = 1; t < vocab; t++) out[i][t] = Math.log(out[i][t] / sum);
            }
            return out;
        };
    }

    /** Every sequence of tokens 2..vocab−1 of length 0..maxLength−1 followed by the end. */
    private static List<int[]> allSequences(int vocab, int maxLength) {
        List<int[]> out = new ArrayList<>(), frontier = new ArrayList<>(List.of(new int[0]));
        for (int len = 0; len < maxLength; len++) {
            List<int[]> next = new ArrayList<>();
            for (int[] s : frontier) {
                int[] ended = Arrays.copyOf(s, s.length + 1);
                ended[s.length] = EOS;
                out.add(ended);
                for (int t = 2; t < vocab; t++) {
                    int[] longer = Arrays.copyOf(s, s.length + 1);
                    longer[s.length] = t;
                    next.add(longer);
                }
            }
            frontier = next;
        }
        return out;
    }

    private static double logProb(BeamSearch.NextToken model, int[] seq) {
        double sum = 0;
        int[] prefix = {BOS};
        for (int token : seq) {
            sum += model.logProbs(List.of(prefix))[0][token];
            prefix = Arrays.copyOf(prefix, prefix.length + 1);
            prefix[prefix.length - 1] = token;
        }
        return sum;
    }
}
