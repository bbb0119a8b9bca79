package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

class OptimizerTest {
    /** f(θ) = ½ Σ aᵢ (θᵢ − cᵢ)², an ill-conditioned bowl (curvatures 1 and 10) with its minimum at c. */
    private static final double[] A = {1, 10};
    private static final double[] C = {3, -2};

    private static double solve(Optimizer opt, int steps) {
        Parameter p = new Parameter("theta", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        for (int i = 0; i < steps; i++) {
            p.zeroGrad();
            for (int j = 0; j < 2; j++) p.grad().putScalar(j, A[j] * (p.value().getDouble(j) - C[j]));
            opt.step(List.of(p));
        }
        return Math.hypot(p.value().getDouble(0) - C[0], p.value().getDouble(1) - C[1]);
    }

    @Test
    void sgdSolvesTheQuadratic() { assertEquals(0, solve(new SGD(0.1), 300), 1e-6); }

    @Test
    void adamSolvesTheQuadratic() { assertEquals(0, solve(new Adam(0.05), 2000), 1e-4); }

    @Test
    void sgdFirstStepByHand() {
        Parameter p = new Parameter("w", Nd4j.createFromArray(new double[][]{{1, 2}}));
        p.grad().assign(Nd4j.createFromArray(new double[][]{{0.5, -1}}));
        new SGD(0.1).step(List.of(p));
        assertArrayEquals(new double[]{0.95, 2.1}, p.value().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void adamFirstStepsByHand() {
        // At t = 1, m̂ = g and v̂ = g², so the step is lr · g / (|g| + ε) ≈ lr · sign(g).
        Parameter p = new Parameter("w", Nd4j.createFromArray(new double[][]{{1, 2}}));
        Adam adam = new Adam(0.1);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{0.5, -4}}));
        adam.step(List.of(p));
        assertArrayEquals(new double[]{1 - 0.1 * 0.5 / (0.5 + 1e-8), 2 + 0.1 * 4 / (4 + 1e-8)}, p.value().ravel().toDoubleVector(), 1e-12);
        // t = 2 with g = 1 on the first element: m = 0.9·0.05 + 0.1 = 0.145, v = 0.999·0.00025 + 0.001 = 0.00124975
        p.grad().assign(Nd4j.createFromArray(new double[][]{{1, 0}}));
        double before = p.value().getDouble(0);
        adam.step(List.of(p));
        double mHat = 0.145 / (1 - 0.81), vHat = 0.00124975 / (1 - 0.998001);
        assertEquals(before - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), p.value().getDouble(0), 1e-12);
    }

    @Test
    void frozenParametersAreNotUpdated() {
        Parameter p = new Parameter("w", Nd4j.ones(DataType.DOUBLE, 2)).trainable(false);
        p.grad().assign(1);
        for (Supplier<Optimizer> o : List.<Supplier<Optimizer>>of(() -> new SGD(0.1), () -> new Adam(0.1))) o.get().step(List.of(p));
        assertEquals(Nd4j.ones(DataType.DOUBLE, 2), p.value());
    }

    @Test
    void badHyperParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1.0, 0.999, 1e-8));
        assertTrue(new Adam(1e-3).toString().contains("beta2=0.999"));
    }
}
