package org.nnbook.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.optim.SGD;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBest() {
        Dense d = new Dense(1, 1);
        Trainer t = new Trainer(d, new CrossEntropy(), new SGD(0.1));
        EarlyStopping stop = new EarlyStopping("val_loss", 2);
        stop.onTrainBegin(t, 10);
        double[] valLoss = {1.0, 0.8, 0.9, 0.7, 0.75, 0.71};
        boolean[] expectStop = {false, false, false, false, false, true};
        for (int e = 0; e < valLoss.length; e++) {
            d.weight().value().assign(e);                        // the weight remembers its epoch
            assertEquals(expectStop[e], stop.onEpochEnd(e, Map.of("val_loss", valLoss[e])), "epoch " + e);
        }
        stop.onTrainEnd(new History());
        assertEquals(3, stop.bestEpoch());
        assertEquals(5, stop.stoppedEpoch());
        assertEquals(0.7, stop.best());
        assertEquals(3.0, d.weight().value().getDouble(0), "the weights of epoch 3 are back");
    }

    @Test
    void runningStatisticsAreRestoredWithTheWeights() {
        org.nnbook.layers.BatchNorm bn = new org.nnbook.layers.BatchNorm(2);
        Sequential net = Sequential.of(new Dense(2, 2), bn);
        EarlyStopping stop = new EarlyStopping("val_loss", 1);
        stop.onTrainBegin(new Trainer(net, new CrossEntropy(), new SGD(0.1)), 10);
        bn.runningMean().assign(5);
        stop.onEpochEnd(0, Map.of("val_loss", 1.0));             // best so far: running mean 5
        bn.runningMean().assign(9);
        assertTrue(stop.onEpochEnd(1, Map.of("val_loss", 2.0)));
        stop.onTrainEnd(new History());
        assertEquals(5.0, bn.runningMean().getDouble(0), "the best epoch's running mean is back");
    }

    @Test
    void accuracyMustGoUpAndMinDeltaCounts() {
        Dense d = new Dense(1, 1);
        EarlyStopping stop = new EarlyStopping("val_accuracy", 1).minDelta(0.01).restoreBestWeights(false);
        stop.onTrainBegin(new Trainer(d, new CrossEntropy(), new SGD(0.1)), 10);
        assertFalse(stop.onEpochEnd(0, Map.of("val_accuracy", 0.80)));
        assertFalse(stop.onEpochEnd(1, Map.of("val_accuracy", 0.85)));
        d.weight().value().assign(7);
        assertTrue(stop.onEpochEnd(2, Map.of("val_accuracy", 0.855)), "+0.005 is less than minDelta");
        stop.onTrainEnd(new History());
        assertEquals(7.0, d.weight().value().getDouble(0), "restoreBestWeights(false) keeps the last weights");
    }

    @Test
    void missingKeySaysWhatToDo() {
        EarlyStopping stop = new EarlyStopping("val_loss", 3);
        stop.onTrainBegin(new Trainer(new Dense(1, 1), new CrossEntropy(), new SGD(0.1)), 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stop.onEpochEnd(0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("fit(train, val)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", -1));
    }

    /** Two Gaussian blobs that overlap, with a fifth of the training labels flipped: memorising them hurts validation. */
    private static Dataset noisyBlobs(int n, double flip, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[i][0] = (float) ((c == 0 ? -0.7 : 0.7) + r.nextGaussian());
            x[i][1] = (float) r.nextGaussian();
            labels[i] = r.nextDouble() < flip ? 1 - c : c;
        }
        return Dataset.ofLabels(Nd4j.createFromArray(x), labels, 2);
    }

    @Test
    void stopsWhenValidationLossRisesAndRestoredWeightsReproduceTheBest() {
        Dataset train = noisyBlobs(40, 0.2, 1), val = noisyBlobs(400, 0, 2);
        Nd4j.getRandom().setSeed(4);
        Sequential net = Sequential.of(new Dense(2, 128), new ReLU(), new Dense(128, 128), new ReLU(), new Dense(128, 2));
        EarlyStopping stop = new EarlyStopping("val_loss", 5);
        Trainer t = new Trainer(net, new CrossEntropy(), new Adam(0.01)).epochs(300).batchSize(8).quiet().callbacks(stop);
        History h = t.fit(train, val);

        double[] valLoss = h.get("val_loss");
        int argmin = 0;
        for (int i = 1; i < valLoss.length; i++) if (valLoss[i] < valLoss[argmin]) argmin = i;
        assertTrue(h.size() < 300, "stopped early: " + h);
        assertEquals(h.size() - 1, stop.stoppedEpoch());
        assertEquals(argmin, stop.bestEpoch());
        assertEquals(argmin + 5, stop.stoppedEpoch(), "patience 5: five epochs without improvement");
        assertTrue(h.last("val_loss") > valLoss[argmin], "validation loss went up after the best epoch");
        assertEquals(valLoss[argmin], t.evaluate(val).get("loss"), 1e-9, "the restored weights give the best val_loss");
    }
}
