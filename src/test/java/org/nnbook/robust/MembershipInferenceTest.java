package org.nnbook.robust;

import org.junit.jupiter.api.Test;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import static org.junit.jupiter.api.Assertions.*;

/** The loss-threshold attack: no signal between two unseen sets, a clear one against an overfitted model's training set. */
class MembershipInferenceTest {

    @Test
    void aucCountsPairsAndTies() {
        assertEquals(1, MembershipInference.auc(new double[] {0.1, 0.2}, new double[] {0.3, 0.4}), 0);
        assertEquals(0, MembershipInference.auc(new double[] {0.5}, new double[] {0.3, 0.4}), 0);
        assertEquals(0.5, MembershipInference.auc(new double[] {0.3}, new double[] {0.3}), 0);
        assertEquals(3.5 / 4, MembershipInference.auc(new double[] {0.3, 0.1}, new double[] {0.3, 0.5}), 1e-12);   // one tie, three wins
        assertEquals(1.0, MembershipInference.accuracy(new double[] {0.1, 0.2}, new double[] {0.3, 0.4}, 0.25), 0);
        assertEquals(0.5, MembershipInference.accuracy(new double[] {0.1, 0.2}, new double[] {0.3, 0.4}, 10), 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MembershipInference.auc(new double[0], new double[] {1}))
                .getMessage().contains("some members"));
    }

    @Test
    void theAttackSeesNothingBetweenTwoUnseenSetsAndMuchInAnOverfittedTrainingSet() {
        Dataset train = Mnist.smallTrain().take(300), test = Mnist.smallTest();
        Seed.set(2);
        Sequential net = Sequential.of(new Dense(784, 128), new ReLU(), new Dense(128, 10));
        new Trainer(net, new CrossEntropy(), new Adam(2e-3)).epochs(40).batchSize(32).seed(2).quiet().fit(train);
        double[] members = MembershipInference.losses(net, train);
        double[] unseenA = MembershipInference.losses(net, test.range(0, 500)), unseenB = MembershipInference.losses(net, test.range(500, 1000));
        double chance = MembershipInference.auc(unseenA, unseenB), leak = MembershipInference.auc(members, unseenA);
        assertEquals(0.5, chance, 0.06, "two sets the model never saw");
        assertTrue(leak > 0.75, "members of an overfitted model: AUC " + leak);
        assertTrue(MembershipInference.accuracy(members, unseenA, MembershipInference.yeomThreshold(members)) > 0.6);
        // the loss is the cross-entropy of each example
        CrossEntropy ce = new CrossEntropy();
        double mean = ce.forward(net.predict(test.x()), test.y());
        double[] all = MembershipInference.losses(net, test);
        assertEquals(mean, java.util.Arrays.stream(all).average().orElseThrow(), 1e-4 * (1 + mean));
    }
}
