package org.nnbook.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.optim.SGD;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PenaltyTest {

    private static Dense dense() {
        Dense d = new Dense(2, 2);
        d.weight().set(Nd4j.createFromArray(new float[][]{{1, -2}, {3, 0}}));
        d.bias().set(Nd4j.createFromArray(new float[][]{{5, 5}}));
        return d;
    }

    @Test
    void valueAndGradientAreKnownAndSkipBiases() {
        Dense d = dense();
        Penalty pen = Penalty.l1l2(0.1, 0.01);
        // 0.1·(1+2+3+0) + 0.01·(1+4+9+0); the bias (5, 5) is not regularized
        assertEquals(0.74, pen.value(d.parameters()), 1e-6);
        assertEquals(0.74, pen.addGradient(d.parameters()), 1e-6);
        // 0.1·sign(W) + 2·0.01·W
        assertArrayEquals(new float[]{0.12f, -0.14f, 0.16f, 0}, d.weight().grad().ravel().toFloatVector(), 1e-6f);
        assertArrayEquals(new float[]{0, 0}, d.bias().grad().ravel().toFloatVector(), 0f);
        assertEquals(0.6, Penalty.l1(0.1).value(d.parameters()), 1e-6);
        assertEquals(0.14, Penalty.l2(0.01).value(d.parameters()), 1e-6);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Parameter w = new Parameter("W", Nd4j.createFromArray(new double[][]{{0.3, -0.7}, {1.1, 0.05}}));
        var params = java.util.List.of(w);
        Penalty pen = Penalty.l1l2(0.03, 0.2);
        pen.addGradient(params);
        for (int i = 0; i < 4; i++) {
            double orig = w.value().getDouble(i), eps = 1e-6;
            w.value().putScalar(i, orig + eps);
            double plus = pen.value(params);
            w.value().putScalar(i, orig - eps);
            double minus = pen.value(params);
            w.value().putScalar(i, orig);
            assertEquals((plus - minus) / (2 * eps), w.grad().getDouble(i), 1e-8);
        }
    }

    @Test
    void frozenWeightsAreNotPenalised() {
        Dense d = dense();
        d.weight().trainable(false);
        assertEquals(0.0, Penalty.l2(1).value(d.parameters()));
    }

    @Test
    void trainerAddsPenaltyToLossAndGradientButNotToValidationLoss() {
        // One weight w = 0.5, input 1, target 2, bias frozen at 0; MSE (w−2)² = 2.25, penalty 0.1·w² = 0.025.
        Dense d = new Dense(1, 1);
        d.weight().set(Nd4j.createFromArray(new float[][]{{0.5f}}));
        d.bias().trainable(false);
        Dataset data = new Dataset(Nd4j.ones(DataType.FLOAT, 1, 1), Nd4j.ones(DataType.FLOAT, 1, 1).muli(2));
        Trainer t = new Trainer(d, new MeanSquaredError(), new SGD(0.1)).penalty(Penalty.l2(0.1)).epochs(1).batchSize(1).quiet();
        History h = t.fit(data, data);
        assertEquals(2.275, h.last("loss"), 1e-6, "the logged loss is data loss + penalty");
        assertEquals(0.025, h.last("penalty"), 1e-6);
        // w ← w − η (2(w−2) + 2·0.1·w) = 0.5 − 0.1·(−3 + 0.1) = 0.79
        assertEquals(0.79, d.weight().value().getDouble(0), 1e-6);
        double dataLoss = (0.79 - 2) * (0.79 - 2);
        assertEquals(dataLoss, h.last("val_loss"), 1e-5, "val_loss is the data loss only");
        assertEquals(dataLoss, t.evaluate(data).get("loss"), 1e-5);
        assertTrue(t.toString().contains("Penalty.l2(0.1)"), t.toString());
    }

    @Test
    void withoutPenaltyOrClippingTheLogsHaveNeither() {
        Map<String, Double> logs = new Trainer(Sequential.of(new Dense(2, 1)), new MeanSquaredError(), new SGD(0.01)).epochs(1).quiet()
                .fit(new Dataset(Nd4j.rand(DataType.FLOAT, 8, 2), Nd4j.rand(DataType.FLOAT, 8, 1))).epoch(0);
        assertFalse(logs.containsKey("penalty"));
        assertFalse(logs.containsKey("grad_norm"));
    }

    /** y = 3·x₀ with nine irrelevant, noisy inputs and fewer examples than would pin them down. */
    private static double[] fitLinear(Penalty penalty) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 12, 10);
        INDArray y = x.getColumn(0, true).mul(3).addi(Nd4j.randn(DataType.FLOAT, 12, 1).muli(0.3));
        Dense d = new Dense(10, 1);
        new Trainer(d, new MeanSquaredError(), new SGD(0.02)).penalty(penalty).epochs(200).batchSize(12).quiet().fit(new Dataset(x, y));
        return d.weight().value().ravel().toDoubleVector();
    }

    private static double sumSq(double[] w) {
        double s = 0;
        for (double v : w) s += v * v;
        return s;
    }

    private static double irrelevantL1(double[] w) {
        double s = 0;
        for (int i = 1; i < w.length; i++) s += Math.abs(w[i]);
        return s;
    }

    @Test
    void l2ShrinksWeightsAndL1ZeroesTheIrrelevantOnes() {
        double[] none = fitLinear(null), l2 = fitLinear(Penalty.l2(0.1)), l1 = fitLinear(Penalty.l1(0.5));
        assertTrue(sumSq(l2) < 0.9 * sumSq(none), "L2 shrinks the weights: Σw² " + sumSq(l2) + " vs " + sumSq(none));
        assertTrue(irrelevantL1(l1) < 0.2 * irrelevantL1(none), irrelevantL1(l1) + " vs " + irrelevantL1(none));
        // SGD on λ|w| oscillates around 0 with steps of η·λ = 0.01: every irrelevant weight ends within a few steps of 0
        for (int i = 1; i < l1.length; i++) assertEquals(0, l1[i], 0.02, "irrelevant weight " + i + " under L1: " + l1[i]);
        assertEquals(3, l1[0], 0.5, "the useful weight survives L1");
    }

    @Test
    void rejectsNegativeStrengths() {
        assertThrows(IllegalArgumentException.class, () -> Penalty.l2(-1e-4));
        assertThrows(IllegalArgumentException.class, () -> Penalty.l1(Double.NaN));
    }
}
