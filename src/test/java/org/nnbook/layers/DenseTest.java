package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

class DenseTest {

    @Test
    void computesXWPlusB() {
        Dense d = new Dense(2, 3);
        d.weight().set(Nd4j.createFromArray(new float[][]{{1, 2, 3}, {4, 5, 6}}));
        d.bias().set(Nd4j.createFromArray(new float[][]{{0.5f, -1, 0}}));
        INDArray y = d.forward(Nd4j.createFromArray(new float[][]{{1, 1}, {2, 0}}), false);
        assertArrayEquals(new long[]{2, 3}, y.shape());
        assertArrayEquals(new float[]{5.5f, 6, 9, 2.5f, 3, 6}, y.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void backwardAccumulatesKnownGradients() {
        Dense d = new Dense(2, 1);
        d.weight().set(Nd4j.createFromArray(new float[][]{{2}, {3}}));
        INDArray x = Nd4j.createFromArray(new float[][]{{1, 2}});
        d.forward(x, true);
        INDArray dx = d.backward(Nd4j.createFromArray(new float[][]{{1}}));
        assertArrayEquals(new float[]{2, 3}, dx.ravel().toFloatVector(), 1e-6f);      // g Wᵀ
        assertArrayEquals(new float[]{1, 2}, d.weight().grad().ravel().toFloatVector(), 1e-6f);  // xᵀ g
        d.forward(x, true);
        d.backward(Nd4j.createFromArray(new float[][]{{1}}));
        assertArrayEquals(new float[]{2, 4}, d.weight().grad().ravel().toFloatVector(), 1e-6f, "backward adds into grad");
        assertEquals(2f, d.bias().grad().getFloat(0), 1e-6f);
    }

    @Test
    void heInitialisationHasTheRightScale() {
        Nd4j.getRandom().setSeed(7);
        Dense d = new Dense(1000, 200);
        double std = d.weight().value().stdNumber().doubleValue();
        assertEquals(Math.sqrt(2.0 / 1000), std, 0.002);
        assertEquals(0.0, d.bias().value().sumNumber().doubleValue());
    }

    @Test
    void passesGradientCheck() {
        Nd4j.getRandom().setSeed(1);
        GradientCheck.of(new Dense(5, 4)).check(Nd4j.randn(DataType.DOUBLE, 3, 5)).requirePassed();
    }

    @Test
    void wrongShapeNamesLayerBothShapesAndFix() {
        Dense d = new Dense(784, 10);
        ShapeException e = assertThrows(ShapeException.class, () -> d.forward(Nd4j.zeros(DataType.FLOAT, 8, 1, 28, 28), false));
        assertTrue(e.getMessage().contains("Dense(784 -> 10)"), e.getMessage());
        assertTrue(e.getMessage().contains("[8, 1, 28, 28]"), e.getMessage());
        assertTrue(e.getMessage().contains("Flatten"), e.getMessage());
        ShapeException e2 = assertThrows(ShapeException.class, () -> d.forward(Nd4j.zeros(DataType.FLOAT, 8, 100), false));
        assertTrue(e2.getMessage().contains("[8, 100]") && e2.getMessage().contains("784"), e2.getMessage());
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Dense(0, 3));
    }
}
