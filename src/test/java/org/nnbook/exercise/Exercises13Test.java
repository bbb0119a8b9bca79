package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.text.Rouge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Notebook 13's exercise checks: the reference solutions (the same code as solutions/13.*.jsh) pass, and so do
 * the library's Rouge and MeanOverTime; each typical wrong answer gets its own message; the starter is "not yet".
 */
class Exercises13Test extends VerdictChecks {

    /** solutions/13.1.jsh. */
    static double rouge1(List<String> summary, List<String> reference) {
        Map<String, Integer> left = new HashMap<>();
        for (String w : reference) left.merge(w, 1, Integer::sum);
        int overlap = 0;
        for (String w : summary)
            if (left.getOrDefault(w, 0) > 0) { overlap++; left.merge(w, -1, Integer::sum); }
        if (overlap == 0) return 0;
        double p = overlap / (double) summary.size(), r = overlap / (double) reference.size();
        return 2 * p * r / (p + r);
    }

    @Test
    void rouge1() {
        right(Exercises13.rouge1(Exercises13Test::rouge1));
        right(Exercises13.rouge1((s, r) -> Rouge.rougeN(s, r, 1).f1()));
        notYet(Exercises13.rouge1((s, r) -> Rouge.rougeN(s, r, 1).precision()), "precision");
        notYet(Exercises13.rouge1((s, r) -> Rouge.rougeN(s, r, 1).recall()), "recall");
        notYet(Exercises13.rouge1((s, r) -> {
            double o = s.stream().filter(r::contains).count(), p = o / s.size(), q = o / r.size();
            return 2 * p * q / (p + q);
        }), "however often");
        notYet(Exercises13.rouge1((s, r) -> {
            var a = new HashSet<>(s);
            var b = new HashSet<>(r);
            double o = a.stream().filter(b::contains).count(), p = o / a.size(), q = o / b.size();
            return 2 * p * q / (p + q);
        }), "sets of words");
        notYet(Exercises13.rouge1((s, r) -> 0.5), "Hint");
        notYet(Exercises13.rouge1((s, r) -> starter()), "starter");
    }

    /** solutions/13.2.jsh. */
    static INDArray mean(INDArray h, INDArray mask) {
        long n = h.size(0), t = h.size(1);
        INDArray m = mask.castTo(h.dataType()).reshape(n, t, 1);
        return h.mul(m).sum(1).divi(mask.castTo(h.dataType()).sum(true, 1));
    }

    @Test
    void meanOverRealTokens() {
        right(Exercises13.meanOverRealTokens(Exercises13Test::mean));
        right(Exercises13.meanOverRealTokens((h, m) -> new MeanOverTime().forward(h, m, false)));
        notYet(Exercises13.meanOverRealTokens((h, m) -> h.mean(1)), "padding included");
        notYet(Exercises13.meanOverRealTokens((h, m) -> h.mul(m.reshape(h.size(0), h.size(1), 1)).sum(1)), "sum over the real positions");
        notYet(Exercises13.meanOverRealTokens((h, m) -> h.mul(m.reshape(h.size(0), h.size(1), 1)).sum(1).div(h.size(1))), "padded length");
        notYet(Exercises13.meanOverRealTokens((h, m) -> h.sum(2)), "one vector per sequence");
        notYet(Exercises13.meanOverRealTokens((h, m) -> starter()), "starter");
    }
}
