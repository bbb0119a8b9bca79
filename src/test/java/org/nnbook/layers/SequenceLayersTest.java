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

/** Embedding, MeanOverTime, TiedDense and Dense over (N, T, D) sequences: known values, shapes, gradient checks and errors. */
class SequenceLayersTest {

    @Test
    void embeddingLooksUpRowsAndAddsRepeatedIdsGradients() {
        Embedding e = new Embedding(5, 3);
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 4, 1}});
        INDArray y = e.forward(ids, true);
        assertArrayEquals(new long[]{1, 3, 3}, y.shape());
        assertEquals(e.weight().value().getRow(4), y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(1)));
        e.zeroGrad();
        assertNull(e.backward(Nd4j.ones(e.weight().value().dataType(), 1, 3, 3)), "ids take no gradient");
        assertEquals(2.0, e.weight().grad().getDouble(1, 0), "id 1 occurs twice");
        assertEquals(1.0, e.weight().grad().getDouble(4, 2));
        assertEquals(0.0, e.weight().grad().getDouble(0, 0));
    }

    @Test
    void embeddingRejectsWhatIsNotIds() {
        Embedding e = new Embedding(5, 3);
        assertThrows(ShapeException.class, () -> e.forward(Nd4j.createFromArray(new int[][]{{1, 5}}), true));
        assertThrows(ShapeException.class, () -> e.forward(Nd4j.createFromArray(new float[][]{{1.5f, 2}}), true));
        var err = assertThrows(ShapeException.class, () -> e.forward(Nd4j.createFromArray(new int[][]{{-1, 2}}), true));
        assertTrue(err.getMessage().contains("position 0"), err.getMessage());
        assertArrayEquals(new long[]{2, 3}, e.forward(Nd4j.createFromArray(2.0f, 3.0f), true).shape(), "whole floats are ids too");
    }

    @Test
    void meanOverTimeAveragesTheRealPositionsOnly() {
        INDArray x = Nd4j.createFromArray(new float[][][]{{{1, 10}, {3, 30}, {100, 100}}});      // (1, 3, 2); the last position is padding
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 0}});
        MeanOverTime m = new MeanOverTime();
        assertEquals(Nd4j.createFromArray(new float[][]{{2, 20}}), m.forward(x, mask, true));
        assertEquals(Nd4j.createFromArray(new float[][]{{1, 1, 0}}), mask, "the caller's mask is left as it was");
        assertEquals(Nd4j.createFromArray(new float[][]{{2, 20}}), m.forward(x, mask, true), "and a second forward gives the same");
        INDArray dx = m.backward(Nd4j.createFromArray(new float[][]{{1, 2}}));
        assertEquals(Nd4j.createFromArray(new float[][][]{{{0.5f, 1}, {0.5f, 1}, {0, 0}}}), dx);
        assertEquals(Nd4j.createFromArray(new float[][]{{104f / 3, 140f / 3}}), new MeanOverTime().forward(x, true), "no mask: every position");
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, Nd4j.zeros(DataType.FLOAT, 1, 3), true));
        assertTrue(e.getMessage().contains("no real token"), e.getMessage());
        assertThrows(ShapeException.class, () -> m.forward(x, Nd4j.ones(DataType.FLOAT, 1, 4), true));
    }

    @Test
    void gradientChecks() {
        Seed.set(2);
        GradientCheck.of(new Dense(4, 3)).check(Nd4j.randn(DataType.DOUBLE, 2, 5, 4)).requirePassed();          // (N, T, D)
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 0}, {1, 0, 0, 0}, {1, 1, 1, 1}});
        GradientCheck.of(new MeanOverTime()).check(Inputs.of(Nd4j.randn(DataType.DOUBLE, 3, 4, 2)).withMask(mask)).requirePassed();
        Embedding embed = new Embedding(7, 3);
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 6}, {0, 5, 2}});
        GradientCheck.of(Sequential.of(embed, new TiedDense(embed))).check(new SparseCrossEntropy(), Inputs.of(ids), ids).requirePassed();
        GradientCheck.of(new TiedDense(new Embedding(6, 3))).check(Nd4j.randn(DataType.DOUBLE, 2, 4, 3)).requirePassed();
    }

    @Test
    void tiedDenseUsesTheEmbeddingsTable() {
        Embedding embed = new Embedding(4, 2);
        TiedDense out = new TiedDense(embed);
        assertSame(embed.weight(), out.parameters().get(0));
        INDArray x = Nd4j.randn(embed.weight().value().dataType(), 3, 2);
        assertTrue(x.mmul(embed.weight().value().transpose()).equalsWithEps(out.forward(x, false), 1e-6), "bias 0: y = x Eᵀ");
        assertThrows(ShapeException.class, () -> out.forward(Nd4j.ones(3, 5), false));
    }
}
