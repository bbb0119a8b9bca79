package assignment;

import org.junit.jupiter.api.Test;
import org.nnbook.core.Layer;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Mnist;
import org.nnbook.exercise.Exercise;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.util.List;

/** Part 3: a digit classifier made of {@link Linear} layers, which must learn. */
class NetworkTest {

    @Test
    void part3IsLinearReLULinear() {
        Checks.require("Part 3 (the network's layers)", () -> {
            Sequential net = Network.digitClassifier(32);
            if (net == null) return Exercise.notYet("digitClassifier returned null.", "return Sequential.of(...).");
            List<Layer> layers = net.layers();
            if (layers.size() != 3 || !(layers.get(0) instanceof Linear first) || !(layers.get(1) instanceof ReLU)
                    || !(layers.get(2) instanceof Linear last))
                return Exercise.notYet("the network is " + layers + ", not [Linear, ReLU, Linear].",
                        "use your own Linear (not the library's Dense) with the library's ReLU between them.");
            if (first.inFeatures() != 784 || first.outFeatures() != 32 || last.inFeatures() != 32 || last.outFeatures() != 10)
                return Exercise.notYet("for hidden = 32 the layers should be Linear(784 -> 32) and Linear(32 -> 10); yours are "
                        + first + " and " + last + ".", "784 pixels in, hidden units in the middle, 10 classes out.");
            return Exercise.right("Linear(784 -> 32), ReLU, Linear(32 -> 10).");
        });
    }

    @Test
    void part3LearnsDigits() {
        Checks.require("Part 3 (the network learns)", () -> {
            Seed.set(4);
            Trainer trainer = new Trainer(Network.digitClassifier(64), new CrossEntropy(), new Adam(1e-3)).epochs(10).quiet();
            trainer.fit(Mnist.smallTrain());                               // 1,000 digits shipped inside the nnbook jar
            double accuracy = trainer.evaluate(Mnist.smallTest()).get("accuracy");
            if (!(accuracy > 0.8))
                return Exercise.notYet(String.format("after 10 epochs on 1,000 digits the test accuracy is %.1f%%; at least 80%% is expected.",
                        100 * accuracy), "if Parts 1 and 2 pass, check the order of the layers and the sizes.");
            return Exercise.right(String.format("%.1f%% test accuracy after 10 epochs on 1,000 digits.", 100 * accuracy));
        });
    }
}
