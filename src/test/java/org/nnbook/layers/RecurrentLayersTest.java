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
import org.nnbook.data.Dataset;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/** RNN, LSTM and GRU: a step worked by hand, gradient checks, padding, carried state and errors. */
class RecurrentLayersTest {
    private static final List<Supplier<Recurrent>> LAYERS = List.of(() -> new RNN(3, 4), () -> new LSTM(3, 4), () -> new GRU(3, 4));

    @Test
    void rnnStepsAsWorkedByHand() {
        RNN rnn = new RNN(1, 1);
        rnn.castTo(DataType.DOUBLE);
        rnn.inputWeight().value().assign(0.5);
        rnn.recurrentWeight().value().assign(-1);
        rnn.bias().value().assign(0.1);
        INDArray y = rnn.forward(Nd4j.createFromArray(new double[][][]{{{1}, {2}}}), true);
        double h1 = Math.tanh(0.5 + 0.1), h2 = Math.tanh(0.5 * 2 - h1 + 0.1);
        assertEquals(h1, y.getDouble(0, 0, 0), 1e-12);
        assertEquals(h2, y.getDouble(0, 1, 0), 1e-12);
        rnn.zeroGrad();
        INDArray dx = rnn.backward(Nd4j.createFromArray(new double[][][]{{{0}, {1}}}));   // L = h2
        double a2 = 1 - h2 * h2, a1 = a2 * -1 * (1 - h1 * h1);
        assertEquals(a2 * 0.5, dx.getDouble(0, 1, 0), 1e-12);
        assertEquals(a1 * 0.5, dx.getDouble(0, 0, 0), 1e-12);
        assertEquals(a2 * h1, rnn.recurrentWeight().grad().getDouble(0, 0), 1e-12);
        assertEquals(a1 + a2, rnn.bias().grad().getDouble(0, 0), 1e-12);
    }

