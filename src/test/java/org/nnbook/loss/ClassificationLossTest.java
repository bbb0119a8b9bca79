package org.nnbook.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;
import org.nnbook.data.Dataset;

import static org.junit.jupiter.api.Assertions.*;

/** CrossEntropy with label smoothing, and BinaryCrossEntropy on logits. */
class ClassificationLossTest {

    @Test
    void labelSmoothingKnownValue() {
        // logits (ln 2, 0, 0) → p = (½, ¼, ¼); class 0 with ε = 0.3, C = 3 → targets (0.8, 0.1, 0.1)
        CrossEntropy ce = new CrossEntropy(0.3);
        double l = ce.forward(Nd4j.createFromArray(new double[][]{{Math.log(2), 0, 0}}), Nd4j.createFromArray(new double[][]{{1, 0, 0}}));
        assertEquals(-(0.8 * Math.log(0.5) + 0.2 * Math.log(0.25)), l, 1e-12);
        assertArrayEquals(new double[]{0.5 - 0.8, 0.25 - 0.1, 0.25 - 0.1}, ce.backward().ravel().toDoubleVector(), 1e-12);
        assertEquals("CrossEntropy(labelSmoothing=0.3)", ce.toString());
        assertEquals("CrossEntropy", new CrossEntropy().toString());
        assertEquals(0.0, new CrossEntropy().labelSmoothing());
    }

    @Test
    void labelSmoothingLeavesTheTargetsAlone() {
        INDArray y = Dataset.oneHot(new int[]{1, 0}, 3).castTo(DataType.DOUBLE);
        INDArray before = y.dup();
        new CrossEntropy(0.1).forward(Nd4j.randn(DataType.DOUBLE, 2, 3), y);
        assertEquals(before, y);
    }

    @Test
    void labelSmoothingIsStableForHugeLogits() {
        CrossEntropy ce = new CrossEntropy(0.1);
        double l = ce.forward(Nd4j.createFromArray(new float[][]{{1000f, -1000f}}), Nd4j.createFromArray(new float[][]{{0f, 1f}}));
        assertEquals(0.95 * 2000, l, 1e-1);   // −(0.05 log p₀ + 0.95 log p₁), log p₀ = 0, log p₁ = −2000
        assertTrue(Double.isFinite(ce.backward().sumNumber().doubleValue()));
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropy(1.0));
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropy(-0.1));
    }

    @Test
    void binaryCrossEntropyKnownValues() {
        // σ(ln 3) = ¾: −ln ¾ for y = 1, −ln ¼ for y = 0, −½(ln ¾ + ln ¼) for y = ½; z = 0 gives ln 2
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        INDArray z = Nd4j.createFromArray(new double[][]{{Math.log(3)}, {Math.log(3)}, {Math.log(3)}, {0}});
        INDArray y = Nd4j.createFromArray(new double[][]{{1}, {0}, {0.5}, {1}});
        double expected = (-Math.log(0.75) - Math.log(0.25) - 0.5 * (Math.log(0.75) + Math.log(0.25)) + Math.log(2)) / 4;
        assertEquals(expected, bce.forward(z, y), 1e-12);
        assertArrayEquals(new double[]{(0.75 - 1) / 4, 0.75 / 4, 0.25 / 4, -0.5 / 4}, bce.backward().ravel().toDoubleVector(), 1e-12);
        assertTrue(bce.isClassification());
    }

    @Test
    void binaryCrossEntropyIsStableForHugeLogits() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        // right with confidence 1000 costs 0, wrong costs 1000: the naive −log σ(z) would be −log 0 = ∞
        double l = bce.forward(Nd4j.createFromArray(new float[][]{{1000f}, {-1000f}, {1000f}, {-1000f}}),
                Nd4j.createFromArray(new float[][]{{1f}, {0f}, {0f}, {1f}}));
        assertEquals((0 + 0 + 1000 + 1000) / 4.0, l, 1e-3);
        assertArrayEquals(new double[]{0, 0, 0.25, -0.25}, bce.backward().ravel().toDoubleVector(), 1e-7);
    }

    @Test
    void gradientChecks() {
        Nd4j.getRandom().setSeed(3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 6, 1).muli(3);
        GradientCheck.checkLoss(new BinaryCrossEntropy(), z, Nd4j.createFromArray(new double[][]{{1}, {0}, {0}, {1}, {1}, {0}})).requirePassed();
        GradientCheck.checkLoss(new BinaryCrossEntropy(), Nd4j.randn(DataType.DOUBLE, 4, 3), Nd4j.rand(DataType.DOUBLE, 4, 3)).requirePassed();
        GradientCheck.checkLoss(new CrossEntropy(0.1), Nd4j.randn(DataType.DOUBLE, 4, 3), Dataset.oneHot(new int[]{2, 0, 1, 1}, 3)).requirePassed();
    }

    @Test
    void binaryAccuracyThresholdsTheLogitAtZero() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        INDArray z = Nd4j.createFromArray(new double[][]{{2}, {-0.1}, {0.3}, {-5}, {0}});
        INDArray y = Nd4j.createFromArray(new double[][]{{1}, {0}, {0}, {1}, {0}});
        assertEquals(3, bce.countCorrect(z, y));                 // rows 0, 1 and 4 (z = 0 means "no")
        // multi-label: a row is right only when all its labels are
        INDArray z2 = Nd4j.createFromArray(new double[][]{{1, -1}, {1, 1}});
        INDArray y2 = Nd4j.createFromArray(new double[][]{{1, 0}, {1, 0}});
        assertEquals(1, bce.countCorrect(z2, y2));
        // the default (argmax) rule, which CrossEntropy keeps
        assertEquals(1, new CrossEntropy().countCorrect(Nd4j.createFromArray(new double[][]{{1, 2}, {3, 0}}),
                Nd4j.createFromArray(new double[][]{{0, 1}, {0, 1}})));
    }

    @Test
    void binaryShapeErrorsSayWhatToDo() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        ShapeException oneHot = assertThrows(ShapeException.class, () -> bce.forward(Nd4j.zeros(4, 1), Nd4j.zeros(4, 2)));
        assertTrue(oneHot.getMessage().contains("CrossEntropy"), oneHot.getMessage());
        ShapeException vector = assertThrows(ShapeException.class, () -> bce.forward(Nd4j.zeros(4, 1), Nd4j.zeros(4)));
        assertTrue(vector.getMessage().contains("reshape"), vector.getMessage());
        assertThrows(ShapeException.class, () -> bce.forward(Nd4j.zeros(4, 3), Nd4j.zeros(4, 2)));
        assertThrows(IllegalStateException.class, () -> new BinaryCrossEntropy().backward());
    }
}
