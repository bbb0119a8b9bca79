package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;

import java.util.Arrays;
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
    void adamWDecaysWeightsButNotBiases() {
        Parameter w = new Parameter("W", Nd4j.ones(DataType.DOUBLE, 1, 2));
        Parameter b = new Parameter("b", Nd4j.ones(DataType.DOUBLE, 1, 2)).regularized(false);
        new AdamW(0.1, 0.5).step(List.of(w, b));                 // zero gradients: only the decay moves anything
        assertEquals(1 - 0.1 * 0.5, w.value().getDouble(0), 1e-12);
        assertEquals(1.0, b.value().getDouble(0), 1e-12);
    }

    @Test
    void sgdSolvesTheQuadratic() { assertEquals(0, solve(new SGD(0.1), 300), 1e-6); }

    @Test
    void adamSolvesTheQuadratic() { assertEquals(0, solve(new Adam(0.05), 2000), 1e-4); }

    @Test
    void momentumSolvesTheQuadratic() { assertEquals(0, solve(new Momentum(0.05, 0.9), 500), 1e-9); }

    @Test
    void nesterovSolvesTheQuadratic() { assertEquals(0, solve(new Momentum(0.05, 0.9, true), 300), 1e-8); }

    @Test
    void adagradSolvesTheQuadratic() { assertEquals(0, solve(new Adagrad(1.0), 200), 1e-9); }

    @Test
    void rmsPropSolvesTheQuadratic() { assertEquals(0, solve(new RMSProp(0.01), 1000), 1e-9); }

    @Test
    void adamWSolvesTheQuadratic() {
        assertEquals(0, solve(new AdamW(0.05, 0.0), 500), 1e-9);
        // with decay, every weight is also pulled towards 0: θ stops short of c = (3, −2)
        Parameter p = new Parameter("theta", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        AdamW adamW = new AdamW(0.05, 0.1);
        for (int i = 0; i < 500; i++) {
            for (int j = 0; j < 2; j++) p.grad().putScalar(j, A[j] * (p.value().getDouble(j) - C[j]));
            adamW.step(List.of(p));
        }
        double[] theta = p.value().ravel().toDoubleVector();
        assertTrue(theta[0] > 2.5 && theta[0] < 2.99 && theta[1] < -1.5 && theta[1] > -1.99, "θ = " + Arrays.toString(theta));
    }

    @Test
    void adagradStepShrinksAsOneOverSqrtT() {
        // with a constant gradient g, G after t steps is t·g², so step t moves θ by η / √t
        Parameter p = new Parameter("w", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        Adagrad ada = new Adagrad(0.5);
        double before = 0;
        for (int t = 1; t <= 16; t++) {
            p.grad().assign(3);
            ada.step(List.of(p));
            double now = p.value().getDouble(0);
            if (t == 1 || t == 4 || t == 16) assertEquals(0.5 / Math.sqrt(t), before - now, 1e-8, "step " + t);
            before = now;
        }
    }

    @Test
    void momentumFirstStepsByHand() {
        // v₁ = g₁, θ₁ = θ₀ − η v₁;  v₂ = μ v₁ + g₂, θ₂ = θ₁ − η v₂
        Parameter p = new Parameter("w", Nd4j.createFromArray(new double[][]{{1, 2}}));
        Momentum m = new Momentum(0.1, 0.9);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{0.5, -1}}));
        m.step(List.of(p));
        assertArrayEquals(new double[]{1 - 0.05, 2 + 0.1}, p.value().ravel().toDoubleVector(), 1e-12);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{1, 1}}));
        m.step(List.of(p));
        assertArrayEquals(new double[]{0.95 - 0.1 * (0.45 + 1), 2.1 - 0.1 * (-0.9 + 1)}, p.value().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void nesterovFirstStepsByHand() {
        // v₁ = g₁, θ₁ = θ₀ − η (g₁ + μ v₁);  v₂ = μ v₁ + g₂, θ₂ = θ₁ − η (g₂ + μ v₂)
        Parameter p = new Parameter("w", Nd4j.createFromArray(new double[][]{{1, 2}}));
        Momentum m = new Momentum(0.1, 0.9, true);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{0.5, -1}}));
        m.step(List.of(p));
        assertArrayEquals(new double[]{1 - 0.1 * 0.95, 2 + 0.1 * 1.9}, p.value().ravel().toDoubleVector(), 1e-12);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{1, 1}}));
        m.step(List.of(p));
        double v0 = 0.45 + 1, v1 = -0.9 + 1;
        assertArrayEquals(new double[]{0.905 - 0.1 * (1 + 0.9 * v0), 2.19 - 0.1 * (1 + 0.9 * v1)}, p.value().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void adagradFirstStepsByHand() {
        // G₁ = g₁², step η g₁ / (|g₁| + ε) ≈ η sign(g₁);  G₂ = g₁² + g₂², step η g₂ / (√G₂ + ε)
        Parameter p = new Parameter("w", Nd4j.createFromArray(new double[][]{{1, 2}}));
        Adagrad ada = new Adagrad(0.1);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{3, -4}}));
        ada.step(List.of(p));
        assertArrayEquals(new double[]{1 - 0.1 * 3 / (3 + 1e-8), 2 + 0.1 * 4 / (4 + 1e-8)}, p.value().ravel().toDoubleVector(), 1e-12);
        double[] before = p.value().ravel().toDoubleVector();
        p.grad().assign(Nd4j.createFromArray(new double[][]{{4, 3}}));
        ada.step(List.of(p));
        // √G₂ = 5 for both elements
        assertArrayEquals(new double[]{before[0] - 0.1 * 4 / (5 + 1e-8), before[1] - 0.1 * 3 / (5 + 1e-8)}, p.value().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void rmsPropFirstStepsByHand() {
        // s₁ = (1 − ρ) g₁², step η g₁ / (√s₁ + ε);  s₂ = ρ s₁ + (1 − ρ) g₂²
        Parameter p = new Parameter("w", Nd4j.createFromArray(new double[][]{{1, 2}}));
        RMSProp rms = new RMSProp(0.01, 0.9, 1e-8);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{2, -1}}));
        rms.step(List.of(p));
        double s0 = 0.1 * 4, s1 = 0.1 * 1;
        assertArrayEquals(new double[]{1 - 0.01 * 2 / (Math.sqrt(s0) + 1e-8), 2 + 0.01 / (Math.sqrt(s1) + 1e-8)}, p.value().ravel().toDoubleVector(), 1e-12);
        double[] before = p.value().ravel().toDoubleVector();
        p.grad().assign(Nd4j.createFromArray(new double[][]{{1, 0}}));
        rms.step(List.of(p));
        s0 = 0.9 * s0 + 0.1 * 1;
        s1 = 0.9 * s1;
        assertArrayEquals(new double[]{before[0] - 0.01 / (Math.sqrt(s0) + 1e-8), before[1]}, p.value().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void adamWFirstStepsByHand() {
        // θ ← θ (1 − ηλ), then Adam's step: at t = 1 that is η g / (|g| + ε)
        Parameter p = new Parameter("w", Nd4j.createFromArray(new double[][]{{1, 2}}));
        AdamW adamW = new AdamW(0.1, 0.5);
        p.grad().assign(Nd4j.createFromArray(new double[][]{{0.5, -4}}));
        adamW.step(List.of(p));
        double[] expected = {1 * 0.95 - 0.1 * 0.5 / (0.5 + 1e-8), 2 * 0.95 + 0.1 * 4 / (4 + 1e-8)};
        assertArrayEquals(expected, p.value().ravel().toDoubleVector(), 1e-12);
        // t = 2, g = (1, 0): m₀ = 0.145, v₀ = 0.00124975 as in adamFirstStepsByHand; element 1 only decays and coasts
        p.grad().assign(Nd4j.createFromArray(new double[][]{{1, 0}}));
        adamW.step(List.of(p));
        double mHat = 0.145 / (1 - 0.81), vHat = 0.00124975 / (1 - 0.998001);
        assertEquals(expected[0] * 0.95 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), p.value().getDouble(0), 1e-12);
        double m1Hat = 0.9 * -0.4 / (1 - 0.81), v1Hat = 0.999 * 0.016 / (1 - 0.998001);
        assertEquals(expected[1] * 0.95 - 0.1 * m1Hat / (Math.sqrt(v1Hat) + 1e-8), p.value().getDouble(1), 1e-12);
    }

    @Test
    void adamWWithoutDecayIsAdam() {
        Parameter a = new Parameter("a", Nd4j.createFromArray(new double[][]{{1, 2}}));
        Parameter b = new Parameter("b", Nd4j.createFromArray(new double[][]{{1, 2}}));
        Adam adam = new Adam(0.1);
        AdamW adamW = new AdamW(0.1, 0);
        for (int i = 0; i < 3; i++) {
            a.grad().assign(a.value().mul(2));
            b.grad().assign(b.value().mul(2));
            adam.step(List.of(a));
            adamW.step(List.of(b));
        }
        assertEquals(a.value(), b.value());
    }

    @Test
    void updatesWorkInSinglePrecision() {
        for (Optimizer opt : List.of(new SGD(0.1), new Momentum(0.1, 0.9, true), new Adagrad(0.1), new RMSProp(0.1), new Adam(0.1), new AdamW(0.1))) {
            Parameter p = new Parameter("w", Nd4j.ones(DataType.FLOAT, 2, 3));
            p.grad().assign(1);
            opt.step(List.of(p));
            assertEquals(DataType.FLOAT, p.value().dataType());
            assertTrue(p.value().maxNumber().doubleValue() < 1, opt + " did not move w: " + p.value());
        }
    }

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
        for (Supplier<Optimizer> o : List.<Supplier<Optimizer>>of(() -> new SGD(0.1), () -> new Adam(0.1), () -> new Momentum(0.1),
                () -> new Adagrad(0.1), () -> new RMSProp(0.1), () -> new AdamW(0.1, 0.5))) o.get().step(List.of(p));
        assertEquals(Nd4j.ones(DataType.DOUBLE, 2), p.value());
    }

    @Test
    void badHyperParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1.0, 0.999, 1e-8));
        assertTrue(new Adam(1e-3).toString().contains("beta2=0.999"));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RMSProp(0.1, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, -0.01));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, 0.01, 0.9, 1.5, 1e-8));
    }

    @Test
    void toStringListsEveryHyperParameter() {
        assertEquals("SGD(lr=0.1)", new SGD(0.1).toString());
        assertEquals("Momentum(lr=0.1, momentum=0.9, nesterov=true)", new Momentum(0.1, 0.9, true).toString());
        assertEquals("Momentum(lr=0.1, momentum=0.9, nesterov=false)", new Momentum(0.1).toString());
        assertEquals("Adagrad(lr=0.1, eps=1.0E-8)", new Adagrad(0.1).toString());
        assertEquals("RMSProp(lr=0.001, rho=0.9, eps=1.0E-8)", new RMSProp(1e-3).toString());
        assertEquals("Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8)", new Adam(1e-3).toString());
        assertEquals("AdamW(lr=0.001, weightDecay=0.01, beta1=0.9, beta2=0.999, eps=1.0E-8)", new AdamW(1e-3).toString());
    }
}
