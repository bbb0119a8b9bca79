package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Inputs;
import org.nnbook.core.Seed;

import static org.junit.jupiter.api.Assertions.*;

/** LastPosition: picks the last real position, with and without a mask; gradient check; an empty row is an error. */
class LastPositionTest {

    @Test
    void picksTheLastRealPosition() {
        INDArray x = Nd4j.arange(2 * 3 * 2).castTo(DataType.DOUBLE).reshape(2, 3, 2);
        INDArray mask = Nd4j.createFromArray(new double[][]{{1, 1, 0}, {1, 1, 1}});
        assertEquals(Nd4j.createFromArray(new double[][]{{2, 3}, {10, 11}}), new LastPosition().forward(x, mask, false));
        assertEquals(Nd4j.createFromArray(new double[][]{{4, 5}, {10, 11}}), new LastPosition().forward(x, null, false));
        LastPosition last = new LastPosition();
        last.forward(x, mask, true);
        INDArray dx = last.backward(Nd4j.ones(DataType.DOUBLE, 2, 2));
        assertEquals(4, dx.sumNumber().doubleValue(), 0);
        assertEquals(1, dx.getDouble(0, 1, 0), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> new LastPosition().forward(x, Nd4j.createFromArray(new double[][]{{1, 0, 0}, {0, 0, 0}}), false));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void passesTheGradientCheck() {
        Seed.set(71);
        GradientCheck.of(new LastPosition()).check(Inputs.of(Nd4j.randn(DataType.DOUBLE, 3, 4, 2)).withMask(Nd4j.createFromArray(new double[][]{{1, 1, 1, 1}, {1, 0, 0, 0}, {1, 1, 0, 0}})))
                .requirePassed();
    }
}
