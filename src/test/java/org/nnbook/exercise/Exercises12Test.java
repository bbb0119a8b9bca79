package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nnbook.text.Bleu;
import org.nnbook.text.BytePairEncoding;
import org.nnbook.text.TokenBatches;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notebook 12's exercise checks: the reference solutions (the same code as solutions/12.*.jsh) pass, so
 * does the library's Bleu (its brevity penalty) and TokenBatches (teacher forcing); each typical wrong
 * answer gets its own message; the starter is "not yet".
 */
class Exercises12Test extends VerdictChecks {

    static int[] clippedCount(List<String> hyp, List<String> ref, int n, boolean clip, boolean refTotal) {
        Map<List<String>, Integer> inHyp = new HashMap<>(), inRef = new HashMap<>();
        for (int i = 0; i + n <= hyp.size(); i++) inHyp.merge(hyp.subList(i, i + n), 1, Integer::sum);
        for (int i = 0; i + n <= ref.size(); i++) inRef.merge(ref.subList(i, i + n), 1, Integer::sum);
        int matches = 0, total = 0;
        for (var e : inHyp.entrySet()) {
            total += e.getValue();
            int r = inRef.getOrDefault(e.getKey(), 0);
            matches += clip ? Math.min(e.getValue(), r) : r > 0 ? e.getValue() : 0;
        }
        return new int[]{matches, refTotal ? Math.max(0, ref.size() - n + 1) : total};
    }

    @Test
    void clippedCounts() {
        right(Exercises12.clippedCount((h, r, n) -> clippedCount(h, r, n, true, false)));
        notYet(Exercises12.clippedCount((h, r, n) -> clippedCount(h, r, n, false, false)), "however often it is repeated");
        notYet(Exercises12.clippedCount((h, r, n) -> clippedCount(h, r, n, true, true)), "n-grams in the reference");
        notYet(Exercises12.clippedCount((h, r, n) -> new int[]{1}), "two numbers");
        notYet(Exercises12.clippedCount((h, r, n) -> starter()), "starter");
    }

    static double brevityPenalty(int c, int r) { return c > r ? 1 : c == 0 ? 0 : Math.exp(1 - (double) r / c); }

    @Test
    void brevityPenalty() {
        right(Exercises12.brevityPenalty(Exercises12Test::brevityPenalty));
        // the library's BLEU: its brevity penalty, from counts whose precisions are all 1
        right(Exercises12.brevityPenalty((c, r) -> c == 0 ? 0 : Bleu.fromCounts(new int[]{c, c, c, c}, new int[]{c, c, c, c}, c, r, false).bp()));
        notYet(Exercises12.brevityPenalty((c, r) -> Math.exp(1 - (double) r / Math.max(c, 1))), "longer than the reference");
        notYet(Exercises12.brevityPenalty((c, r) -> c > r ? 1 : Math.exp(1 - (double) c / r)), "the other way round");
        notYet(Exercises12.brevityPenalty((c, r) -> c > r ? 1 : (double) c / r), "exponential");
        notYet(Exercises12.brevityPenalty((c, r) -> c > r ? 1 : c == 0 ? 1 : Math.exp(1 - (double) r / c)), "empty hypothesis");
        notYet(Exercises12.brevityPenalty((c, r) -> starter()), "starter");
    }

    static int[][] teacherForcing(int[] target) {
        int[] in = new int[target.length + 1], out = new int[target.length + 1];
        in[0] = BytePairEncoding.BOS;
        System.arraycopy(target, 0, in, 1, target.length);
        System.arraycopy(target, 0, out, 0, target.length);
        out[target.length] = BytePairEncoding.EOS;
        return new int[][]{in, out};
    }

    @Test
    void teacherForcing() {
        right(Exercises12.teacherForcing(Exercises12Test::teacherForcing));
        right(Exercises12.teacherForcing(t -> {                    // the library's batches hold the same two rows
            var b = TokenBatches.batch(List.of(new int[]{3}), List.of(t));
            return new int[][]{b.targetIn().toIntVector(), b.targetOut().toIntVector()};
        }));
        notYet(Exercises12.teacherForcing(t -> { int[][] a = teacherForcing(t); return new int[][]{a[1], a[0]}; }), "swapped");
        notYet(Exercises12.teacherForcing(t -> { int[][] a = teacherForcing(t); return new int[][]{a[0], a[0]}; }), "copy the token");
        notYet(Exercises12.teacherForcing(t -> { int[][] a = teacherForcing(t); a[0][0] = 0; return a; }), "starts from BOS");
        notYet(Exercises12.teacherForcing(t -> { int[][] a = teacherForcing(t); a[1][t.length] = 0; return a; }), "EOS");
        notYet(Exercises12.teacherForcing(t -> starter()), "starter");
    }
}
