package org.nnbook.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.data.Dataset;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EvaluationTest {
    static final List<String> NAMES = List.of("cat", "dog", "bird");
    static final int[] TRUTH = {0, 0, 0, 1, 1, 1, 2, 2};
    static final int[] PRED = {0, 0, 1, 1, 1, 0, 2, 1};

    /**
     * A network stub: x holds each row's number (in every element), and the scores for row i put
     * the largest value on PRED[i]. Records the batch sizes it was called with.
     */
    static final class Stub implements Layer {
        final List<Long> batches = new ArrayList<>();

        @Override
        public INDArray forward(INDArray x, boolean training) {
            long n = x.size(0);
            batches.add(n);
            INDArray scores = Nd4j.zeros(DataType.FLOAT, n, 3).addi(-1.5);
            for (int i = 0; i < n; i++) {
                int row = (int) x.getDouble(i * x.length() / n);
                scores.putScalar(i, PRED[row], 2.0 + row); // logits, not probabilities: only the argmax counts
            }
            return scores;
        }

        @Override
        public INDArray backward(INDArray gradOut) { throw new UnsupportedOperationException(); }
    }

    static Dataset data(long... featureShape) {
        long[] shape = new long[featureShape.length + 1];
        shape[0] = TRUTH.length;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        INDArray x = Nd4j.zeros(DataType.FLOAT, shape);
        for (int i = 0; i < TRUTH.length; i++) x.slice(i).assign(i);
        return Dataset.ofLabels(x, TRUTH, 3, NAMES);
    }

    @Test
    void tribuoNumbersMatchHandComputedMetrics() {
        Stub net = new Stub();
        Evaluation ev = Evaluation.of(net, data(4), 3);
        assertEquals(List.of(3L, 3L, 2L), net.batches, "predicts in batches");
        assertArrayEquals(PRED, ev.predictions());
        assertArrayEquals(TRUTH, ev.truth());
        // By hand: 5 of 8 right.
        assertEquals(5.0 / 8, ev.accuracy(), 1e-12);
        // Confusion [true][predicted].
        assertArrayEquals(new long[][]{{2, 1, 0}, {1, 2, 0}, {0, 1, 1}}, ev.confusionMatrix());
        // Precision = tp / predicted as; recall = tp / support.
        assertEquals(2.0 / 3, ev.precision(0), 1e-12);
        assertEquals(2.0 / 4, ev.precision(1), 1e-12);
        assertEquals(1.0, ev.precision(2), 1e-12);
        assertEquals(2.0 / 3, ev.recall(0), 1e-12);
        assertEquals(2.0 / 3, ev.recall(1), 1e-12);
        assertEquals(1.0 / 2, ev.recall(2), 1e-12);
        assertEquals(2.0 / 3, ev.f1(0), 1e-12);
        assertEquals(4.0 / 7, ev.f1(1), 1e-12);
        assertEquals(2.0 / 3, ev.f1(2), 1e-12);
        assertEquals((2.0 / 3 + 4.0 / 7 + 2.0 / 3) / 3, ev.macroF1(), 1e-12);
        assertEquals(3, ev.support(0));
        assertEquals(2, ev.support(2));
        assertArrayEquals(new int[]{2, 5, 7}, ev.misclassified());
    }

    @Test
    void mostConfusedListsMistakesByCount() {
        int[] truth = {0, 0, 0, 0, 1, 1, 2, 2, 2};
        int[] pred = {1, 1, 1, 0, 2, 1, 0, 0, 2};
        List<Evaluation.Confusion> worst = Evaluation.of(truth, pred, NAMES).mostConfused(2);
        assertEquals(2, worst.size());
        assertEquals(new Evaluation.Confusion("cat", "dog", 0, 1, 3), worst.get(0));
        assertEquals(new Evaluation.Confusion("bird", "cat", 2, 0, 2), worst.get(1));
        assertEquals("cat -> dog: 3", worst.get(0).toString());
        assertEquals(3, Evaluation.of(truth, pred, NAMES).mostConfused(10).size());
    }

    @Test
    void fromPredictionsAgreesWithFromModel() {
        Evaluation a = Evaluation.of(new Stub(), data(2));
        Evaluation b = Evaluation.of(TRUTH, PRED, NAMES);
        assertEquals(a.accuracy(), b.accuracy());
        assertEquals(a.macroF1(), b.macroF1());
        assertArrayEquals(a.confusionMatrix(), b.confusionMatrix());
    }

    @Test
    void imagesAreSlicedAlongTheFirstAxisOnly() {
        Evaluation ev = Evaluation.of(new Stub(), data(1, 2, 2), 5);
        assertArrayEquals(PRED, ev.predictions());
    }

    @Test
    void aClassNeverPredictedHasZeroPrecision() {
        Evaluation ev = Evaluation.of(new int[]{0, 1, 2, 2}, new int[]{0, 1, 1, 1}, NAMES);
        assertEquals(0.0, ev.precision(2));
        assertEquals(0.0, ev.recall(2));
        assertEquals(3, ev.confusionMatrix().length);
    }

    @Test
    void printsAPerClassTableAndTheMatrix() {
        String s = Evaluation.of(new Stub(), data(3)).toString().replaceAll(" +", " ");
        assertTrue(s.startsWith("Evaluation of 8 examples: accuracy 62.50%, macro-F1 0.6349"), s);
        assertTrue(s.contains("dog 0.5000 0.6667 0.5714 3"), s);
        assertTrue(s.contains("Confusion matrix (rows: true class, columns: predicted class)"), s);
        assertTrue(s.contains("bird 0 1 1"), s);
        assertTrue(s.contains("Most confused"), s);
    }

    @Test
    void wrongNumberOfOutputsIsExplained() {
        Layer two = new Layer() {
            public INDArray forward(INDArray x, boolean training) { return Nd4j.zeros(x.size(0), 2); }
            public INDArray backward(INDArray g) { return g; }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> Evaluation.of(two, data(2)));
        assertTrue(e.getMessage().contains("(8, 3)") && e.getMessage().contains("3 outputs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.of(new int[]{0}, new int[]{3}, NAMES));
    }
}
