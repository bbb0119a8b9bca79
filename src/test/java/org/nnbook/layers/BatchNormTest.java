package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Sequential;
import org.nnbook.core.ShapeException;
import org.nnbook.data.Dataset;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.optim.SGD;
import org.nnbook.train.Trainer;

import static org.junit.jupiter.api.Assertions.*;

class BatchNormTest {

    @Test
    void trainingStandardisesEachFeatureThenScalesAndShifts() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 500, 3).muli(Nd4j.createFromArray(3f, 0.5f, 10f))
                .addi(Nd4j.createFromArray(5f, -2f, 0f));
        BatchNorm bn = new BatchNorm(3);
        INDArray y = bn.forward(x, true);
        assertArrayEquals(new long[]{500, 3}, y.shape());
        assertArrayEquals(new double[]{0, 0, 0}, y.mean(0).toDoubleVector(), 1e-4);
        assertArrayEquals(new double[]{1, 1, 1}, y.var(false, 0).toDoubleVector(), 1e-3);
        bn.gamma().set(Nd4j.createFromArray(new float[][]{{2, 2, 2}}));
        bn.beta().set(Nd4j.createFromArray(new float[][]{{1, 1, 1}}));
        INDArray z = bn.forward(x, true);
        assertArrayEquals(new double[]{1, 1, 1}, z.mean(0).toDoubleVector(), 1e-4);
        assertArrayEquals(new double[]{4, 4, 4}, z.var(false, 0).toDoubleVector(), 4e-3);
    }

    @Test
    void runningStatisticsMoveTowardsTheBatchInPlace() {
        INDArray x = Nd4j.createFromArray(new float[][]{{1, 10}, {3, 10}, {5, 10}});   // means (3, 10), unbiased variances (4, 0)
        BatchNorm bn = new BatchNorm(2, 0.5, 1e-5);
        INDArray mean = bn.runningMean(), var = bn.runningVar();
        bn.forward(x, true);
        assertSame(mean, bn.runningMean(), "updated in place, never replaced");
        assertSame(var, bn.runningVar());
        assertArrayEquals(new float[]{1.5f, 5}, mean.ravel().toFloatVector(), 1e-6f);      // 0.5·0 + 0.5·batch
        assertArrayEquals(new float[]{2.5f, 0.5f}, var.ravel().toFloatVector(), 1e-6f);    // 0.5·1 + 0.5·batch
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        BatchNorm bn = new BatchNorm(2);
        bn.runningMean().assign(Nd4j.createFromArray(new float[][]{{1, -2}}));
        bn.runningVar().assign(Nd4j.createFromArray(new float[][]{{4, 0.25f}}));
        bn.gamma().set(Nd4j.createFromArray(new float[][]{{3, 1}}));
        bn.beta().set(Nd4j.createFromArray(new float[][]{{0, 0.5f}}));
        INDArray x = Nd4j.createFromArray(new float[][]{{5, -2}, {1, -1}});
        INDArray y = bn.forward(x, false);
        // 3·(5−1)/2 = 6, (−2+2)/0.5 + 0.5 = 0.5;  3·0 = 0, (−1+2)/0.5 + 0.5 = 2.5  (ε = 1e-5 aside)
        assertArrayEquals(new float[]{6, 0.5f, 0, 2.5f}, y.ravel().toFloatVector(), 1e-4f);
        // a prediction does not depend on the rest of the batch
        assertArrayEquals(y.getRow(1).toFloatVector(), bn.forward(x.getRows(1), false).ravel().toFloatVector(), 0f);
        assertArrayEquals(new float[]{1, -2}, bn.runningMean().ravel().toFloatVector(), 0f, "evaluation leaves the running statistics alone");
    }

    @Test
    void passesGradientCheckInTrainingMode() {
        Nd4j.getRandom().setSeed(2);
        BatchNorm bn = new BatchNorm(4);
        bn.gamma().set(Nd4j.rand(DataType.FLOAT, 1, 4).addi(0.5));
        bn.beta().set(Nd4j.randn(DataType.FLOAT, 1, 4));
        GradientCheck.of(bn).check(Nd4j.randn(DataType.DOUBLE, 6, 4).muli(2).addi(1)).requirePassed();
        Sequential net = Sequential.of(new Dense(5, 4), new BatchNorm(4), new Tanh(), new Dense(4, 3));
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1).castTo(DataType.DOUBLE);
        GradientCheck.of(net).check(new CrossEntropy(), Nd4j.randn(DataType.DOUBLE, 5, 5), y).requirePassed();
    }

    @Test
    void passesGradientCheckInEvaluationMode() {
        Nd4j.getRandom().setSeed(3);
        BatchNorm bn = new BatchNorm(3);
        bn.runningMean().assign(Nd4j.createFromArray(new float[][]{{0.5f, -1, 2}}));
        bn.runningVar().assign(Nd4j.createFromArray(new float[][]{{2, 0.5f, 1}}));
        GradientCheck.of(bn).training(false).check(Nd4j.randn(DataType.DOUBLE, 4, 3)).requirePassed();
    }

    @Test
    void trainerLeavesRunningStatisticsThatMatchTheData() {
        // BatchNorm first, so it sees the raw inputs: the running statistics must end near their mean and variance
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, 512, 2).muli(Nd4j.createFromArray(2f, 0.5f)).addi(Nd4j.createFromArray(3f, -1f));
        BatchNorm bn = new BatchNorm(2);
        Sequential net = Sequential.of(bn, new Dense(2, 1));
        new Trainer(net, new MeanSquaredError(), new SGD(0.01)).epochs(5).batchSize(64).quiet().fit(new Dataset(x, x.getColumn(0, true)));
        assertArrayEquals(x.mean(0).toDoubleVector(), bn.runningMean().ravel().toDoubleVector(), 0.15);
        assertArrayEquals(x.var(0).toDoubleVector(), bn.runningVar().ravel().toDoubleVector(), 0.5);
        assertFalse(bn.runningMean().isAttached(), "the running statistics live outside the training workspace");
    }

    @Test
    void errorsSayWhatToDo() {
        BatchNorm bn = new BatchNorm(8);
        ShapeException e = assertThrows(ShapeException.class, () -> bn.forward(Nd4j.zeros(DataType.FLOAT, 2, 8, 4, 4), true));
        assertTrue(e.getMessage().contains("BatchNorm2D"), e.getMessage());
        ShapeException e2 = assertThrows(ShapeException.class, () -> bn.forward(Nd4j.zeros(DataType.FLOAT, 2, 7), true));
        assertTrue(e2.getMessage().contains("[2, 7]"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> bn.forward(Nd4j.zeros(DataType.FLOAT, 1, 8), true));
        assertTrue(e3.getMessage().contains("batch"), e3.getMessage());
        bn.forward(Nd4j.zeros(DataType.FLOAT, 1, 8), false);   // a single example is fine in evaluation
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm(0));
    }
}
