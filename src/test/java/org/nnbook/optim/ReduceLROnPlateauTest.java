package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.train.History;
import org.nnbook.train.ReduceLROnPlateau;
import org.nnbook.train.Trainer;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReduceLROnPlateauTest {

    private static Trainer trainer(Optimizer opt) {
        return new Trainer(new Dense(2, 1), new MeanSquaredError(), opt).quiet();
    }

    /** Feeds {@code values} of {@code key} as epoch logs and returns η after each epoch. */
    private static double[] feed(ReduceLROnPlateau plateau, Optimizer opt, String key, double... values) {
        plateau.onTrainBegin(trainer(opt), values.length);
        double[] lr = new double[values.length];
        for (int e = 0; e < values.length; e++) {
            plateau.onEpochEnd(e, Map.of(key, values[e], "lr", opt.lr()));
            lr[e] = opt.lr();
        }
        return lr;
    }

    @Test
    void halvesAfterPatienceEpochsWithoutImprovement() {
        // best 1.0 → 0.9; then 0.9, 0.9 do not improve: after the 2nd, η halves and patience restarts
        double[] lr = feed(new ReduceLROnPlateau("val_loss", 0.5, 2), new SGD(0.1), "val_loss",
                1.0, 0.9, 0.9, 0.9, 0.95, 0.8, 0.85, 0.86);
        assertArrayEquals(new double[]{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025}, lr, 1e-15);
    }

    @Test
    void tinyImprovementsDoNotCount() {
        double[] lr = feed(new ReduceLROnPlateau("loss", 0.5, 1), new SGD(0.1), "loss", 1.0, 0.99999, 0.5);
        assertArrayEquals(new double[]{0.1, 0.05, 0.05}, lr, 1e-15);
    }

    @Test
    void accuracyMustGoUpAndMinLrIsAFloor() {
        double[] lr = feed(new ReduceLROnPlateau("val_accuracy", 0.1, 1, 0.002), new SGD(0.1), "val_accuracy", 0.5, 0.6, 0.55, 0.6, 0.6, 0.6);
        assertArrayEquals(new double[]{0.1, 0.1, 0.01, 0.002, 0.002, 0.002}, lr, 1e-15);
    }

    @Test
    void aMissingKeySaysWhatToDo() {
        ReduceLROnPlateau plateau = new ReduceLROnPlateau();
        plateau.onTrainBegin(trainer(new SGD(0.1)), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plateau.onEpochEnd(0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("fit(train, val)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("loss", 1.0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("loss", 0.5, -1));
        assertEquals("ReduceLROnPlateau(monitor=val_loss, factor=0.1, patience=10, minLr=0.0)", plateau.toString());
    }

    @Test
    void throughTheTrainerAStuckModelGetsSmallerSteps() {
        // every parameter frozen: the loss cannot move, so after the first epoch each one is a plateau
        Dense frozen = new Dense(2, 1);
        frozen.parameters().forEach(p -> p.trainable(false));
        var x = Nd4j.rand(DataType.FLOAT, 16, 2);
        History h = new Trainer(frozen, new MeanSquaredError(), new Adam(0.1)).epochs(5).quiet()
                .callbacks(new ReduceLROnPlateau("loss", 0.5, 1)).fit(new Dataset(x, x.sum(true, 1)));
        assertArrayEquals(new double[]{0.1, 0.1, 0.05, 0.025, 0.0125}, h.get("lr"), 1e-12);
    }
}
