package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import static org.junit.jupiter.api.Assertions.*;

/** The convolutional layers together: one gradient check through a whole stack, and training on real MNIST digits. */
class CnnTrainingTest {

    private static Sequential stack() {
        return Sequential.of(new Conv2D(2, 3, 3, 1, Padding.SAME), new BatchNorm2D(3), new ReLU(), new MaxPool2D(2),
                new Conv2D(3, 4, 2), new AvgPool2D(2, 1, Padding.SAME), new GlobalAvgPool2D(), new Dense(4, 3));
    }

    @Test
    void wholeStackPassesGradientCheckInTrainingAndEvaluation() {
        Nd4j.getRandom().setSeed(8);
        // Sequential converts only the parameters to double; BatchNorm2D's float running statistics must still work
        GradientCheck.of(stack()).check(Nd4j.randn(DataType.DOUBLE, 3, 2, 8, 8)).requirePassed();
        GradientCheck.of(stack()).training(false).check(Nd4j.randn(DataType.DOUBLE, 3, 2, 8, 8)).requirePassed();
    }

    @Test
    void tinyCnnLearnsMnist() {
        Dataset train = Mnist.asImages(Mnist.smallTrain());
        Dataset test = Mnist.asImages(Mnist.smallTest());
        Nd4j.getRandom().setSeed(3);
        Sequential net = Sequential.of(
                new Conv2D(1, 8, 3), new ReLU(), new MaxPool2D(2),    // (N, 8, 13, 13)
                new Flatten(), new Dense(8 * 13 * 13, 10));
        History h = new Trainer(net, new CrossEntropy(), new Adam(2e-3)).epochs(2).batchSize(32).quiet().fit(train, test);
        assertTrue(h.last("loss") < h.first("loss") * 0.6, h.toString());
        assertTrue(h.last("val_accuracy") > 0.7, h.toString());
    }

    @Test
    void batchNormCnnLearnsMnist() {
        Dataset train = Mnist.asImages(Mnist.smallTrain());
        Dataset test = Mnist.asImages(Mnist.smallTest());
        Nd4j.getRandom().setSeed(4);
        Sequential net = Sequential.of(
                new Conv2D(1, 8, 3, 1, Padding.SAME), new BatchNorm2D(8), new ReLU(), new AvgPool2D(2),   // (N, 8, 14, 14)
                new Flatten(), new Dense(8 * 14 * 14, 10));
        History h = new Trainer(net, new CrossEntropy(), new Adam(2e-3)).epochs(2).batchSize(32).quiet().fit(train, test);
        assertTrue(h.last("loss") < h.first("loss") * 0.6, h.toString());
        assertTrue(h.last("val_accuracy") > 0.7, h.toString());   // evaluation mode: running statistics
    }
}
