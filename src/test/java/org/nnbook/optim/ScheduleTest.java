package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.train.Callback;
import org.nnbook.train.History;
import org.nnbook.train.LearningRateScheduler;
import org.nnbook.train.Trainer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Learning-rate schedules: values at known epochs and steps, and their effect through the Trainer. */
class ScheduleTest {

    /** 32 examples, y = x₀ + x₁: with batch size 8, four steps per epoch. */
    private static Dataset tiny() {
        Nd4j.getRandom().setSeed(7);
        var x = Nd4j.rand(DataType.FLOAT, 32, 2);
        return new Dataset(x, x.sum(true, 1));
    }

    private static Trainer trainer(Optimizer opt) {
        Nd4j.getRandom().setSeed(1);
        return new Trainer(new Dense(2, 1), new MeanSquaredError(), opt).batchSize(8).quiet();
    }

    @Test
    void constantAndStepDecay() {
        assertEquals(0.3, Schedule.constant(0.3).lr(17, 1000), 0);
        Schedule s = Schedule.stepDecay(0.1, 3, 0.5);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
        for (int e = 0; e < expected.length; e++) assertEquals(expected[e], s.lr(e, 0), 1e-15, "epoch " + e);
    }

    @Test
    void exponential() {
        Schedule s = Schedule.exponential(0.1, 0.9);
        assertEquals(0.1, s.lr(0, 0), 1e-15);
        assertEquals(0.081, s.lr(2, 0), 1e-15);
        assertEquals(0.1 * Math.pow(0.9, 10), s.lr(10, 0), 1e-15);
    }

    @Test
    void cosineAnnealsToTheFloorAndStaysThere() {
        Schedule s = Schedule.cosine(0.1, 0.001, 10);
        assertEquals(0.1, s.lr(0, 0), 1e-15);
        assertEquals(0.001 + 0.5 * 0.099 * (1 + Math.cos(Math.PI / 5)), s.lr(2, 0), 1e-15);
        assertEquals(0.0505, s.lr(5, 0), 1e-15);                  // halfway: the mean of lr and minLr
        assertEquals(0.001, s.lr(10, 0), 1e-15);
        assertEquals(0.001, s.lr(25, 0), 1e-15);
        for (int e = 1; e <= 10; e++) assertTrue(s.lr(e, 0) < s.lr(e - 1, 0), "not decreasing at epoch " + e);
    }

    @Test
    void warmupRisesLinearlyPerStepThenFollowsTheWrappedSchedule() {
        Schedule s = Schedule.warmup(4, Schedule.stepDecay(0.1, 2, 0.5));
        assertEquals(0.025, s.lr(0, 0), 1e-15);
        assertEquals(0.05, s.lr(0, 1), 1e-15);
        assertEquals(0.075, s.lr(0, 2), 1e-15);
        assertEquals(0.1, s.lr(0, 3), 1e-15);
        assertEquals(0.1, s.lr(1, 40), 1e-15);
        assertEquals(0.05, s.lr(2, 80), 1e-15);
    }

    @Test
    void inverseSqrtWarmsUpPeaksAtLrThenDecaysLikeOneOverRootStep() {
        Schedule s = Schedule.inverseSqrt(1e-3, 100);
        assertEquals(1e-5, s.lr(0, 0), 1e-18);
        assertEquals(5e-4, s.lr(0, 49), 1e-15);
        assertEquals(1e-3, s.lr(0, 99), 1e-15);                    // the peak, at the end of the warm-up
        assertEquals(1e-3 * Math.sqrt(100 / 101.0), s.lr(3, 100), 1e-15);
        assertEquals(5e-4, s.lr(9, 399), 1e-15);                    // 4x the warm-up: half the peak
        for (int step = 1; step < 1000; step++)
            assertEquals(step < 100, s.lr(0, step) > s.lr(0, step - 1), "rises during the warm-up only, step " + step);
        // the paper's formula, d_model^-0.5 · min(s^-0.5, s · warmup^-1.5), is the same with lr = (d_model · warmup)^-0.5
        Schedule paper = Schedule.inverseSqrt(Math.pow(512 * 4000.0, -0.5), 4000);
        for (long step : new long[]{0, 1000, 3999, 4000, 20000, 100000}) {
            double sn = step + 1;
            assertEquals(Math.pow(512, -0.5) * Math.min(Math.pow(sn, -0.5), sn * Math.pow(4000, -1.5)), paper.lr(0, step), 1e-15, "step " + step);
        }
        assertEquals(6.99e-4, paper.lr(0, 3999), 1e-6);
    }

    @Test
    void warmupCosineRisesThenAnnealsPerStepToTheFloor() {
        Schedule s = Schedule.warmupCosine(0.1, 0.001, 10, 110);
        assertEquals(0.01, s.lr(0, 0), 1e-15);
        assertEquals(0.1, s.lr(0, 9), 1e-15);
        assertEquals(0.1, s.lr(0, 10), 1e-15);                      // the cosine starts at lr
        assertEquals(0.0505, s.lr(2, 60), 1e-15);                   // halfway: the mean of lr and minLr
        assertEquals(0.001 + 0.5 * 0.099 * (1 + Math.cos(Math.PI * 0.25)), s.lr(1, 35), 1e-15);
        assertEquals(0.001, s.lr(5, 110), 1e-15);
        assertEquals(0.001, s.lr(9, 5000), 1e-15);
        for (int step = 11; step <= 110; step++) assertTrue(s.lr(0, step) < s.lr(0, step - 1), "not decreasing at step " + step);
        Schedule noWarmup = Schedule.warmupCosine(0.1, 0.001, 0, 100);
        assertEquals(0.1, noWarmup.lr(0, 0), 1e-15);
        assertEquals(0.0505, noWarmup.lr(0, 50), 1e-15);
    }

