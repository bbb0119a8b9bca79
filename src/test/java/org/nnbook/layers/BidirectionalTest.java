package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Inputs;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.core.ShapeException;
import org.nnbook.loss.SparseCrossEntropy;

import static org.junit.jupiter.api.Assertions.*;
import static org.nd4j.linalg.indexing.NDArrayIndex.*;

/** Bidirectional: the gradient check, what each direction reads (padding included), clear errors. (PyTorch: TorchParityTest.) */
class BidirectionalTest {

    private static final INDArray MASK = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 0, 0, 0}});

    @Test
    void gradientChecksEveryStepLastOnlyAndPadded() {
        Seed.set(8);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 4, 3);
        GradientCheck.of(new Bidirectional(new LSTM(3, 2), new GRU(3, 2))).check(x).requirePassed();
        GradientCheck.of(new Bidirectional(new LSTM(3, 2), new LSTM(3, 2))).check(Inputs.of(x).withMask(MASK)).requirePassed();
        GradientCheck.of(new Bidirectional(new GRU(3, 2).lastOnly(), new RNN(3, 2).lastOnly())).check(Inputs.of(x).withMask(MASK)).requirePassed();
    }

    @Test
    void gradientCheckOfAClassifierOnPaddedIds() {
        Seed.set(9);
        var model = Sequential.of(new Embedding(6, 3), new Bidirectional(new GRU(3, 2), new GRU(3, 2)),
                new Bidirectional(new LSTM(4, 2).lastOnly(), new LSTM(4, 2).lastOnly()), new Dense(4, 2));
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 5, 0}, {3, 4, 0, 0}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 1}, {1, 1, 0, 0}});
        GradientCheck.of(model).check(new SparseCrossEntropy(), Inputs.of(ids).withMask(mask), Nd4j.createFromArray(1, 0)).requirePassed();
    }

    /** The forward half is the forward layer; the backward half is the backward layer run on each sequence's real steps reversed. */
    @Test
    void eachDirectionReadsWhatItShould() {
        Seed.set(10);
        LSTM ahead = new LSTM(3, 2), back = new LSTM(3, 2);
        ahead.castTo(DataType.DOUBLE);
        back.castTo(DataType.DOUBLE);
        Bidirectional both = new Bidirectional(ahead, back);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 4, 3);
        INDArray y = both.forward(x, MASK, false);
        assertArrayEquals(new long[]{3, 4, 4}, y.shape());
        assertTrue(y.get(all(), all(), interval(0, 2)).equalsWithEps(ahead.forward(x, MASK, false), 1e-12), "forward half");
        int[] lengths = {4, 2, 1};
        for (int n = 0; n < 3; n++) {
            int len = lengths[n];
            INDArray reversed = Nd4j.create(DataType.DOUBLE, 1, len, 3);
            for (int t = 0; t < len; t++) reversed.get(point(0), point(t), all()).assign(x.get(point(n), point(len - 1 - t), all()));
            INDArray alone = back.forward(reversed, false);                                         // (1, len, 2)
            for (int t = 0; t < len; t++)
                assertTrue(y.get(point(n), point(t), interval(2, 4)).equalsWithEps(alone.get(point(0), point(len - 1 - t), all()), 1e-12),
                        "sequence " + n + ", step " + t + ": the backward layer's state after reading from the end down to t");
            if (len < 4) assertEquals(0.0, y.get(point(n), interval(len, 4), all()).norm1Number().doubleValue(), "0 at padding");
        }
    }

    @Test
    void clearErrors() {
        LSTM l = new LSTM(3, 2);
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(l, l));
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(3, 2), new LSTM(4, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(3, 2).lastOnly(), new LSTM(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(3, 2).carryState(true), new LSTM(3, 2)));
        Bidirectional b = new Bidirectional(new GRU(3, 2), new GRU(3, 2));
        assertThrows(IllegalStateException.class, () -> b.backward(Nd4j.ones(1, 2, 4)));
        assertThrows(ShapeException.class, () -> b.forward(Nd4j.ones(DataType.FLOAT, 2, 3), false));
        INDArray gap = Nd4j.createFromArray(new float[][]{{1, 0, 1}});
        var e = assertThrows(IllegalArgumentException.class, () -> b.forward(Nd4j.ones(DataType.FLOAT, 1, 3, 3), gap, false));
        assertTrue(e.getMessage().contains("pad at the end"), e.getMessage());
        b.forward(Nd4j.ones(DataType.FLOAT, 1, 3, 3), false);
        assertThrows(ShapeException.class, () -> b.backward(Nd4j.ones(DataType.FLOAT, 1, 3, 2)));
    }
}