    @Test
    void lstmStepMatchesItsEquations() {
        Seed.set(3);
        LSTM lstm = new LSTM(2, 3);
        lstm.castTo(DataType.DOUBLE);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 1, 1, 2);
        INDArray a = x.reshape(1, 2).mmul(lstm.inputWeight().value()).addi(lstm.bias().value());    // h_0 = 0
        double[] h = new double[3];
        for (int j = 0; j < 3; j++) {
            double i = sigmoid(a.getDouble(0, j)), g = Math.tanh(a.getDouble(0, 6 + j)), o = sigmoid(a.getDouble(0, 9 + j));
            h[j] = o * Math.tanh(i * g);                                    // c_0 = 0, so f does not matter
        }
        assertArrayEquals(h, lstm.forward(x, false).reshape(3).toDoubleVector(), 1e-12);
    }

    @Test
    void gradientChecksEveryStepLastOnlyAndPadded() {
        Seed.set(5);
        INDArray mask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 0, 0, 0}});
        for (Supplier<Recurrent> make : LAYERS) {
            INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 4, 3);
            GradientCheck.of(make.get()).check(x).requirePassed();
            GradientCheck.of(make.get().lastOnly()).check(x).requirePassed();
            GradientCheck.of(make.get()).check(Inputs.of(x).withMask(mask)).requirePassed();
            GradientCheck.of(make.get().lastOnly()).check(Inputs.of(x).withMask(mask)).requirePassed();
        }
    }

    @Test
    void gradientCheckOfAStackedClassifierOnIds() {
        Seed.set(6);
        var model = Sequential.of(new Embedding(6, 3), new GRU(3, 4), new LSTM(4, 4).lastOnly(), new Dense(4, 2));
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 5, 0}, {3, 4, 0, 0}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 1}, {1, 1, 0, 0}});
        GradientCheck.of(model).check(new SparseCrossEntropy(), Inputs.of(ids).withMask(mask), Nd4j.createFromArray(1, 0)).requirePassed();
    }

    @Test
    void paddingLeavesTheStateAndOutputsZero() {
        Seed.set(7);
        for (Supplier<Recurrent> make : LAYERS) {
            Recurrent layer = make.get();
            layer.castTo(DataType.DOUBLE);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 5, 3);
            INDArray mask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}});
            INDArray all = layer.forward(x, mask, false);
            INDArray shortAlone = layer.forward(x.get(interval(1, 2), interval(0, 2), all()).dup(), null, false);
            assertTrue(shortAlone.equalsWithEps(all.get(interval(1, 2), interval(0, 2), all()), 1e-12), layer + ": the real steps as if alone");
            assertEquals(0.0, all.get(point(1), interval(2, 5), all()).norm1Number().doubleValue(), layer + ": 0 at padding");
            Recurrent last = make.get().lastOnly();
            last.castTo(DataType.DOUBLE);
            for (int k = 0; k < layer.parameters().size(); k++) last.parameters().get(k).value().assign(layer.parameters().get(k).value());
            INDArray h = last.forward(x, mask, false);
            assertTrue(h.getRow(1).equalsWithEps(shortAlone.get(point(0), point(1), all()), 1e-12), layer + ": last = last real state");
        }
    }

    @Test
    void carriedStateContinuesTheSequence() {
        Seed.set(8);
        for (Supplier<Recurrent> make : LAYERS) {
            Recurrent whole = make.get(), halves = make.get().carryState(true);
            for (int k = 0; k < whole.parameters().size(); k++) halves.parameters().get(k).value().assign(whole.parameters().get(k).value());
            INDArray x = Nd4j.randn(whole.parameters().get(0).value().dataType(), 2, 6, 3);
            INDArray y = whole.forward(x, false);
            halves.forward(x.get(all(), interval(0, 3), all()).dup(), false);
            INDArray second = halves.forward(x.get(all(), interval(3, 6), all()).dup(), false);
            assertTrue(second.equalsWithEps(y.get(all(), interval(3, 6), all()), 1e-5), whole + ": the second half starts where the first ended");
            halves.resetState();
            assertTrue(halves.forward(x.get(all(), interval(0, 3), all()).dup(), false).equalsWithEps(y.get(all(), interval(0, 3), all()), 1e-5));
            assertNotNull(halves.backward(Nd4j.ones(second.dataType(), second.shape())), "backward stops at the carried state");
        }
    }

    /** Label = the first token, 0 or 1, followed by 4 to 9 random 0s and 1s, then padding: no bag of tokens can tell. */
    static Dataset firstTokenTask(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[][] ids = new int[n][10];
        float[][] mask = new float[n][10];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int length = 5 + r.nextInt(6);
            for (int t = 0; t < length; t++) { ids[i][t] = r.nextInt(2); mask[i][t] = 1; }
            labels[i] = ids[i][0];
        }
        return Dataset.ofClassIds(Nd4j.createFromArray(ids), labels, List.of("starts with 0", "starts with 1")).withMask(Nd4j.createFromArray(mask));
    }

    @Test
    void lstmAndGruRememberTheFirstTokenOfPaddedSequences() {
        Dataset train = firstTokenTask(512, 1), test = firstTokenTask(256, 2);
        for (Supplier<Recurrent> make : List.<Supplier<Recurrent>>of(() -> new LSTM(4, 8).lastOnly(), () -> new GRU(4, 8).lastOnly())) {
            Seed.set(4);
            Recurrent cell = make.get();
            Trainer trainer = new Trainer(Sequential.of(new Embedding(2, 4), cell, new Dense(8, 2)), new SparseCrossEntropy(), new Adam(0.03))
                    .epochs(10).batchSize(32).quiet();
            trainer.fit(train);
            double accuracy = trainer.evaluate(test).get("accuracy");
            assertTrue(accuracy > 0.95, cell + ": test accuracy " + accuracy);
        }
    }

    @Test
    void clearErrors() {
        Recurrent lstm = new LSTM(3, 4);
        var e = assertThrows(ShapeException.class, () -> lstm.forward(Nd4j.ones(2, 3), false));
        assertTrue(e.getMessage().contains("Embedding"), e.getMessage());
        assertThrows(ShapeException.class, () -> lstm.forward(Nd4j.ones(DataType.FLOAT, 2, 5, 4), false));
        assertThrows(ShapeException.class, () -> lstm.forward(Nd4j.ones(DataType.FLOAT, 2, 5, 3), Nd4j.ones(DataType.FLOAT, 2, 4), false));
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Nd4j.ones(DataType.INT, 2, 5, 3), false));
        assertThrows(IllegalStateException.class, () -> new GRU(3, 4).backward(Nd4j.ones(2, 5, 4)));
        lstm.forward(Nd4j.ones(DataType.FLOAT, 2, 5, 3), false);
        assertThrows(ShapeException.class, () -> lstm.backward(Nd4j.ones(DataType.FLOAT, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> new RNN(0, 4));
        assertEquals("LSTM(3 -> 4, last only)", new LSTM(3, 4).lastOnly().toString());
    }

    private static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }
}
