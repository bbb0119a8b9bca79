package org.nnbook.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.MeanOverTime;

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

    @Test
    void outputsThatAreNotFiniteAreAnErrorNotAnAccuracy() {
        for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Layer diverged = new Layer() {
                public INDArray forward(INDArray x, boolean training) {
                    INDArray y = new Stub().forward(x, training);
                    for (int i = 0; i < x.size(0); i++) if (x.getDouble(i, 0) == 5) y.putScalar(i, 1, bad);
                    return y;
                }

                public INDArray backward(INDArray g) { return g; }
            };
            var e = assertThrows(IllegalStateException.class, () -> Evaluation.of(diverged, data(2), 3));
            for (String s : List.of("outputs are not finite", "in 1 of rows 3-5, the first at row 5", "diverged", "lower learning rate"))
                assertTrue(e.getMessage().contains(s), "'" + s + "' in: " + e.getMessage());
        }
    }

    @Test
    void aModelOfSeveralInputsAndAMaskGetsThemAll() {
        Model twoInputs = new Model() {
            public INDArray forward(Inputs in, boolean training) {
                assertEquals(2, in.count());
                assertTrue(in.hasMask());
                assertEquals(in.size(), in.mask().size(0));
                return new Stub().forward(in.get(0).add(in.get(1)), training);     // input 1 is all zeros
            }

            public INDArray backward(INDArray g) { return g; }
        };
        Dataset d = data(2);
        Dataset both = new Dataset(new Inputs(List.of(d.x(), Nd4j.zerosLike(d.x())), Nd4j.ones(DataType.FLOAT, 8, 4)), d.y(), NAMES);
        Evaluation ev = Evaluation.of(twoInputs, both, 3);
        assertArrayEquals(PRED, ev.predictions());

        // and a library model of padded token ids: the mask reaches MeanOverTime
        Nd4j.getRandom().setSeed(1);
        Sequential bag = Sequential.of(new Embedding(10, 4), new MeanOverTime(), new Dense(4, 3));
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 0}, {3, 0, 0}, {4, 5, 6}, {7, 8, 0}, {9, 1, 0}, {2, 2, 2}, {5, 0, 0}, {6, 7, 0}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 0}, {1, 0, 0}, {1, 1, 1}, {1, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 0}, {1, 1, 0}});
        Dataset text = new Dataset(Inputs.of(ids).withMask(mask), d.y(), NAMES);
        assertArrayEquals(bag.predict(text.inputs()).argMax(1).toIntVector(), Evaluation.of(bag, text, 3).predictions());
    }
}