    @Test
    void perStepSchedulesRejectBadArgumentsWithAFix() {
        var warm = assertThrows(IllegalArgumentException.class, () -> Schedule.inverseSqrt(1e-3, 0));
        assertTrue(warm.getMessage().startsWith("Schedule.inverseSqrt: warmupSteps must be >= 1, got 0."), warm.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.inverseSqrt(0, 100));
        assertThrows(IllegalArgumentException.class, () -> Schedule.inverseSqrt(Double.NaN, 100));
        var floor = assertThrows(IllegalArgumentException.class, () -> Schedule.warmupCosine(0.1, 0, 10, 100));
        assertTrue(floor.getMessage().contains("lr / 100"), floor.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.warmupCosine(0.1, 0.2, 10, 100));
        var steps = assertThrows(IllegalArgumentException.class, () -> Schedule.warmupCosine(0.1, 0.001, 100, 100));
        assertTrue(steps.getMessage().contains("need 0 <= warmupSteps < totalSteps, got warmupSteps=100, totalSteps=100"), steps.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.warmupCosine(0.1, 0.001, -1, 100));
        assertEquals("inverseSqrt(lr=0.001, warmupSteps=4000)", Schedule.inverseSqrt(1e-3, 4000).toString());
        assertEquals("warmupCosine(lr=0.001, minLr=1.0E-5, warmupSteps=100, totalSteps=5000)",
                Schedule.warmupCosine(1e-3, 1e-5, 100, 5000).toString());
    }

    @Test
    void inverseSqrtSetsTheRateOfEveryStepThroughTheTrainer() {
        List<Double> used = new ArrayList<>();
        Optimizer adam = new Adam(1);
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(int epoch, int batch, int numBatches, double loss) { used.add(adam.lr()); }
        };
        Schedule s = Schedule.inverseSqrt(0.04, 4);
        trainer(adam).epochs(3).callbacks(recorder, new LearningRateScheduler(s)).fit(tiny());
        assertEquals(12, used.size());
        for (int step = 0; step < 12; step++) assertEquals(s.lr(step / 4, step), used.get(step), 1e-15, "step " + step);
    }

    @Test
    void schedulesPrintAsTheCallThatMadeThem() {
        assertEquals("cosine(lr=0.1, minLr=0.001, epochs=10)", Schedule.cosine(0.1, 0.001, 10).toString());
        assertEquals("warmup(steps=100, constant(lr=0.001))", Schedule.warmup(100, Schedule.constant(1e-3)).toString());
        assertEquals("LearningRateScheduler(exponential(lr=0.1, gamma=0.9))",
                new LearningRateScheduler(Schedule.exponential(0.1, 0.9)).toString());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> Schedule.stepDecay(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.stepDecay(0.1, 5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.exponential(0.1, 0));
        IllegalArgumentException floor = assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(0.1, 0, 10));
        assertTrue(floor.getMessage().contains("lr / 100"), floor.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(0.1, 0.2, 10));
        assertThrows(IllegalArgumentException.class, () -> Schedule.warmup(0, Schedule.constant(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateScheduler(null));
    }

    @Test
    void historyLrColumnFollowsAPerEpochSchedule() {
        Schedule step = Schedule.stepDecay(0.1, 2, 0.5);
        History h = trainer(new SGD(1)).epochs(6).callbacks(new LearningRateScheduler(step)).fit(tiny());
        assertArrayEquals(new double[]{0.1, 0.1, 0.05, 0.05, 0.025, 0.025}, h.get("lr"), 1e-15);

        Schedule cosine = Schedule.cosine(0.05, 0.005, 5);
        History hc = trainer(new Momentum(1)).epochs(5).callbacks(new LearningRateScheduler(cosine)).fit(tiny());
        for (int e = 0; e < 5; e++) assertEquals(cosine.lr(e, 0), hc.get("lr")[e], 1e-15, "epoch " + e);
        assertTrue(hc.last("loss") < hc.first("loss"), hc.toString());
    }

    @Test
    void warmupChangesTheRateEveryStep() {
        // records the η each step was taken with: it runs before the scheduler sets the next one
        List<Double> used = new ArrayList<>();
        Optimizer sgd = new SGD(1);
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(int epoch, int batch, int numBatches, double loss) { used.add(sgd.lr()); }
        };
        History h = trainer(sgd).epochs(3).callbacks(recorder, new LearningRateScheduler(Schedule.warmup(6, Schedule.constant(0.06))))
                .fit(tiny());
        double[] expected = {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06};
        assertArrayEquals(expected, used.stream().mapToDouble(Double::doubleValue).toArray(), 1e-15);
        assertArrayEquals(new double[]{0.04, 0.06, 0.06}, h.get("lr"), 1e-15);   // each epoch's last step
    }

    @Test
    void aScheduleThatReachesZeroIsReportedWithItsPlace() {
        Schedule linearToZero = (epoch, step) -> 0.1 * (2 - epoch) / 2;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer(new SGD(1)).epochs(4).callbacks(new LearningRateScheduler(linearToZero)).fit(tiny()));
        assertTrue(e.getMessage().contains("epoch 2"), e.getMessage());
    }
}
