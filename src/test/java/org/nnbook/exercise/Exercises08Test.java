package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Dense;
import org.nnbook.optim.Adam;
import org.nnbook.train.Callback;
import org.nnbook.train.Trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Each check of notebook 08 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises08Test extends VerdictChecks {

    // 8.1 ------------------------------------------------------------------------------------------

    @Test
    void newHead() {
        right(Exercises08.newHead((pre, classes) -> pre.withLayer(pre.size() - 1, new Dense(84, classes)).freeze(0, pre.size() - 1)));
        right(Exercises08.newHead((pre, classes) -> pre.withLayer(11, new Dense(84, classes)).lrMultiplier(0, 11, 0)));   // frozen by a zero rate
        notYet(Exercises08.newHead((pre, classes) -> pre.withLayer(11, new Dense(84, classes))), "would still train", "0:Conv2D", "freeze every layer but the head");
        notYet(Exercises08.newHead((pre, classes) -> pre.withLayer(11, new Dense(84, classes)).freeze(0, 12)), "the new head is frozen too");
        notYet(Exercises08.newHead((pre, classes) -> pre.withLayer(11, new Dense(84, 10)).freeze(0, 11)), "outputs (8, 10)", "needs (8, 5)", "old head's 10 classes");
        notYet(Exercises08.newHead((pre, classes) -> pre.withLayer(10, new Dense(84, classes)).freeze(0, 11)), "fails on a batch", "replace only the last layer");
        notYet(Exercises08.newHead((pre, classes) -> TransferChecks.lenet(1, classes).freeze(0, 11)), "layer 0", "does not hold the pretrained values");
        notYet(Exercises08.newHead((pre, classes) -> pre.freeze(0, 11)), "outputs (8, 10)");
        notYet(Exercises08.newHead((pre, classes) -> starter()), "starter");
    }

    // 8.2 ------------------------------------------------------------------------------------------

    /** ULMFiT's schedule, and the typical mistakes: "right", "no freeze", "bottom up", "all at once", "late". */
    static final class Unfreezing implements Callback {
        final Sequential net;
        final String how;
        final List<Integer> withParams = new ArrayList<>();

        Unfreezing(Sequential net, String how) {
            this.net = net;
            this.how = how;
            for (int i = 0; i < net.size(); i++) if (!net.get(i).parameters().isEmpty()) withParams.add(i);
        }

        @Override
        public void onTrainBegin(Trainer trainer, int epochs) {
            if (how.equals("no freeze")) return;
            net.freeze(0, net.size());
            trainTop(1);
        }

        @Override
        public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
            if (how.equals("all at once")) net.unfreeze(0, net.size());
            else if (how.equals("late")) trainTop(epoch + 1);
            else trainTop(epoch + 2);
            return false;
        }

        /** Lets the top k layers with parameters train (the bottom k for "bottom up", with the head). */
        void trainTop(int k) {
            k = Math.min(k, withParams.size());
            if (how.equals("bottom up")) {
                net.unfreeze(withParams.get(withParams.size() - 1), net.size());
                if (k > 1) net.unfreeze(0, withParams.get(k - 2) + 1);
            } else net.unfreeze(withParams.get(withParams.size() - k), net.size());
        }
    }

    @Test
    void gradualUnfreezing() {
        right(Exercises08.gradualUnfreezing(net -> new Unfreezing(net, "right")));
        notYet(Exercises08.gradualUnfreezing(net -> new Unfreezing(net, "no freeze")), "in epoch 1 layers [0, 2, 4, 6] trained", "trains layers [6]", "onTrainBegin");
        notYet(Exercises08.gradualUnfreezing(net -> new Unfreezing(net, "bottom up")), "in epoch 2 layers [0, 6] trained", "[4, 6]", "top down");
        notYet(Exercises08.gradualUnfreezing(net -> new Unfreezing(net, "all at once")), "in epoch 2 layers [0, 2, 4, 6] trained", "one more layer");
        notYet(Exercises08.gradualUnfreezing(net -> new Unfreezing(net, "late")), "in epoch 2 layers [6] trained", "a step late");
        notYet(Exercises08.gradualUnfreezing(net -> null), "no callback");
        notYet(Exercises08.gradualUnfreezing(net -> starter()), "starter");
    }

    // 8.3 ------------------------------------------------------------------------------------------

    @Test
    void fewLabels() {
        // the digits have MNIST's ten classes: keep the pretrained head, move the body slowly
        right(Exercises08.fewLabels(pre -> pre.lrMultiplier(0, 11, 0.1), () -> new Adam(1e-2)));
        Function<Sequential, Sequential> newFrozen = pre -> {
            Seed.set(3);
            return pre.withLayer(11, new Dense(84, 10)).freeze(0, 11);
        };
        notYet(Exercises08.fewLabels(newFrozen, () -> new Adam(1e-2)), "your recipe gets", "from scratch (Adam 2e-3) gets", "the target is 84%");
        notYet(Exercises08.fewLabels(pre -> TransferChecks.lenet(7, 10), () -> new Adam(2e-3)), "the target is 84%");
        notYet(Exercises08.fewLabels(pre -> pre.freeze(0, 12), () -> new Adam(1e-2)), "every parameter", "frozen");
        notYet(Exercises08.fewLabels(pre -> pre.withLayer(11, new Dense(84, 5)), () -> new Adam(1e-2)), "outputs (2, 5)", "needs (2, 10)");
        notYet(Exercises08.fewLabels(pre -> pre, () -> null), "optimizer method returned null");
        notYet(Exercises08.fewLabels(pre -> starter(), () -> new Adam(1e-2)), "starter");
    }

    // 8.4 ------------------------------------------------------------------------------------------

    @Test
    void fineTuningStopsPaying() {
        String[] columns = {"10", "50", "100", "all"};
        double[][] scratch = {{0.90, 0.92}, {0.96, 0.96}, {0.97, 0.97}, {0.97, 0.975}};
        double[][] tuned = {{0.94, 0.95}, {0.975, 0.979}, {0.975, 0.98}, {0.976, 0.981}};   // gains 8.5, 1.7, 0.75, 0.6 points
        right(Exercises08.fineTuningStopsPaying(() -> "100", columns, scratch, tuned));
        notYet(Exercises08.fineTuningStopsPaying(() -> "50", columns, scratch, tuned), "at 50 labels per class fine-tuning is +1.7 points", "still more than one point");
        notYet(Exercises08.fineTuningStopsPaying(() -> "all", columns, scratch, tuned), "+0.6 points", "already at most one point ahead with fewer labels");
        notYet(Exercises08.fineTuningStopsPaying(() -> "none", columns, scratch, tuned), "there is a column");
        notYet(Exercises08.fineTuningStopsPaying(() -> "120", columns, scratch, tuned), "not a column");
        notYet(Exercises08.fineTuningStopsPaying(() -> starter(), columns, scratch, tuned), "starter");
        double[][] farAhead = {{0.95, 0.95}, {0.99, 0.99}, {0.99, 0.99}, {0.99, 0.99}};
        Verdict none = Exercises08.fineTuningStopsPaying(() -> "none", columns, new double[][]{{0.9, 0.9}, {0.95, 0.95}, {0.96, 0.96}, {0.97, 0.97}}, farAhead);
        right(none);
        assertTrue(none.message().contains("more than a point ahead of training from scratch in every column"), none.toString());
        Verdict hundred = Exercises08.fineTuningStopsPaying(() -> "100", columns, scratch, tuned);
        assertTrue(hundred.message().contains("at 100 labels per class fine-tuning is +0.8 points"), hundred.toString());
    }

    @Test
    void strictChecksThrow() {
        System.setProperty("nnbook.exercises", "strict");
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Exercises08.newHead((pre, c) -> starter()));
            assertTrue(e.getMessage().contains("Exercise 8.1") && e.getMessage().contains("not yet"), e.getMessage());
        } finally {
            System.clearProperty("nnbook.exercises");
        }
    }
}
