package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Seed;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

/** SinusoidalPositions and LearnedPositions: the table's values, adding to every example, gradients, the maximum length. */
class PositionsTest {

    @Test
    void sinusoidsFollowThePaper() {
        SinusoidalPositions pe = new SinusoidalPositions(50, 6);
        INDArray table = pe.table();
        for (int t : new int[]{0, 1, 7, 49})
            for (int i = 0; i < 3; i++) {
                double angle = t / Math.pow(10000, 2.0 * i / 6);
                assertEquals(Math.sin(angle), table.getDouble(t, 2 * i), 1e-12);
                assertEquals(Math.cos(angle), table.getDouble(t, 2 * i + 1), 1e-12);
            }
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 6);
        INDArray y = pe.forward(x, true);
        for (int n = 0; n < 2; n++)
            assertTrue(y.slice(n).sub(x.slice(n)).equalsWithEps(table.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)).castTo(DataType.FLOAT), 1e-6));
        assertEquals(0, pe.parameters().size());
        assertArrayEquals(new double[]{0, 1, 0, 1, 0}, new SinusoidalPositions(3, 5).table().getRow(0).toDoubleVector(), 0, "an odd dim ends with a sine");
    }

    @Test
    void bothPassTheGradientCheck() {
        Seed.set(31);
        GradientCheck.of(new SinusoidalPositions(10, 4)).check(Nd4j.randn(DataType.DOUBLE, 3, 5, 4)).requirePassed();
        LearnedPositions learned = new LearnedPositions(8, 4);
        GradientCheck.of(learned).check(Nd4j.randn(DataType.DOUBLE, 3, 5, 4)).requirePassed();
        learned.zeroGrad();
        learned.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5, 4), true);
        learned.backward(Nd4j.ones(DataType.DOUBLE, 2, 5, 4));
        assertEquals(2 * 5 * 4, learned.weight().grad().sumNumber().doubleValue(), 1e-12);
        assertEquals(0, learned.weight().grad().getRow(7).sumNumber().doubleValue(), 0, "positions beyond T get no gradient");
    }

    @Test
    void aSequenceLongerThanTheTableIsAClearError() {
        var e = assertThrows(ShapeException.class, () -> new SinusoidalPositions(4, 2).forward(Nd4j.ones(1, 5, 2), false));
        assertTrue(e.getMessage().contains("5 positions") && e.getMessage().contains("maxLen"), e.getMessage());
        var e2 = assertThrows(ShapeException.class, () -> new LearnedPositions(4, 2).forward(Nd4j.ones(1, 6, 2), false));
        assertTrue(e2.getMessage().contains("6 positions"), e2.getMessage());
        assertThrows(ShapeException.class, () -> new LearnedPositions(4, 2).forward(Nd4j.ones(1, 3, 3), false));
    }
}
