package org.nnbook.robust;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Flatten;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import static org.junit.jupiter.api.Assertions.*;

/** FGSM and PGD on a small MLP trained on the 1,000 MNIST digits of the jar: budgets, ranges, strength, and the Trainer hook. */
class AttacksTest {
    static Dataset train, test;
    static Sequential net;

    static Sequential mlp(long seed) {
        Seed.set(seed);
        return Sequential.of(new Flatten(), new Dense(784, 64), new ReLU(), new Dense(64, 10));
    }

    @BeforeAll
    static void trainSmallModel() {
        train = Mnist.asImages(Mnist.smallTrain());
        test = Mnist.asImages(Mnist.smallTest()).take(300);
        net = mlp(1);
        new Trainer(net, new CrossEntropy(), new Adam(2e-3)).epochs(8).batchSize(32).seed(1).quiet().fit(train);
        assertTrue(Robustness.accuracy(net, test) > 0.8, "the small model learned the digits");
    }

    static double maxChange(INDArray a, INDArray b) { return Transforms.abs(a.sub(b)).maxNumber().doubleValue(); }

    @Test
    void fgsmMovesEveryPixelByExactlyEpsilonAndStaysInTheUnitRange() {
        Dataset few = test.take(20);
        INDArray adv = new Fgsm(0.1).perturb(net, new CrossEntropy(), few.x(), few.y());
        assertArrayEquals(few.x().shape(), adv.shape());
        assertEquals(0.1, maxChange(adv, few.x()), 1e-6, "max-norm of the perturbation");
        assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1, "pixels in [0, 1]");
        // away from the [0, 1] bounds every pixel with a non-zero gradient moves by exactly ε
        INDArray mid = Nd4j.rand(DataType.FLOAT, 5, 1, 28, 28).muli(0.5).addi(0.25);
        INDArray moved = new Fgsm(0.05).perturb(net, new CrossEntropy(), mid, few.y().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)));
        INDArray change = Transforms.abs(moved.sub(mid));
        assertEquals(0.05, change.minNumber().doubleValue(), 1e-6);
        assertEquals(0.05, change.maxNumber().doubleValue(), 1e-6);
        assertEquals(0, maxChange(new Fgsm(0).perturb(net, new CrossEntropy(), few.x(), few.y()), few.x()), 0);
    }

    @Test
    void fgsmRaisesTheLossInTheGradientsDirection() {
        Dataset few = test.take(100);
        CrossEntropy loss = new CrossEntropy();
        double clean = loss.forward(net.predict(few.x()), few.y());
        double attacked = loss.forward(net.predict(new Fgsm(0.05).perturb(net, new CrossEntropy(), few.x(), few.y())), few.y());
        assertTrue(attacked > clean + 0.1, "loss " + clean + " -> " + attacked);
    }

    @Test
    void pgdNeverLeavesTheBallAndIsAtLeastAsStrongAsFgsm() {
        CrossEntropy loss = new CrossEntropy();
        Seed.set(3);
        Pgd pgd = Pgd.of(0.1, 10);
        INDArray adv = pgd.perturb(net, loss, test.x(), test.y());
        assertTrue(maxChange(adv, test.x()) <= 0.1 + 1e-6, "inside the ε-ball: " + maxChange(adv, test.x()));
        assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1);
        double clean = Robustness.accuracy(net, test), fgsm = Robustness.accuracy(net, loss, new Fgsm(0.1), test);
        double pgdAcc = Robustness.accuracy(net, new Dataset(adv, test.y()));
        assertTrue(fgsm < clean - 0.2, "FGSM lowers the accuracy: " + clean + " -> " + fgsm);
        assertTrue(pgdAcc <= fgsm + 0.01, "PGD " + pgdAcc + " vs FGSM " + fgsm);
        double[] curve = Robustness.curve(net, loss, Fgsm::new, new double[] {0, 0.05, 0.1}, test);
        assertEquals(clean, curve[0], 1e-9);
        assertTrue(curve[1] >= curve[2] - 0.01 && curve[0] > curve[2], java.util.Arrays.toString(curve));
    }

    @Test
    void adversarialTrainingThroughTheTrainerMakesTheModelMoreRobust() {
        CrossEntropy loss = new CrossEntropy();
        Sequential robust = mlp(1);
        new Trainer(robust, new CrossEntropy(), new Adam(2e-3)).epochs(8).batchSize(32).seed(1).quiet()
                .perturb(AdversarialTraining.batches(robust, new CrossEntropy(), new Fgsm(0.15), 0.5)).fit(train);
        double plain = Robustness.accuracy(net, loss, new Fgsm(0.15), test), hardened = Robustness.accuracy(robust, loss, new Fgsm(0.15), test);
        assertTrue(hardened > plain + 0.15, "FGSM accuracy: plain " + plain + ", adversarially trained " + hardened);
        assertTrue(Robustness.accuracy(robust, test) > 0.7, "still classifies clean digits");
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        CrossEntropy loss = new CrossEntropy();
        Dataset few = test.take(4);
        String centred = assertThrows(IllegalArgumentException.class, () -> new Fgsm(0.1).perturb(net, loss, few.x().sub(0.5), few.y())).getMessage();
        assertTrue(centred.contains("[0, 1]") && centred.contains("centred"), centred);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Fgsm(-0.1)).getMessage().contains("ε must be in [0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pgd(0.1, 0, 5)).getMessage().contains("step size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pgd.of(0.1, 0)).getMessage().contains("steps must be >= 1"));
        String rows = assertThrows(IllegalArgumentException.class, () -> new Fgsm(0.1).perturb(net, loss, few.x(), test.take(3).y())).getMessage();
        assertTrue(rows.contains("as many targets as inputs"), rows);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdversarialTraining.batches(net, loss, new Fgsm(0.1), 0)).getMessage()
                .contains("(0, 1]"));
    }
}
