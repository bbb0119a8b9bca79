package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

class Conv2DTest {

    /** The 3x3 image 1..9 as (1, 1, 3, 3). */
    private static INDArray image3x3() {
        return Nd4j.createFromArray(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 1, 3, 3);
    }

    /** One 2x2 kernel [[1, 2], [3, 4]] with bias 10. */
    private static Conv2D kernel1234(Padding padding) {
        Conv2D c = new Conv2D(1, 1, 2, 1, padding);
        c.weight().set(Nd4j.createFromArray(new float[]{1, 2, 3, 4}).reshape(1, 1, 2, 2));
        c.bias().set(Nd4j.createFromArray(10f));
        return c;
    }

    @Test
    void outputShapesForStrideAndPadding() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28);
        assertArrayEquals(new long[]{2, 32, 26, 26}, new Conv2D(1, 32, 3).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 32, 28, 28}, new Conv2D(1, 32, 3, 1, Padding.SAME).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 8, 24, 24}, new Conv2D(1, 8, 5).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 8, 13, 13}, new Conv2D(1, 8, 3, 2, Padding.VALID).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 8, 14, 14}, new Conv2D(1, 8, 3, 2, Padding.SAME).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 8, 10, 10}, new Conv2D(1, 8, 3, 3, Padding.SAME).forward(x, false).shape());
        assertEquals(13, Padding.VALID.outputSize(28, 3, 2));
        assertEquals(10, Padding.SAME.outputSize(28, 3, 3));
        // padding before the first row: none for VALID; for SAME half the total, the odd one after
        assertEquals(0, Padding.VALID.before(28, 5, 1));
        assertEquals(2, Padding.SAME.before(28, 5, 1));       // 4 in all: 2 before, 2 after
        assertEquals(0, Padding.SAME.before(28, 2, 2));       // 14 outputs need none
        assertEquals(0, Padding.SAME.before(28, 3, 2));       // 1 in all: it goes after
        assertEquals(1, Padding.SAME.before(28, 3, 3));       // 10 outputs need 2: 1 before, 1 after
    }

    @Test
    void knownValuesValid() {
        // cross-correlation, kernel not flipped: y[0][0] = 1·1 + 2·2 + 3·4 + 4·5 + 10 = 47
        INDArray y = kernel1234(Padding.VALID).forward(image3x3(), false);
        assertArrayEquals(new long[]{1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[]{47, 57, 77, 87}, y.ravel().toFloatVector(), 1e-5f);
    }

    @Test
    void knownValuesSamePadsBottomAndRight() {
        // one row/column of zero padding, at the bottom and right (TensorFlow/Keras convention)
        INDArray y = kernel1234(Padding.SAME).forward(image3x3(), false);
        assertArrayEquals(new long[]{1, 1, 3, 3}, y.shape());
        assertArrayEquals(new float[]{47, 57, 31, 77, 87, 43, 33, 36, 19}, y.ravel().toFloatVector(), 1e-5f);
    }

    @Test
    void weightLayoutIsOutInHeightWidth() {
        // two input channels x and 10x; W[o][c] is the kernel from input channel c to output channel o
        INDArray x = Nd4j.concat(1, image3x3(), image3x3().mul(10));
        Conv2D c = new Conv2D(2, 2, 2);
        INDArray w = Nd4j.zeros(DataType.FLOAT, 2, 2, 2, 2);
        w.putScalar(new long[]{0, 0, 0, 0}, 1);   // out 0: top-left of channel 0
        w.putScalar(new long[]{0, 1, 1, 1}, 1);   //        + bottom-right of channel 1
        w.putScalar(new long[]{1, 1, 0, 1}, 1);   // out 1: top-right of channel 1
        c.weight().set(w);
        INDArray y = c.forward(x, false);
        assertArrayEquals(new float[]{51, 62, 84, 95}, y.get(point(0),
                point(0)).ravel().toFloatVector(), 1e-5f);
        assertArrayEquals(new float[]{20, 30, 50, 60}, y.get(point(0),
                point(1)).ravel().toFloatVector(), 1e-5f);
    }

    @Test
    void backwardKnownValuesAndAccumulates() {
        Conv2D c = kernel1234(Padding.VALID);
        INDArray x = image3x3();
        c.forward(x, true);
        INDArray dx = c.backward(Nd4j.ones(DataType.FLOAT, 1, 1, 2, 2));
        // dx: each pixel gets the sum of the kernel weights that touched it
        assertArrayEquals(new float[]{1, 3, 2, 4, 10, 6, 3, 7, 4}, dx.ravel().toFloatVector(), 1e-5f);
        // dW[i][j]: sum of the 2x2 patch of pixels each weight saw
        assertArrayEquals(new float[]{12, 16, 24, 28}, c.weight().grad().ravel().toFloatVector(), 1e-5f);
        assertEquals(4f, c.bias().grad().getFloat(0), 1e-6f);
        c.forward(x, true);
        c.backward(Nd4j.ones(DataType.FLOAT, 1, 1, 2, 2));
        assertArrayEquals(new float[]{24, 32, 48, 56}, c.weight().grad().ravel().toFloatVector(), 1e-5f, "backward adds into grad");
        assertEquals(8f, c.bias().grad().getFloat(0), 1e-6f);
    }

    @Test
    void passesGradientCheckValidStride1() {
        Nd4j.getRandom().setSeed(1);
        GradientCheck.of(new Conv2D(2, 3, 3)).check(Nd4j.randn(DataType.DOUBLE, 2, 2, 6, 5)).requirePassed();
    }

    @Test
    void passesGradientCheckSameStride1() {
        Nd4j.getRandom().setSeed(2);
        GradientCheck.of(new Conv2D(2, 3, 3, 1, Padding.SAME)).check(Nd4j.randn(DataType.DOUBLE, 2, 2, 5, 5)).requirePassed();
    }

    @Test
    void passesGradientCheckSameStride2EvenKernel() {
        Nd4j.getRandom().setSeed(3);
        GradientCheck.of(new Conv2D(3, 2, 2, 2, Padding.SAME)).check(Nd4j.randn(DataType.DOUBLE, 2, 3, 7, 6)).requirePassed();
    }

    @Test
    void passesGradientCheckValidStride2() {
        Nd4j.getRandom().setSeed(4);
        GradientCheck.of(new Conv2D(1, 4, 3, 2, Padding.VALID)).check(Nd4j.randn(DataType.DOUBLE, 3, 1, 7, 8)).requirePassed();
    }

    @Test
    void heInitialisationHasTheRightScale() {
        Nd4j.getRandom().setSeed(7);
        Conv2D c = new Conv2D(64, 128, 3);
        assertArrayEquals(new long[]{128, 64, 3, 3}, c.weight().value().shape());
        assertArrayEquals(new long[]{128}, c.bias().value().shape());
        assertEquals(Math.sqrt(2.0 / (64 * 9)), c.weight().value().stdNumber().doubleValue(), 0.001);
        assertEquals(0.0, c.bias().value().sumNumber().doubleValue());
        assertEquals(128 * 64 * 9 + 128, c.parameterCount());
    }

    @Test
    void flatRowsAreRejectedWithTheMnistFix() {
        Conv2D c = new Conv2D(1, 32, 3, 1, Padding.SAME);
        ShapeException e = assertThrows(ShapeException.class, () -> c.forward(Nd4j.zeros(DataType.FLOAT, 64, 784), true));
        assertTrue(e.getMessage().contains("Conv2D(1 -> 32, 3x3, stride 1, same)"), e.getMessage());
        assertTrue(e.getMessage().contains("(N, 1, H, W)") && e.getMessage().contains("[64, 784]"), e.getMessage());
        assertTrue(e.getMessage().contains("Mnist.asImages"), e.getMessage());
    }

    @Test
    void wrongChannelsAreRejected() {
        Conv2D c = new Conv2D(3, 8, 3);
        ShapeException e = assertThrows(ShapeException.class, () -> c.forward(Nd4j.zeros(DataType.FLOAT, 4, 1, 28, 28), true));
        assertTrue(e.getMessage().contains("(N, 3, H, W)") && e.getMessage().contains("[4, 1, 28, 28]"), e.getMessage());
        ShapeException last = assertThrows(ShapeException.class, () -> c.forward(Nd4j.zeros(DataType.FLOAT, 4, 32, 32, 3), true));
        assertTrue(last.getMessage().contains("permute(0, 3, 1, 2)"), last.getMessage());
    }

    @Test
    void tooSmallImageIsRejected() {
        ShapeException e = assertThrows(ShapeException.class, () -> new Conv2D(1, 1, 5).forward(Nd4j.zeros(DataType.FLOAT, 1, 1, 4, 4), true));
        assertTrue(e.getMessage().contains("[1, 1, 4, 4]") && e.getMessage().contains("Padding.SAME"), e.getMessage());
    }

    @Test
    void wrongGradientShapeIsRejected() {
        Conv2D c = new Conv2D(1, 2, 3);
        c.forward(Nd4j.zeros(DataType.FLOAT, 1, 1, 5, 5), true);
        ShapeException e = assertThrows(ShapeException.class, () -> c.backward(Nd4j.zeros(DataType.FLOAT, 1, 2, 5, 5)));
        assertTrue(e.getMessage().contains("[1, 2, 3, 3]"), e.getMessage());
    }

    @Test
    void describesItselfAndRejectsBadSettings() {
        assertEquals("Conv2D(1 -> 32, 3x3, stride 1, valid)", new Conv2D(1, 32, 3).toString());
        assertEquals("Conv2D(3 -> 16, 5x5, stride 2, same)", new Conv2D(3, 16, 5, 2, Padding.SAME).toString());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 32, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(1, 32, 3, 0, Padding.SAME));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(1, 32, 3, 1, null));
    }
}
