package org.nnbook.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;
import org.nnbook.data.Dataset;
import org.nnbook.kernels.Kernels;

import static org.junit.jupiter.api.Assertions.*;

/** Targets that would give a plausible, meaningless cross-entropy are errors, on both paths; class ids go to SparseCrossEntropy. */
class CrossEntropyTargetsTest {

    private static void rejected(float[][] targets, int row) {
        INDArray logits = Nd4j.randn(DataType.FLOAT, targets.length, targets[0].length), y = Nd4j.createFromArray(targets);
        for (boolean kernels : new boolean[]{true, false}) {
            try (var k = kernels ? Kernels.onFor() : Kernels.off()) {
                var e = assertThrows(ShapeException.class, () -> new CrossEntropy().forward(logits, y));
                assertTrue(e.getMessage().contains("target row " + row) && e.getMessage().contains("probability"), e.getMessage());
            }
        }
    }

    @Test
    void targetsOutsideZeroOneOrRowsNotSummingToOneAreRejected() {
        rejected(new float[][]{{0, 1, 0}, {0, 12, 0}}, 1);          // a 12
        rejected(new float[][]{{-1, 1, 1}, {0, 1, 0}}, 0);          // a -1 (the row sums to 1)
        rejected(new float[][]{{1, 0, 0}, {0, 0, 0}}, 1);           // an all-zero row
        rejected(new float[][]{{0.5f, 0.4f, 0}}, 0);                 // sums to 0.9
        rejected(new float[][]{{Float.NaN, 1, 0}}, 0);
    }

    @Test
    void softTargetsAreFine() {
        INDArray y = Nd4j.createFromArray(new float[][]{{0.7f, 0.2f, 0.1f}, {0, 1, 0}});
        assertTrue(Double.isFinite(new CrossEntropy().forward(Nd4j.randn(DataType.FLOAT, 2, 3), y)));
    }

    @Test
    void classIdsGivenToCrossEntropySayToUseSparseCrossEntropy() {
        var e = assertThrows(ShapeException.class, () -> new CrossEntropy().forward(Nd4j.randn(DataType.FLOAT, 4, 3), Nd4j.createFromArray(0, 1, 2, 1)));
        assertTrue(e.getMessage().contains("SparseCrossEntropy"), e.getMessage());
    }

    @Test
    void sparseEqualsDenseOnOneHotTargets() {
        int[] labels = {0, 2, 1, 2, 0};
        INDArray logits = Nd4j.randn(DataType.DOUBLE, 5, 3);
        CrossEntropy dense = new CrossEntropy();
        SparseCrossEntropy sparse = new SparseCrossEntropy();
        INDArray oneHot = Dataset.oneHot(labels, 3), ids = Nd4j.createFromArray(labels);
        assertEquals(dense.forward(logits, oneHot), sparse.forward(logits, ids), 1e-12);
        assertTrue(dense.backward().equalsWithEps(sparse.backward(), 1e-12));
        assertEquals(dense.countCorrect(logits, oneHot), sparse.countCorrect(logits, ids));
        assertEquals(5, sparse.count(logits, ids));
    }

    @Test
    void ignoredPositionsCountForNothing() {
        // (N, T, C) = (2, 3, 4); the padding id 0 marks 2 of the 6 positions
        INDArray logits = Nd4j.randn(DataType.DOUBLE, 2, 3, 4), ids = Nd4j.createFromArray(new int[][]{{1, 3, 0}, {2, 0, 1}});
        SparseCrossEntropy loss = new SparseCrossEntropy(0);
        double l = loss.forward(logits, ids);
        INDArray g = loss.backward();
        assertEquals(4, loss.count(logits, ids));
        assertEquals(0.0, at(g, 0, 2).amaxNumber().doubleValue(), "no gradient at padding");
        assertEquals(0.0, at(g, 1, 1).amaxNumber().doubleValue());
        // the mean over the 4 real positions: the same as the loss of those positions alone
        INDArray kept = Nd4j.vstack(at(logits, 0, 0), at(logits, 0, 1), at(logits, 1, 0), at(logits, 1, 2));
        assertEquals(new SparseCrossEntropy().forward(kept, Nd4j.createFromArray(1, 3, 2, 1)), l, 1e-12);
        GradientCheck.checkLoss(new SparseCrossEntropy(0), logits, ids).requirePassed();
    }

    /** Position (n, t) of an (N, T, C) array, as a (1, C) row. */
    private static INDArray at(INDArray a, int n, int t) {
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n), org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).reshape(1, a.size(2));
    }

    @Test
    void badIdsAreRejectedWithTheirPosition() {
        INDArray logits = Nd4j.randn(DataType.FLOAT, 3, 4);
        for (boolean kernels : new boolean[]{true, false})
            try (var k = kernels ? Kernels.onFor() : Kernels.off()) {
                var e = assertThrows(ShapeException.class, () -> new SparseCrossEntropy().forward(logits, Nd4j.createFromArray(0, 4, 1)));
                assertTrue(e.getMessage().contains("position 1") && e.getMessage().contains("[0, 4)"), e.getMessage());
            }
        var e = assertThrows(ShapeException.class, () -> new SparseCrossEntropy().forward(logits, Nd4j.createFromArray(0f, 1.5f, 1f)));
        assertTrue(e.getMessage().contains("whole numbers"), e.getMessage());
        var e2 = assertThrows(ShapeException.class, () -> new SparseCrossEntropy().forward(logits, Nd4j.zeros(DataType.FLOAT, 3, 4)));
        assertTrue(e2.getMessage().contains("use CrossEntropy"), e2.getMessage());
    }
}
