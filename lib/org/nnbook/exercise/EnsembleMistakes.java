package org.nnbook.exercise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.layers.Softmax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.nnbook.exercise.ArrayChecks.*;

/**
 * The usual mistakes in combining an ensemble's members by hand (exercises 4.3 and 4.4), recognised
 * from an answer's numbers: averaging the logits instead of the probabilities, averaging the
 * members' labels (their votes), summing instead of averaging; voting by the averaged probabilities,
 * and breaking a tie by the lowest class number instead of the larger summed probability (the rule of
 * {@link org.nnbook.ensemble.Ensemble#vote}). Also the members' outputs of exercise 4.4, built so that
 * those mistakes show.
 */
final class EnsembleMistakes {
    private static final double TOLERANCE = 1e-5;

    private EnsembleMistakes() {}

    /** Exercise 4.3's verdict on {@code got} (N, C), the answer for {@code logits}, whose right average is {@code want}. */
    static Exercise.Outcome averaging(List<INDArray> logits, INDArray got, INDArray want) {
        if (maxDiff(flat(got), flat(want)) <= TOLERANCE)
            return Exercise.right("the same as Ensemble.average on 3 members' logits, for 6 rows and 4 classes.");
        int m = logits.size();
        INDArray meanLogits = Nd4j.zerosLike(want), probSum = Nd4j.zerosLike(want), votes = Nd4j.zerosLike(want);
        for (INDArray z : logits) {
            meanLogits.addi(z.div(m));
            probSum.addi(Softmax.probabilities(z));
            int[] choice = z.argMax(1).toIntVector();
            for (int i = 0; i < choice.length; i++) votes.putScalar(i, choice[i], votes.getDouble(i, choice[i]) + 1.0 / m);
        }
        String hint;
        if (same(got, Softmax.probabilities(meanLogits)))
            hint = "you averaged the logits, then took one softmax: a member's logits say nothing on their own scale. Average what"
                    + " each member believes: its probabilities.";
        else if (same(got, votes))
            hint = "you averaged the members' predicted labels (their votes): that throws away how sure each member is, which is"
                    + " what averaging keeps.";
        else if (same(got, meanLogits)) hint = "your rows do not sum to 1: these are averaged logits, not probabilities.";
        else if (same(got, probSum)) hint = "your rows sum to " + m + ", the number of members: a sum, not a mean.";
        else hint = "each row of the result is a probability distribution over the classes: the mean of the members' rows.";
        int row = 0;
        double worst = -1;
        for (int i = 0; i < want.size(0); i++) {
            double d = maxDiff(flat(got.getRow(i)), flat(want.getRow(i)));
            if (d > worst) { worst = d; row = i; }
        }
        return Exercise.notYet(String.format("row %d of your result is %s; the mean of the members' probabilities is %s.", row,
                rounded(flat(got.getRow(row))), rounded(flat(want.getRow(row)))), hint);
    }

    /** Exercise 4.4's verdict on {@code got}, the winners chosen for the members' {@code probs}, whose right winners are {@code want}. */
    static Exercise.Outcome voting(List<INDArray> probs, int[] got, int[] want) {
        int n = want.length, c = (int) probs.get(0).size(1);
        int[][] choice = new int[probs.size()][];
        double[][] sums = new double[n][c];
        int[] byAverage = new int[n];
        for (int k = 0; k < probs.size(); k++) {
            choice[k] = probs.get(k).argMax(1).toIntVector();
            for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) sums[i][j] += probs.get(k).getDouble(i, j);
        }
        for (int i = 0; i < n; i++) for (int j = 1; j < c; j++) if (sums[i][j] > sums[i][byAverage[i]]) byAverage[i] = j;
        for (int i = 0; i < n; i++) {
            if (got[i] == want[i]) continue;
            int[] votes = new int[c], ballot = new int[probs.size()];
            for (int k = 0; k < probs.size(); k++) votes[ballot[k] = choice[k][i]]++;
            int most = Arrays.stream(votes).max().getAsInt(), firstTied = -1, tied = 0;
            for (int j = 0; j < c; j++) if (votes[j] == most) { tied++; if (firstTied < 0) firstTied = j; }
            boolean amongTied = got[i] >= 0 && got[i] < c && votes[got[i]] == most;
            String hint;
            if (Arrays.stream(got).distinct().count() == 1)
                hint = "you chose class " + got[i] + " for every row: each row (example) has its own vote.";
            else if (Arrays.equals(got, byAverage))
                hint = "you chose by the averaged probabilities, exercise 4.3's rule: a vote counts each member's choice once, however sure it is.";
            else if (tied > 1 && amongTied && got[i] == firstTied)
                hint = "the votes tie, and you took the tied class with the lowest number; a tie goes to the tied class with the larger summed probability.";
            else if (tied > 1 && amongTied) hint = "the votes tie; a tie goes to the tied class with the larger summed probability.";
            else hint = "each member votes once, for its most probable class; the class with the most votes wins.";
            return Exercise.notYet(String.format("at row %d the members vote for classes %s, and their summed probabilities are %s; you chose"
                    + " class %d.", i, Arrays.toString(ballot), rounded(sums[i]), got[i]), hint);
        }
        return Exercise.right("the same winners as Ensemble.vote for 4 members, " + n + " rows and 3 classes, ties included.");
    }

    /** 4 members' probabilities (20, 3): a tie that the summed probability breaks, a majority that averaging overrules, and random rows. */
    static List<INDArray> votingCase() {
        double[][][] rows = new double[20][][];                  // [row][member][class]
        rows[2] = new double[][]{{0.5, 0.1, 0.4}, {0.45, 0.15, 0.4}, {0.05, 0.15, 0.8}, {0.1, 0.2, 0.7}};    // 2-2 tie, class 2 sums more
        rows[5] = new double[][]{{0.34, 0.33, 0.33}, {0.34, 0.33, 0.33}, {0.35, 0.32, 0.33}, {0.0, 1.0, 0.0}}; // 3 votes for 0; averaging picks 1
        Random rnd = new Random(44);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null) continue;
            rows[i] = new double[4][3];
            for (double[] p : rows[i]) {
                double sum = 0;
                for (int j = 0; j < 3; j++) sum += p[j] = Math.exp(3 * rnd.nextDouble());
                for (int j = 0; j < 3; j++) p[j] /= sum;
            }
        }
        List<INDArray> probs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            double[][] member = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) member[i] = rows[i][k];
            probs.add(Nd4j.createFromArray(member));
        }
        return probs;
    }

    private static boolean same(INDArray a, INDArray b) { return maxDiff(flat(a), flat(b)) <= TOLERANCE; }
}
