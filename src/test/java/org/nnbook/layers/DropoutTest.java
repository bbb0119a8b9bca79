package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Sequential;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.SGD;
import org.nnbook.train.Trainer;

import static org.junit.jupiter.api.Assertions.*;

class DropoutTest {

    @Test
    void evaluationIsTheIdentity() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 5);
        Dropout d = new Dropout(0.5);
        assertEquals(x, d.forward(x, false));
        INDArray g = Nd4j.rand(DataType.FLOAT, 4, 5);
        assertEquals(g, d.backward(g));
    }

    @Test
    void trainingDropsAFractionPAndScalesTheRestToKeepTheMean() {
        Nd4j.getRandom().setSeed(1);
        INDArray y = new Dropout(0.3).forward(Nd4j.ones(DataType.FLOAT, 200, 1000), true);
        double zeros = y.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertEquals(0.3, zeros, 0.005);
        assertEquals(1 / 0.7, y.maxNumber().doubleValue(), 1e-6, "survivors are scaled by 1 / (1 − p)");
        assertEquals(1.0, y.meanNumber().doubleValue(), 0.01, "inverted dropout keeps the expected value");
    }

    @Test
    void backwardUsesTheForwardMask() {
        Dropout d = new Dropout(0.5);
        INDArray y = d.forward(Nd4j.ones(DataType.FLOAT, 8, 8), true);
        assertEquals(y, d.backward(Nd4j.ones(DataType.FLOAT, 8, 8)), "dL/dx = mask ⊙ g, the same mask as forward");
    }

    @Test
    void masksFollowNd4jsSeed() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 10, 10);
        Dropout d = new Dropout(0.5);
        Nd4j.getRandom().setSeed(42);
        INDArray a = d.forward(x, true).dup();
        INDArray b = d.forward(x, true).dup();
        Nd4j.getRandom().setSeed(42);
        INDArray c = d.forward(x, true).dup();
        assertNotEquals(a, b, "a new mask every step");
        assertEquals(a, c, "the same seed, the same masks");
    }

    @Test
    void fixedMaskIsReusedUntilReleased() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 10, 10);
        Dropout d = new Dropout(0.5).fixMask(true);
        INDArray a = d.forward(x, true).dup();
        assertEquals(a, d.forward(x, true));
        assertEquals(x, d.forward(x, false), "evaluation is still the identity");
        assertEquals(a, d.forward(x, true), "the fixed mask survives an evaluation pass");
        d.fixMask(false);
        assertNotEquals(a, d.forward(x, true));
    }

    @Test
    void passesGradientCheckWithAFixedMask() {
        Nd4j.getRandom().setSeed(5);
        Sequential net = Sequential.of(new Dense(6, 8), new Dropout(0.5).fixMask(true), new Tanh(), new Dense(8, 3));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 6);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0).castTo(DataType.DOUBLE);
        GradientCheck.of(net).check(new CrossEntropy(), x, y).requirePassed();
        GradientCheck.of(new Dropout(0.3).fixMask(true)).check(x).requirePassed();
    }

    @Test
    void gradientCheckFailsWhenTheMaskChangesBetweenPasses() {
        Nd4j.getRandom().setSeed(6);
        assertFalse(GradientCheck.of(new Dropout(0.5)).check(Nd4j.randn(DataType.DOUBLE, 4, 6)).passed(),
                "without fixMask the finite differences see a different network each time");
    }

    @Test
    void trainingWithDropoutIsReproducibleFromTheTrainersSeed() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 100, 2);
        var data = new org.nnbook.data.Dataset(x, x.getColumn(0, true).gt(0).castTo(DataType.FLOAT).reshape(100, 1)
                .repeat(1, 2).muli(Nd4j.createFromArray(new float[][]{{1, -1}})).addi(Nd4j.createFromArray(new float[]{0, 1})));
        double[] loss = new double[2];
        for (int i = 0; i < 2; i++) {
            Nd4j.getRandom().setSeed(9);
            Sequential net = Sequential.of(new Dense(2, 32), new ReLU(), new Dropout(0.5), new Dense(32, 2));
            Nd4j.getRandom().setSeed(1234 + i);   // whatever state ND4J's generator is in, fit seeds it
            loss[i] = new Trainer(net, new CrossEntropy(), new SGD(0.1)).epochs(3).seed(5).quiet().fit(data).last("loss");
        }
        assertEquals(loss[0], loss[1], 0.0);
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertEquals(new Dropout(0).forward(Nd4j.ones(2, 2), true), Nd4j.ones(2, 2), "p = 0 is the identity");
    }
}
