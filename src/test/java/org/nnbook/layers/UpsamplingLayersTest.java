package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

/** ConvTranspose2D and Upsample2D: shapes, known values, gradient checks. */
class UpsamplingLayersTest {

    private static INDArray image2x2() {
        return Nd4j.createFromArray(new float[]{1, 2, 3, 4}).reshape(1, 1, 2, 2);
    }

    private static ConvTranspose2D onesKernel(int stride, int padding) {
        ConvTranspose2D t = new ConvTranspose2D(1, 1, 2, stride, padding);
        t.weight().set(Nd4j.ones(DataType.FLOAT, 1, 1, 2, 2));
        return t;
    }

    @Test
    void transposedOutputShapesFollowPyTorch() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 8, 7, 7);
        assertArrayEquals(new long[]{2, 4, 14, 14}, new ConvTranspose2D(8, 4, 4, 2, 1).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 4, 9, 9}, new ConvTranspose2D(8, 4, 3).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 4, 15, 15}, new ConvTranspose2D(8, 4, 3, 2, 0).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 4, 7, 7}, new ConvTranspose2D(8, 4, 7).forward(Nd4j.zeros(DataType.FLOAT, 2, 8, 1, 1), false).shape());
    }

    @Test
    void transposedKnownValuesStampsTheKernel() {
        // stride 2, 2x2 kernel of ones: each pixel becomes a 2x2 block, no overlap
        INDArray y = onesKernel(2, 0).forward(image2x2(), false);
        assertArrayEquals(new float[]{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.ravel().toFloatVector(), 1e-6f);
        // stride 1: the stamps overlap and add
        INDArray z = onesKernel(1, 0).forward(image2x2(), false);
        assertArrayEquals(new float[]{1, 3, 2, 4, 10, 6, 3, 7, 4}, z.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void transposedBackwardKnownValuesAndAccumulates() {
        ConvTranspose2D t = onesKernel(1, 0);
        t.bias().set(Nd4j.createFromArray(0.5f));
        t.forward(image2x2(), true);
        INDArray dx = t.backward(Nd4j.ones(DataType.FLOAT, 1, 1, 3, 3));
        assertArrayEquals(new float[]{4, 4, 4, 4}, dx.ravel().toFloatVector(), 1e-6f);   // each pixel reached 4 outputs with weight 1
        assertArrayEquals(new float[]{10, 10, 10, 10}, t.weight().grad().ravel().toFloatVector(), 1e-6f);   // Σ x under every kernel entry
        assertEquals(9f, t.bias().grad().getFloat(0), 1e-6f);
        t.forward(image2x2(), true);
        t.backward(Nd4j.ones(DataType.FLOAT, 1, 1, 3, 3));
        assertEquals(18f, t.bias().grad().getFloat(0), 1e-6f, "backward adds into grad");
    }

    @Test
    void transposedPassesGradientCheck() {
        Nd4j.getRandom().setSeed(11);
        GradientCheck.of(new ConvTranspose2D(2, 3, 3)).check(Nd4j.randn(DataType.DOUBLE, 2, 2, 3, 4)).requirePassed();
        GradientCheck.of(new ConvTranspose2D(3, 2, 4, 2, 1)).check(Nd4j.randn(DataType.DOUBLE, 2, 3, 3, 3)).requirePassed();
        GradientCheck.of(new ConvTranspose2D(2, 2, 3, 2, 0)).check(Nd4j.randn(DataType.DOUBLE, 1, 2, 4, 3)).requirePassed();
    }

    @Test
    void transposedRejectsWrongChannelsAndPadding() {
        ConvTranspose2D t = new ConvTranspose2D(3, 8, 4, 2, 1);
        ShapeException e = assertThrows(ShapeException.class, () -> t.forward(Nd4j.zeros(DataType.FLOAT, 4, 1, 7, 7), true));
        assertTrue(e.getMessage().contains("ConvTranspose2D(3 -> 8, 4x4, stride 2, padding 1)") && e.getMessage().contains("(N, 3, H, W)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2D(3, 8, 2, 2, 1));
    }

    @Test
    void upsampleCopiesEachPixelIntoABlock() {
        INDArray y = new Upsample2D(2).forward(image2x2(), false);
        assertArrayEquals(new long[]{1, 1, 4, 4}, y.shape());
        assertArrayEquals(new float[]{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.ravel().toFloatVector(), 1e-6f);
        Upsample2D u = new Upsample2D(3);
        u.forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 2, 5), true);
        INDArray dx = u.backward(Nd4j.ones(DataType.FLOAT, 2, 3, 6, 15));
        assertArrayEquals(new long[]{2, 3, 2, 5}, dx.shape());
        assertEquals(9.0, dx.minNumber().doubleValue());
        assertEquals(9.0, dx.maxNumber().doubleValue());
    }

    @Test
    void upsamplePassesGradientCheck() {
        Nd4j.getRandom().setSeed(12);
        GradientCheck.of(new Upsample2D(2)).check(Nd4j.randn(DataType.DOUBLE, 2, 3, 3, 2)).requirePassed();
    }

    @Test
    void unflattenReshapesRowsToImagesAndBack() {
        Unflatten u = new Unflatten(2, 3, 4);
        INDArray x = Nd4j.arange(48).castTo(DataType.FLOAT).reshape(2, 24);
        INDArray y = u.forward(x, true);
        assertArrayEquals(new long[]{2, 2, 3, 4}, y.shape());
        assertEquals(23f, y.getFloat(0, 1, 2, 3));
        assertEquals(x, u.backward(y));
        assertThrows(ShapeException.class, () -> u.forward(Nd4j.zeros(DataType.FLOAT, 2, 25), true));
        Nd4j.getRandom().setSeed(13);
        GradientCheck.of(u).check(Nd4j.randn(DataType.DOUBLE, 2, 24)).requirePassed();
    }
}
