package org.nnbook.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;
import org.nnbook.layers.Tanh;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.optim.Adam;
import org.nnbook.optim.SGD;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {

    /** Two interleaved spirals: not linearly separable, so the hidden layer must learn. */
    static Dataset spirals(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = r.nextDouble() * 3 * Math.PI;
            double rad = t / (3 * Math.PI) + 0.05 * r.nextGaussian();
            x[i][0] = (float) (rad * Math.cos(t + c * Math.PI));
            x[i][1] = (float) (rad * Math.sin(t + c * Math.PI));
            labels[i] = c;
        }
        return Dataset.ofLabels(Nd4j.createFromArray(x), labels, 2);
    }

    private static Sequential net(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Sequential.of(new Dense(2, 32), new Tanh(), new Dense(32, 32), new ReLU(), new Dense(32, 2));
    }

    @Test
    void learnsANonLinearProblem() {
        Dataset train = spirals(600, 1), val = spirals(300, 2);
        History h = new Trainer(net(0), new CrossEntropy(), new Adam(0.01)).epochs(60).batchSize(32).quiet().fit(train, val);
        assertEquals(60, h.size());
        assertTrue(h.last("loss") < h.first("loss") / 3, h.toString());
        assertTrue(h.last("val_accuracy") > 0.9, "val accuracy " + h.last("val_accuracy"));
        assertTrue(h.keys().containsAll(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds")));
    }

    @Test
    void sameSeedSameRun() {
        Dataset train = spirals(200, 3);
        double a = new Trainer(net(9), new CrossEntropy(), new SGD(0.1)).epochs(3).seed(5).quiet().fit(train).last("loss");
        double b = new Trainer(net(9), new CrossEntropy(), new SGD(0.1)).epochs(3).seed(5).quiet().fit(train).last("loss");
        double c = new Trainer(net(9), new CrossEntropy(), new SGD(0.1)).epochs(3).seed(6).quiet().fit(train).last("loss");
        assertEquals(a, b, 0.0);
        assertNotEquals(a, c);
    }

    @Test
    void gradientsAreZeroedEveryStep() {
        // One example, full-batch SGD on y = 2x with a single weight: w ← w − η·2(w−2)·x² each step.
        // If gradients accumulated, the second step would use the sum of both gradients.
        Dense d = new Dense(1, 1);
        d.weight().set(Nd4j.zeros(DataType.FLOAT, 1, 1));
        d.bias().trainable(false);
        Dataset data = new Dataset(Nd4j.ones(DataType.FLOAT, 1, 1), Nd4j.ones(DataType.FLOAT, 1, 1).muli(2));
        new Trainer(d, new MeanSquaredError(), new SGD(0.25)).epochs(2).batchSize(1).quiet().fit(data);
        // step 1: w = 0 − 0.25·2(0−2) = 1;  step 2: w = 1 − 0.25·2(1−2) = 1.5
        assertEquals(1.5, d.weight().value().getDouble(0), 1e-6);
    }

    @Test
    void perturbChangesTrainingBatchesOnlyAndItsGradientsAreDiscarded() {
        // y = 2x with one weight, as above; the hook doubles the input and leaves garbage in the weight's gradient
        // (as an attack's backward pass would). MSE gradient 2(wx − y)x, η = 0.05, x' = 2:
        // step 1: w = 0 − 0.05·2(0 − 2)·2 = 0.4;  step 2: w = 0.4 − 0.05·2(0.8 − 2)·2 = 0.64.
        Dense d = new Dense(1, 1);
        d.weight().set(Nd4j.zeros(DataType.FLOAT, 1, 1));
        d.bias().trainable(false);
        Dataset data = new Dataset(Nd4j.ones(DataType.FLOAT, 1, 1), Nd4j.ones(DataType.FLOAT, 1, 1).muli(2));
        List<Double> seen = new ArrayList<>();
        History h = new Trainer(d, new MeanSquaredError(), new SGD(0.05)).epochs(2).batchSize(1).quiet()
                .perturb(batch -> {
                    seen.add(batch.x().getDouble(0));
                    if (d.weight().grad() != null) d.weight().grad().addi(100);
                    return new org.nnbook.data.Batch(batch.x().mul(2), batch.y());
                }).fit(data, data);
        assertEquals(List.of(1.0, 1.0), seen, "called once per training batch, on the clean batch, never on validation data");
        assertEquals(0.64, d.weight().value().getDouble(0), 1e-6, "trained on the perturbed batches, the hook's gradients zeroed");
        assertEquals(Math.pow(0.4 * 2 - 2, 2), h.last("loss"), 1e-6, "the logged loss is that of the perturbed batch");
        assertEquals(Math.pow(0.64 - 2, 2), h.last("val_loss"), 1e-6, "validation on the unperturbed data");
        assertTrue(new Trainer(d, new MeanSquaredError(), new SGD(0.05)).perturb(b -> b).toString().contains("perturbed batches"));
    }

    @Test
    void callbacksSeeEveryEpochAndCanStopTraining() {
        List<Integer> seen = new ArrayList<>();
        Callback stopAfterTwo = new Callback() {
            @Override
            public boolean onEpochEnd(int epoch, java.util.Map<String, Double> logs) {
                seen.add(epoch);
                return epoch == 1;
            }
        };
        History h = new Trainer(net(1), new CrossEntropy(), new SGD(0.1)).epochs(10).quiet().callbacks(stopAfterTwo).fit(spirals(100, 4));
        assertEquals(List.of(0, 1), seen);
        assertEquals(2, h.size());
    }

    @Test
    void divergenceIsReportedWithAFixAndTheLastGoodWeightsAreBack() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 2).muli(1e4f);
        Dataset data = new Dataset(x, x.sum(true, 1));
        Sequential net = Sequential.of(new Dense(2, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(net, new MeanSquaredError(), new SGD(10)).epochs(5).quiet().fit(data));
        assertTrue(e.getMessage().contains("learning rate") && e.getMessage().contains("not applied"), e.getMessage());
        for (var p : net.parameters()) assertTrue(p.value().isNaN().castTo(DataType.INT).sumNumber().intValue() == 0 && !p.value().isInfinite().any(), "finite weights");
        assertTrue(Double.isFinite(new Trainer(net, new MeanSquaredError(), new SGD(1)).quiet().evaluate(data).get("loss")));
    }

    @Test
    void aStepWithANonFiniteLossIsNeverApplied() {
        // one finite epoch, then a batch whose targets are NaN: that step must change nothing, and epoch 1's weights come back
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 2), y = x.sum(true, 1);
        Dataset good = new Dataset(x, y);
        Sequential net = Sequential.of(new Dense(2, 1));
        Trainer t = new Trainer(net, new MeanSquaredError(), new SGD(0.1)).epochs(1).batchSize(8).quiet();
        t.fit(good);
        List<INDArray> afterGoodEpoch = net.parameters().stream().map(p -> p.value().dup()).toList();
        INDArray bad = y.dup();
        bad.putScalar(3, Float.NaN);
        assertThrows(IllegalStateException.class, () -> t.fit(new Dataset(x, bad)));
        for (int i = 0; i < afterGoodEpoch.size(); i++) assertEquals(afterGoodEpoch.get(i), net.parameters().get(i).value());
    }

    @Test
    void evaluatingAModelWhoseOutputsAreNotFiniteIsAnError() {
        Sequential net = Sequential.of(new Dense(2, 3));
        ((Dense) net.get(0)).weight().value().putScalar(0, Float.NaN);
        Dataset data = Dataset.ofLabels(Nd4j.ones(DataType.FLOAT, 4, 2), new int[]{0, 1, 2, 0}, 3);
        var e = assertThrows(IllegalStateException.class, () -> new Trainer(net, new CrossEntropy(), new SGD(1)).quiet().evaluate(data));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }

    @Test
    void augmentationTransformsTrainingBatchesOnly() {
        Dataset train = spirals(100, 7), val = spirals(50, 8);
        java.util.concurrent.atomic.AtomicInteger rows = new java.util.concurrent.atomic.AtomicInteger();
        org.nnbook.data.Transform countRows = (x, rnd) -> { rows.addAndGet((int) x.size(0)); return x; };
        new Trainer(net(2), new CrossEntropy(), new SGD(0.1)).epochs(3).quiet().augment(countRows).fit(train, val);
        assertEquals(3 * 100, rows.get(), "every training example, every epoch, and no validation example");
    }

    @Test
    void binaryAccuracyComesFromTheLoss() {
        // one logit per example, label = (x0 > 0); argmax over a single column would call everything correct
        INDArray x = spirals(200, 9).x();
        Dataset data = new Dataset(x, x.getColumn(0, true).gt(0).castTo(DataType.FLOAT));
        Dense d = new Dense(2, 1);
        Trainer t = new Trainer(d, new org.nnbook.loss.BinaryCrossEntropy(), new SGD(0.1));
        d.weight().set(Nd4j.createFromArray(new float[][]{{1}, {0}}));     // logit = x0: always right
        assertEquals(1.0, t.evaluate(data).get("accuracy"), 1e-12);
        d.weight().set(Nd4j.createFromArray(new float[][]{{-1}, {0}}));    // logit = −x0: always wrong
        assertEquals(0.0, t.evaluate(data).get("accuracy"), 1e-12);
    }

    @Test
    void badSettingsAreRejected() {
        Trainer t = new Trainer(net(0), new CrossEntropy(), new SGD(0.1));
        assertThrows(IllegalArgumentException.class, () -> t.epochs(0));
        assertThrows(IllegalArgumentException.class, () -> t.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> new Trainer(null, new CrossEntropy(), new SGD(0.1)));
    }
}
