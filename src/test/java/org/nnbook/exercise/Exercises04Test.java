package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.layers.Softmax;
import org.nnbook.search.Search;
import org.nnbook.search.SearchResults;
import org.nnbook.search.SearchSpace;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 04's exercise checks: the reference solutions (the same code as solutions/4.*.jsh) pass,
 * typical wrong answers fail with a message that names the mistake, unfinished starters get "not
 * yet", and strict checks throw.
 */
class Exercises04Test {

    /** solutions/4.1.jsh. */
    static double logUniform(Random rnd, double low, double high) {
        double u = rnd.nextDouble();
        return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
    }

    /** solutions/4.3.jsh. */
    static INDArray averageProbabilities(List<INDArray> logits) {
        INDArray sum = null;
        for (INDArray z : logits) {
            INDArray p = Softmax.probabilities(z);
            sum = sum == null ? p : sum.add(p);
        }
        return sum.div(logits.size());
    }

    /** solutions/4.4.jsh, with ties broken by the lowest class number when {@code lowestOnTie}. */
    static int[] vote(List<INDArray> probs, boolean lowestOnTie) {
        int n = (int) probs.get(0).size(0), c = (int) probs.get(0).size(1);
        int[] winner = new int[n];
        int[][] votes = new int[n][c];
        double[][] sums = new double[n][c];
        for (INDArray p : probs) {
            int[] choice = p.argMax(1).toIntVector();
            for (int i = 0; i < n; i++) {
                votes[i][choice[i]]++;
                for (int k = 0; k < c; k++) sums[i][k] += p.getDouble(i, k);
            }
        }
        for (int i = 0; i < n; i++)
            for (int k = 1; k < c; k++)
                if (votes[i][k] > votes[i][winner[i]] || (!lowestOnTie && votes[i][k] == votes[i][winner[i]] && sums[i][k] > sums[i][winner[i]]))
                    winner[i] = k;
        return winner;
    }

    /** The notebook's two searches, scored by a constant instead of training: only their trials' settings matter here. */
    private static SearchResults search(boolean grid) {
        SearchSpace space = new SearchSpace().logUniform("lr", 1e-4, 1e-1, grid ? 3 : 0).choice("hidden", 32, 64, 128);
        return (grid ? Search.grid(space) : Search.random(space, 9)).seed(42).quiet().runScores((p, seed) -> 0.5);
    }

    private static void assertNotYet(Verdict v, String... inMessage) {
        assertFalse(v.passed(), "should not pass: " + v);
        for (String s : inMessage) assertTrue(v.message().contains(s), "the message should contain '" + s + "': " + v);
    }

    @Test
    void logUniformDraw() {
        Verdict right = Exercises04.logUniform(Exercises04Test::logUniform);
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises04.logUniform((rnd, low, high) -> low + rnd.nextDouble() * (high - low)), "in the highest", "top decade");
        assertNotYet(Exercises04.logUniform((rnd, low, high) -> Math.pow(10, Math.log(low) + rnd.nextDouble() * Math.log(high / low))),
                "outside the range", "same base");
        assertNotYet(Exercises04.logUniform((rnd, low, high) -> logUniform(new Random(), low, high)), "same seed", "rnd you are given");
        assertNotYet(Exercises04.logUniform((rnd, low, high) -> { throw new UnsupportedOperationException("your code here"); }), "starter");
    }

    @Test
    void learningRatesTried() {
        SearchResults grid = search(true), random = search(false);
        Verdict right = Exercises04.learningRates(() -> 3, () -> 9, () -> 27, grid, random);
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises04.learningRates(() -> 9, () -> 9, () -> 27, grid, random), "did not try 9", "although it ran 9 trials");
        assertNotYet(Exercises04.learningRates(() -> 3, () -> 3, () -> 9, grid, random), "random search did not try 3");
        assertNotYet(Exercises04.learningRates(() -> 3, () -> 9, () -> 9, grid, random), "does not have 9 trials", "every combination");
        assertNotYet(Exercises04.learningRates(() -> { throw new UnsupportedOperationException("your code here"); }, () -> 9, () -> 27, grid, random),
                "starter");
    }

    @Test
    void averagingProbabilities() {
        Verdict right = Exercises04.averaging(Exercises04Test::averageProbabilities);
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises04.averaging(logits -> Softmax.probabilities(logits.get(0).add(logits.get(1)).add(logits.get(2)).div(3))),
                "row", "averaged the logits");
        assertNotYet(Exercises04.averaging(logits -> {
            INDArray votes = Nd4j.zerosLike(logits.get(0));
            for (INDArray z : logits) {
                int[] choice = z.argMax(1).toIntVector();
                for (int i = 0; i < choice.length; i++) votes.putScalar(i, choice[i], votes.getDouble(i, choice[i]) + 1.0 / 3);
            }
            return votes;
        }), "predicted labels");
        assertNotYet(Exercises04.averaging(logits -> averageProbabilities(logits).mul(3)), "sum to 3", "not a mean");
        assertNotYet(Exercises04.averaging(logits -> averageProbabilities(logits).mean(true, 0)), "shape [1, 4]", "(6, 4)");
        assertNotYet(Exercises04.averaging(logits -> { throw new UnsupportedOperationException("your code here"); }), "starter");
    }

    @Test
    void majorityVote() {
        Verdict right = Exercises04.voting(probs -> vote(probs, false));
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises04.voting(probs -> vote(probs, true)), "the members vote for classes", "lowest number");
        assertNotYet(Exercises04.voting(probs -> probs.stream().reduce(INDArray::add).orElseThrow().argMax(1).toIntVector()), "averaged probabilities");
        assertNotYet(Exercises04.voting(probs -> new int[3]), "3 classes for 20 rows");
        assertNotYet(Exercises04.voting(probs -> new int[20]), "class 0 for every row");
        assertNotYet(Exercises04.voting(probs -> { throw new UnsupportedOperationException("your code here"); }), "starter");
    }

    @Test
    void strictChecksThrowForAWrongAnswer() {
        System.setProperty("nnbook.exercises", "strict");
        try {
            SearchResults grid = search(true), random = search(false);
            AssertionError e = assertThrows(AssertionError.class, () -> Exercises04.learningRates(() -> 9, () -> 9, () -> 27, grid, random));
            assertTrue(e.getMessage().contains("Exercise 4.2"), e.getMessage());
            assertTrue(Exercises04.voting(probs -> vote(probs, false)).passed());
        } finally {
            System.clearProperty("nnbook.exercises");
        }
    }
}
