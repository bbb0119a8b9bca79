package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

class PoolingTest {

    /** The numbers from..to as a float vector. */
    private static INDArray seq(int from, int to) {
        float[] v = new float[to - from + 1];
        for (int i = 0; i < v.length; i++) v[i] = from + i;
        return Nd4j.createFromArray(v);
    }

    /** The 4x4 image 1..16 as (1, 1, 4, 4). */
    private static INDArray image4x4() {
        return seq(1, 16).reshape(1, 1, 4, 4);
    }

    /** The 3x3 image 1..9 as (1, 1, 3, 3). */
    private static INDArray image3x3() {
        return seq(1, 9).reshape(1, 1, 3, 3);
    }

    @Test
    void maxPoolKnownValues() {
        INDArray y = new MaxPool2D(2).forward(image4x4(), false);
        assertArrayEquals(new long[]{1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[]{6, 8, 14, 16}, y.ravel().toFloatVector());
        // 3x3 windows moving by 1: the maxima are the bottom-right corners
        assertArrayEquals(new float[]{11, 12, 15, 16}, new MaxPool2D(3, 1, Padding.VALID).forward(image4x4(), false).ravel().toFloatVector());
        assertArrayEquals(new float[]{5, 6, 8, 9}, new MaxPool2D(2, 2, Padding.SAME).forward(image3x3(), false).ravel().toFloatVector());
    }

    @Test
    void maxPoolBackwardRoutesToTheMaximum() {
        MaxPool2D p = new MaxPool2D(2);
        p.forward(image4x4(), true);
        INDArray dx = p.backward(Nd4j.createFromArray(new float[]{1, 2, 3, 4}).reshape(1, 1, 2, 2));
        assertArrayEquals(new float[]{0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4}, dx.ravel().toFloatVector());
    }

    @Test
    void avgPoolKnownValues() {
        assertArrayEquals(new float[]{3.5f, 5.5f, 11.5f, 13.5f}, new AvgPool2D(2).forward(image4x4(), false).ravel().toFloatVector(), 1e-6f);
        // SAME: the padded border does not count in the mean, e.g. (3 + 6) / 2 = 4.5
        assertArrayEquals(new float[]{3, 4.5f, 7.5f, 9}, new AvgPool2D(2, 2, Padding.SAME).forward(image3x3(), false).ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void avgPoolBackwardSpreadsEvenly() {
        AvgPool2D p = new AvgPool2D(2);
        p.forward(image4x4(), true);
        INDArray dx = p.backward(Nd4j.createFromArray(new float[]{4, 8, 12, 16}).reshape(1, 1, 2, 2));
        assertArrayEquals(new float[]{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, dx.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void outputShapes() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 28, 28);
        assertArrayEquals(new long[]{2, 3, 14, 14}, new MaxPool2D(2).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 3, 9, 9}, new MaxPool2D(3).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 3, 10, 10}, new AvgPool2D(3, 3, Padding.SAME).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 3, 13, 13}, new AvgPool2D(3, 2, Padding.VALID).forward(x, false).shape());
        assertArrayEquals(new long[]{2, 3}, new GlobalAvgPool2D().forward(x, false).shape());
    }

    @Test
    void globalAvgPoolKnownValuesAndBackward() {
        INDArray x = seq(0, 23).reshape(2, 3, 2, 2);
        GlobalAvgPool2D g = new GlobalAvgPool2D();
        INDArray y = g.forward(x, true);
        assertArrayEquals(new float[]{1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, y.ravel().toFloatVector(), 1e-5f);
        INDArray dx = g.backward(Nd4j.createFromArray(new float[][]{{4, 8, 12}, {16, 20, 24}}));
        assertArrayEquals(new long[]{2, 3, 2, 2}, dx.shape());
        assertArrayEquals(new float[]{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6}, dx.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void maxPoolPassesGradientChecks() {
        Nd4j.getRandom().setSeed(11);
        GradientCheck.of(new MaxPool2D(2)).check(Nd4j.randn(DataType.DOUBLE, 2, 3, 6, 6)).requirePassed();
        GradientCheck.of(new MaxPool2D(3, 2, Padding.SAME)).check(Nd4j.randn(DataType.DOUBLE, 2, 2, 7, 6)).requirePassed();
        GradientCheck.of(new MaxPool2D(2, 1, Padding.VALID)).check(Nd4j.randn(DataType.DOUBLE, 1, 2, 5, 5)).requirePassed();
    }

    @Test
    void avgPoolPassesGradientChecks() {
        Nd4j.getRandom().setSeed(12);
        GradientCheck.of(new AvgPool2D(2)).check(Nd4j.randn(DataType.DOUBLE, 2, 3, 6, 6)).requirePassed();
        GradientCheck.of(new AvgPool2D(3, 2, Padding.SAME)).check(Nd4j.randn(DataType.DOUBLE, 2, 2, 7, 6)).requirePassed();
        GradientCheck.of(new AvgPool2D(2, 1, Padding.VALID)).check(Nd4j.randn(DataType.DOUBLE, 1, 2, 5, 5)).requirePassed();
    }

    @Test
    void globalAvgPoolPassesGradientCheck() {
        Nd4j.getRandom().setSeed(13);
        GradientCheck.of(new GlobalAvgPool2D()).check(Nd4j.randn(DataType.DOUBLE, 3, 4, 5, 2)).requirePassed();
    }

    @Test
    void shapeErrorsNameLayerShapeAndFix() {
        ShapeException flat = assertThrows(ShapeException.class, () -> new MaxPool2D(2).forward(Nd4j.zeros(DataType.FLOAT, 64, 784), true));
        assertTrue(flat.getMessage().contains("MaxPool2D(2x2, stride 2, valid)") && flat.getMessage().contains("[64, 784]")
                && flat.getMessage().contains("Mnist.asImages"), flat.getMessage());
        ShapeException small = assertThrows(ShapeException.class, () -> new AvgPool2D(3).forward(Nd4j.zeros(DataType.FLOAT, 1, 4, 2, 2), true));
        assertTrue(small.getMessage().contains("AvgPool2D(3x3, stride 3, valid)") && small.getMessage().contains("[1, 4, 2, 2]"), small.getMessage());
        ShapeException global = assertThrows(ShapeException.class, () -> new GlobalAvgPool2D().forward(Nd4j.zeros(DataType.FLOAT, 8, 10), true));
        assertTrue(global.getMessage().contains("GlobalAvgPool2D") && global.getMessage().contains("[8, 10]"), global.getMessage());
        MaxPool2D p = new MaxPool2D(2);
        p.forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8), true);
        ShapeException back = assertThrows(ShapeException.class, () -> p.backward(Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8)));
        assertTrue(back.getMessage().contains("[2, 3, 4, 4]") && back.getMessage().contains("[2, 3, 8, 8]"), back.getMessage());
    }

    @Test
    void describeThemselvesAndRejectBadSettings() {
        assertEquals("MaxPool2D(2x2, stride 2, valid)", new MaxPool2D(2).toString());
        assertEquals("AvgPool2D(3x3, stride 2, same)", new AvgPool2D(3, 2, Padding.SAME).toString());
        assertEquals("GlobalAvgPool2D", new GlobalAvgPool2D().toString());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2D(0));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2D(2, 0, Padding.VALID));
    }
}
