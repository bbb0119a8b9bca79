package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Layer;

import static org.junit.jupiter.api.Assertions.*;

class ActivationsTest {
    private static final INDArray X = Nd4j.createFromArray(new double[][]{{-2, -0.5, 0.5, 3}});

    private static double[] out(Layer l) { return l.forward(X, false).ravel().toDoubleVector(); }

    @Test
    void knownValues() {
        assertArrayEquals(new double[]{0, 0, 0.5, 3}, out(new ReLU()), 1e-12);
        assertArrayEquals(new double[]{1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-3))},
                out(new Sigmoid()), 1e-12);
        assertArrayEquals(new double[]{Math.tanh(-2), Math.tanh(-0.5), Math.tanh(0.5), Math.tanh(3)}, out(new Tanh()), 1e-12);
        double[] p = out(new Softmax());
        double z = Math.exp(-2) + Math.exp(-0.5) + Math.exp(0.5) + Math.exp(3);
        assertArrayEquals(new double[]{Math.exp(-2) / z, Math.exp(-0.5) / z, Math.exp(0.5) / z, Math.exp(3) / z}, p, 1e-12);
    }

    @Test
    void forwardDoesNotModifyItsInput() {
        INDArray x = X.dup();
        new ReLU().forward(x, true);
        new Sigmoid().forward(x, true);
        assertEquals(X, x);
    }

    @Test
    void softmaxIsStableForHugeScores() {
        INDArray p = new Softmax().forward(Nd4j.createFromArray(new float[][]{{1000f, 0f, -1000f}}), false);
        assertArrayEquals(new float[]{1, 0, 0}, p.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void gradientChecks() {
        Nd4j.getRandom().setSeed(3);
        // keep inputs away from ReLU's kink at 0, where the derivative is undefined
        INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 6);
        x.addi(Nd4j.math().sign(x).muli(0.05));
        for (Layer l : new Layer[]{new ReLU(), new Sigmoid(), new Tanh(), new Softmax(), new Flatten()}) {
            GradientCheck.Result r = GradientCheck.of(l).check(x);
            assertTrue(r.passed(), l + "\n" + r);
        }
        GradientCheck.of(new Flatten()).check(Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 4)).requirePassed();
    }

    @Test
    void flattenShapes() {
        Flatten f = new Flatten();
        INDArray y = f.forward(Nd4j.zeros(DataType.FLOAT, 5, 1, 28, 28), false);
        assertArrayEquals(new long[]{5, 784}, y.shape());
        assertArrayEquals(new long[]{5, 1, 28, 28}, f.backward(y).shape());
    }
}
