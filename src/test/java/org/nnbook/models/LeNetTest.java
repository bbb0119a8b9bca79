package org.nnbook.models;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Dense;

import static org.junit.jupiter.api.Assertions.*;

/** LeNet-5's shapes, parameter count (61,706 for 10 classes) and where its head and features are. */
class LeNetTest {
    @Test
    void shapesAndParameters() {
        Seed.set(1);
        Sequential net = LeNet.of(10);
        assertArrayEquals(new long[]{3, 10}, net.forward(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28), false).shape());
        assertEquals(61_706, net.parameters().stream().mapToLong(p -> p.value().length()).sum());
        assertTrue(net.get(LeNet.HEAD) instanceof Dense);
        assertEquals(LeNet.HEAD + 1, net.size());
        assertArrayEquals(new long[]{3, LeNet.FEATURES}, net.withoutLast(1).forward(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28), false).shape());
        assertArrayEquals(new long[]{2, 4}, LeNet.of(4).forward(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), false).shape());
        assertTrue(net.parameters().stream().allMatch(Parameter::isTrainable));
        assertThrows(IllegalArgumentException.class, () -> LeNet.of(1));
    }
}
