package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

/** (N, C, F, T) → (N, T, C·F): the values where they belong, backward undoing it, the gradient check, shape errors. */
class MapsToSequenceTest {

    @Test
    void timeBecomesTheSequenceWithChannelMajorFeatures() {
        INDArray x = Nd4j.arange(2 * 3 * 4 * 5).castTo(DataType.DOUBLE).reshape(2, 3, 4, 5);
        MapsToSequence m = new MapsToSequence();
        INDArray y = m.forward(x, true);
        assertArrayEquals(new long[] {2, 5, 12}, y.shape());
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int f = 0; f < 4; f++) for (int t = 0; t < 5; t++)
            assertEquals(x.getDouble(n, c, f, t), y.getDouble(n, t, c * 4 + f));
        INDArray g = Nd4j.rand(DataType.DOUBLE, 2, 5, 12);
        INDArray back = m.backward(g);
        assertArrayEquals(x.shape(), back.shape());
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int f = 0; f < 4; f++) for (int t = 0; t < 5; t++)
            assertEquals(g.getDouble(n, t, c * 4 + f), back.getDouble(n, c, f, t));
    }

    @Test
    void passesTheGradientCheckBetweenAConvolutionAndAGru() {
        Seed.set(4);
        var result = GradientCheck.of(Sequential.of(new Conv2D(1, 2, 3, 1, Padding.SAME), new MapsToSequence(), new GRU(8, 3).lastOnly(), new Dense(3, 2)))
                .check(Nd4j.randn(DataType.DOUBLE, 2, 1, 4, 5));
        assertTrue(result.passed(), result.toString());
    }

    @Test
    void wrongShapesSayWhatIsExpected() {
        var e = assertThrows(ShapeException.class, () -> new MapsToSequence().forward(Nd4j.ones(2, 3, 4), false));
        assertTrue(e.getMessage().contains("(N, C, F, T)"), e.getMessage());
        MapsToSequence m = new MapsToSequence();
        m.forward(Nd4j.ones(2, 3, 4, 5), false);
        assertThrows(ShapeException.class, () -> m.backward(Nd4j.ones(2, 4, 15)));
        assertThrows(IllegalStateException.class, () -> new MapsToSequence().backward(Nd4j.ones(2, 5, 12)));
    }
}
