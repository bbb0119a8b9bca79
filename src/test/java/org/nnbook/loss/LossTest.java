package org.nnbook.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;
import org.nnbook.data.Dataset;

import static org.junit.jupiter.api.Assertions.*;

class LossTest {

    @Test
    void meanSquaredErrorKnownValue() {
        MeanSquaredError mse = new MeanSquaredError();
        double l = mse.forward(Nd4j.createFromArray(new double[][]{{1, 2}, {3, 4}}), Nd4j.createFromArray(new double[][]{{0, 2}, {3, 6}}));
        assertEquals((1 + 0 + 0 + 4) / 4.0, l, 1e-12);
        assertArrayEquals(new double[]{0.5, 0, 0, -1}, mse.backward().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void crossEntropyKnownValue() {
        CrossEntropy ce = new CrossEntropy();
        INDArray logits = Nd4j.createFromArray(new double[][]{{0, 0, 0}, {Math.log(2), 0, 0}});
        double l = ce.forward(logits, Dataset.oneHot(new int[]{1, 0}, 3).castTo(DataType.DOUBLE));
        assertEquals((Math.log(3) + Math.log(2)) / 2, l, 1e-12);  // -log(1/3), -log(2/4)
        assertTrue(ce.isClassification());
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        CrossEntropy ce = new CrossEntropy();
        double l = ce.forward(Nd4j.createFromArray(new float[][]{{1000f, -1000f}}), Nd4j.createFromArray(new float[][]{{0f, 1f}}));
        assertEquals(2000.0, l, 1e-2);
        assertTrue(Double.isFinite(ce.backward().sumNumber().doubleValue()));
    }

    @Test
    void gradientChecks() {
        Nd4j.getRandom().setSeed(5);
        INDArray yHat = Nd4j.randn(DataType.DOUBLE, 4, 3);
        INDArray y = Dataset.oneHot(new int[]{2, 0, 1, 1}, 3);
        GradientCheck.checkLoss(new CrossEntropy(), yHat, y).requirePassed();
        GradientCheck.checkLoss(new MeanSquaredError(), yHat, Nd4j.randn(DataType.DOUBLE, 4, 3)).requirePassed();
    }

    @Test
    void labelsInsteadOfOneHotGiveAClearError() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> new CrossEntropy().forward(Nd4j.zeros(4, 10), Nd4j.zeros(4, 1)));
        assertTrue(e.getMessage().contains("oneHot"), e.getMessage());
        assertThrows(ShapeException.class, () -> new MeanSquaredError().forward(Nd4j.zeros(4, 2), Nd4j.zeros(4, 3)));
    }
}
