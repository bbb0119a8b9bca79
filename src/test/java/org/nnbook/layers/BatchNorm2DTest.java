package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.ShapeException;

import static org.junit.jupiter.api.Assertions.*;

class BatchNorm2DTest {

    /** (4, 2, 3, 3): channel 0 ~ N(5, 2²), channel 1 ~ N(−3, 0.5²). */
    private static INDArray batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 2, 3, 3);
        x.get(NDArrayIndex.all(), NDArrayIndex.point(0)).muli(2).addi(5);
        x.get(NDArrayIndex.all(), NDArrayIndex.point(1)).muli(0.5).subi(3);
        return x;
    }

    @Test
    void trainingStandardisesEachChannel() {
        INDArray y = new BatchNorm2D(2).forward(batch(1), true);
        assertArrayEquals(new long[]{4, 2, 3, 3}, y.shape());
        assertArrayEquals(new float[]{0, 0}, y.mean(0, 2, 3).toFloatVector(), 1e-5f);
        assertArrayEquals(new float[]{1, 1}, y.var(false, 0, 2, 3).toFloatVector(), 1e-3f);
    }

    @Test
    void gammaScalesAndBetaShifts() {
        BatchNorm2D bn = new BatchNorm2D(2);
        bn.gamma().set(Nd4j.createFromArray(3f, 0.5f));
        bn.beta().set(Nd4j.createFromArray(-1f, 2f));
        INDArray y = bn.forward(batch(2), true);
        assertArrayEquals(new float[]{-1, 2}, y.mean(0, 2, 3).toFloatVector(), 1e-5f);
        assertArrayEquals(new float[]{3, 0.5f}, y.std(false, 0, 2, 3).toFloatVector(), 1e-3f);
    }

    @Test
    void runningStatisticsAreUpdatedInPlaceAndOutliveTheWorkspace() {
        BatchNorm2D bn = new BatchNorm2D(2);
        INDArray mean = bn.runningMean(), var = bn.runningVar();
        INDArray x = batch(3);
        float[] batchMean = x.mean(0, 2, 3).toFloatVector();
        float[] batchVar = x.var(true, 0, 2, 3).toFloatVector();   // unbiased
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(10 * 1024 * 1024).build();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "BN_TEST")) {
            bn.forward(x, true);
        }
        assertSame(mean, bn.runningMean());
        assertSame(var, bn.runningVar());
        assertFalse(mean.isAttached() || var.isAttached(), "running statistics must not live in the step's workspace");
        // momentum 0.1 from mean 0 and variance 1
        assertArrayEquals(new float[]{0.1f * batchMean[0], 0.1f * batchMean[1]}, mean.toFloatVector(), 1e-5f);
        assertArrayEquals(new float[]{0.9f + 0.1f * batchVar[0], 0.9f + 0.1f * batchVar[1]}, var.toFloatVector(), 1e-4f);
        // many steps on the same data converge to its statistics
        for (int i = 0; i < 200; i++) bn.forward(x, true);
        assertArrayEquals(batchMean, mean.toFloatVector(), 1e-4f);
        assertArrayEquals(batchVar, var.toFloatVector(), 1e-3f);
    }

    @Test
    void evaluationUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2D bn = new BatchNorm2D(2, 0.1, 1e-5);
        bn.runningMean().assign(Nd4j.createFromArray(5f, -3f));
        bn.runningVar().assign(Nd4j.createFromArray(4f, 0.25f));
        INDArray x = batch(4);
        INDArray y = bn.forward(x, false);
        INDArray expected = x.dup();
        expected.get(NDArrayIndex.all(), NDArrayIndex.point(0)).subi(5).divi(Math.sqrt(4 + 1e-5));
        expected.get(NDArrayIndex.all(), NDArrayIndex.point(1)).addi(3).divi(Math.sqrt(0.25 + 1e-5));
        assertArrayEquals(expected.ravel().toFloatVector(), y.ravel().toFloatVector(), 1e-5f);
        assertArrayEquals(new float[]{5, -3}, bn.runningMean().toFloatVector());
        assertArrayEquals(new float[]{4, 0.25f}, bn.runningVar().toFloatVector());
        // in evaluation an example's output does not depend on the rest of its batch
        INDArray first = bn.forward(x.get(NDArrayIndex.interval(0, 1)).dup(), false);
        assertArrayEquals(y.get(NDArrayIndex.interval(0, 1)).ravel().toFloatVector(), first.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void passesGradientCheckInTraining() {
        BatchNorm2D bn = new BatchNorm2D(3);
        Nd4j.getRandom().setSeed(21);
        bn.gamma().set(Nd4j.rand(DataType.FLOAT, 3).addi(0.5));
        bn.beta().set(Nd4j.randn(DataType.FLOAT, 3));
        GradientCheck.of(bn).check(Nd4j.randn(DataType.DOUBLE, 4, 3, 3, 2).muli(2).addi(1)).requirePassed();
    }

    @Test
    void passesGradientCheckInEvaluation() {
        BatchNorm2D bn = new BatchNorm2D(3);
        Nd4j.getRandom().setSeed(22);
        bn.gamma().set(Nd4j.rand(DataType.FLOAT, 3).addi(0.5));
        bn.runningMean().assign(Nd4j.randn(DataType.FLOAT, 3));
        bn.runningVar().assign(Nd4j.rand(DataType.FLOAT, 3).addi(0.5));
        GradientCheck.of(bn).training(false).check(Nd4j.randn(DataType.DOUBLE, 2, 3, 3, 3)).requirePassed();
    }

    @Test
    void shapeErrorsNameLayerShapeAndFix() {
        BatchNorm2D bn = new BatchNorm2D(16);
        ShapeException e = assertThrows(ShapeException.class, () -> bn.forward(Nd4j.zeros(DataType.FLOAT, 8, 32, 5, 5), true));
        assertTrue(e.getMessage().contains("BatchNorm2D(16") && e.getMessage().contains("(N, 16, H, W)")
                && e.getMessage().contains("[8, 32, 5, 5]") && e.getMessage().contains("(32)"), e.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> bn.forward(Nd4j.zeros(DataType.FLOAT, 1, 16, 1, 1), true));
        assertTrue(one.getMessage().contains("batch of at least 2"), one.getMessage());
    }

    @Test
    void describesItselfAndRejectsBadSettings() {
        assertEquals("BatchNorm2D(32, momentum 0.1, eps 1e-05)", new BatchNorm2D(32).toString());
        assertEquals(2 * 32, new BatchNorm2D(32).parameterCount());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2D(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2D(4, 1.5, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2D(4, 0.1, 0));
    }
}
