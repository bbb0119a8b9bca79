package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

/** LayerNorm: known values, the same in training and evaluation, gradient checks on (N, D) and (N, T, D), shape errors. */
class LayerNormTest {

    @Test
    void standardisesEachVectorOverItsFeatures() {
        LayerNorm norm = new LayerNorm(4);
        norm.castTo(DataType.DOUBLE);
        INDArray y = norm.forward(Nd4j.createFromArray(new double[][]{{1, 2, 3, 4}, {10, 10, 10, 10}}), true);
        double s = Math.sqrt(1.25 + 1e-5);                           // mean 2.5, biased variance 1.25
        assertArrayEquals(new double[]{-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, y.getRow(0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[4], y.getRow(1).toDoubleVector(), 1e-12, "a constant vector becomes 0 (ε keeps it finite)");
        norm.gamma().set(Nd4j.createFromArray(new double[][]{{2, 2, 2, 2}}).castTo(norm.gamma().value().dataType()));
        norm.beta().set(Nd4j.createFromArray(new double[][]{{1, 1, 1, 1}}).castTo(norm.beta().value().dataType()));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 5, 4);
        assertEquals(norm.forward(x, true), norm.forward(x, false), "no batch statistics: training and evaluation agree");
        assertEquals(1.0, norm.forward(x, false).mean(2).meanNumber().doubleValue(), 1e-12, "β shifts the mean");
    }

    @Test
    void passesTheGradientCheck() {
        Seed.set(21);
        for (long[] shape : new long[][]{{5, 6}, {3, 4, 6}}) {
            LayerNorm norm = new LayerNorm(6);
            for (Parameter p : norm.parameters()) p.value().addi(Nd4j.randn(p.value().dataType(), p.value().shape()).muli(0.5));
            GradientCheck.of(norm).check(Nd4j.randn(DataType.DOUBLE, shape).muli(2).addi(1)).requirePassed();
        }
    }

    @Test
    void aWrongFeatureSizeSaysWhatToChange() {
        var e = assertThrows(ShapeException.class, () -> new LayerNorm(8).forward(Nd4j.ones(2, 3, 6), true));
        assertTrue(e.getMessage().contains("LayerNorm(8)") && e.getMessage().contains("(N, T, 8)") && e.getMessage().contains("[2, 3, 6]"), e.getMessage());
    }
}
