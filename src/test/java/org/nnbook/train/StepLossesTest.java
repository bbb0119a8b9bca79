package org.nnbook.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.optim.SGD;

import static org.junit.jupiter.api.Assertions.*;

class StepLossesTest {
    @Test
    void recordsEveryStepAndAveragesRuns() {
        var s = new StepLosses();
        for (double l : new double[]{4, 2, 3, 1, 5}) s.onBatchEnd(0, 0, 5, l);
        assertArrayEquals(new double[]{4, 2, 3, 1, 5}, s.losses());
        assertArrayEquals(new double[]{3, 2, 5}, s.smoothed(2));
        assertEquals(3, s.first(2));
        assertEquals(3, s.last(2));
        assertThrows(IllegalArgumentException.class, () -> s.smoothed(0));
        assertThrows(IllegalStateException.class, () -> new StepLosses().first(3));
    }

    @Test
    void hearsTheTrainersSteps() {
        Seed.set(5);
        var x = Nd4j.rand(DataType.FLOAT, 40, 3);
        var data = new Dataset(x, x.sum(true, 1));
        var s = new StepLosses();
        new Trainer(Sequential.of(new Dense(3, 1)), new MeanSquaredError(), new SGD(0.1)).epochs(3).batchSize(10).quiet().callbacks(s).fit(data);
        assertEquals(12, s.steps());
        assertTrue(s.last(4) < s.first(4));
    }
}
