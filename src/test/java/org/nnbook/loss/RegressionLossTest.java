package org.nnbook.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

/** MeanAbsoluteError and Huber: known values, gradients, huge inputs, shape errors. */
class RegressionLossTest {
    private static final INDArray Y_HAT = Nd4j.createFromArray(new double[][]{{1, 2}, {3, 4}});
    private static final INDArray Y = Nd4j.createFromArray(new double[][]{{0, 2}, {3, 7}});   // errors 1, 0, 0, −3

    @Test
    void meanAbsoluteErrorKnownValue() {
        MeanAbsoluteError mae = new MeanAbsoluteError();
        assertEquals((1 + 0 + 0 + 3) / 4.0, mae.forward(Y_HAT, Y), 1e-12);
        assertArrayEquals(new double[]{0.25, 0, 0, -0.25}, mae.backward().ravel().toDoubleVector(), 1e-12);
        assertFalse(mae.isClassification());
    }

    @Test
    void huberKnownValueInBothRegimes() {
        Huber huber = new Huber(2.0);
        // |1| ≤ 2: ½·1² = 0.5;  |−3| > 2: 2·(3 − 1) = 4
        assertEquals((0.5 + 0 + 0 + 4) / 4, huber.forward(Y_HAT, Y), 1e-12);
        assertArrayEquals(new double[]{0.25, 0, 0, -0.5}, huber.backward().ravel().toDoubleVector(), 1e-12);
        assertEquals("Huber(delta=2.0)", huber.toString());
    }

    @Test
    void huberIsHalfTheSquaredErrorForSmallErrorsAndLinearForLargeOnes() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 4);
        INDArray small = Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5);    // |d| < 0.5 < δ = 1
        assertEquals(new MeanSquaredError().forward(small, y) / 2, new Huber().forward(small, y), 1e-12);
        INDArray large = small.add(Transforms.sign(small, true).muli(10));        // |d| > 10 > δ
        assertEquals(new MeanAbsoluteError().forward(large, y) - 0.5, new Huber().forward(large, y), 1e-12);
    }

    @Test
    void gradientChecks() {
        Nd4j.getRandom().setSeed(11);
        INDArray yHat = Nd4j.randn(DataType.DOUBLE, 5, 3).muli(2), y = Nd4j.randn(DataType.DOUBLE, 5, 3);
        GradientCheck.checkLoss(new MeanAbsoluteError(), yHat, y).requirePassed();
        GradientCheck.checkLoss(new Huber(), yHat, y).requirePassed();          // errors on both sides of δ = 1
        GradientCheck.checkLoss(new Huber(0.3), yHat, y).requirePassed();
    }

    @Test
    void hugeErrorsStayFiniteAndTheGradientStaysBounded() {
        INDArray yHat = Nd4j.createFromArray(new float[][]{{1e30f, -1e30f}}), y = Nd4j.zeros(DataType.FLOAT, 1, 2);
        MeanAbsoluteError mae = new MeanAbsoluteError();
        assertEquals(1e30, mae.forward(yHat, y), 1e24);
        assertArrayEquals(new double[]{0.5, -0.5}, mae.backward().ravel().toDoubleVector(), 1e-7);
        Huber huber = new Huber(1.5);
        assertEquals(1.5 * (1e30 - 0.75), huber.forward(yHat, y), 1e24);
        assertArrayEquals(new double[]{0.75, -0.75}, huber.backward().ravel().toDoubleVector(), 1e-7);
    }

    @Test
    void mismatchedShapesAndBadDeltaGiveClearErrors() {
        ShapeException e = assertThrows(ShapeException.class, () -> new MeanAbsoluteError().forward(Nd4j.zeros(4, 2), Nd4j.zeros(4, 3)));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        assertThrows(ShapeException.class, () -> new Huber().forward(Nd4j.zeros(4, 1), Nd4j.zeros(4)));
        assertThrows(IllegalArgumentException.class, () -> new Huber(0));
        assertThrows(IllegalArgumentException.class, () -> new Huber(Double.NaN));
        assertThrows(IllegalStateException.class, () -> new Huber().backward());
    }
}
