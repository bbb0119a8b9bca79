package org.nnbook.core;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Flatten;
import org.nnbook.layers.ReLU;
import org.nnbook.layers.Tanh;
import org.nnbook.loss.CrossEntropy;

import static org.junit.jupiter.api.Assertions.*;

class SequentialTest {

    @Test
    void collectsParametersInOrderAndCountsThem() {
        Sequential net = Sequential.of(new Flatten(), new Dense(4, 3), new ReLU(), new Dense(3, 2));
        assertEquals(4, net.parameters().size());
        assertEquals(4 * 3 + 3 + 3 * 2 + 2, net.parameterCount());
        assertArrayEquals(new long[]{4, 3}, net.parameters().get(0).value().shape());
        assertTrue(net.toString().contains("Dense(4 -> 3)"));
    }

    @Test
    void wholeNetworkPassesGradientCheck() {
        Nd4j.getRandom().setSeed(11);
        Sequential net = Sequential.of(new Flatten(), new Dense(8, 6), new Tanh(), new Dense(6, 3));
        var x = Nd4j.randn(DataType.DOUBLE, 5, 2, 2, 2);
        var y = org.nnbook.data.Dataset.oneHot(new int[]{0, 1, 2, 1, 0}, 3);
        GradientCheck.of(net).check(new CrossEntropy(), x, y).requirePassed();
    }

    @Test
    void shapeErrorsSayWhichLayer() {
        Sequential net = Sequential.of(new Dense(4, 3), new Dense(5, 2));
        ShapeException e = assertThrows(ShapeException.class, () -> net.forward(Nd4j.zeros(DataType.FLOAT, 2, 4), false));
        assertTrue(e.getMessage().startsWith("[layer 1 of Sequential]"), e.getMessage());
    }

    @Test
    void freezingIsAFlag() {
        Parameter p = new Parameter("W", Nd4j.ones(2, 2));
        assertTrue(p.isTrainable());
        assertFalse(p.trainable(false).isTrainable());
        assertThrows(IllegalArgumentException.class, () -> Sequential.of());
        assertThrows(IllegalArgumentException.class, () -> p.set(Nd4j.ones(3, 2)));
    }
}
