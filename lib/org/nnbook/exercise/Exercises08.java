package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.*;
import org.nnbook.data.*;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.*;
import org.nnbook.train.Callback;
import org.nnbook.train.Trainer;

import java.util.*;
import java.util.function.*;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;
import static org.nnbook.exercise.TransferChecks.*;

/**
 * The checks of notebook 08 (fine-tuning and transfer): a new head on a frozen pretrained LeNet (8.1),
 * ULMFiT's gradual unfreezing as a callback (8.2; Howard and Ruder, 2018), few labels under a budget
 * on scikit-learn's 8x8 digits (8.3, trained by the check), and a question on the notebook's own
 * results table (8.4). The LeNet is notebook 05's ({@link org.nnbook.models.LeNet}), images (N, 1, 28, 28).
 */
public final class Exercises08 {
    private Exercises08() {}

    /** Exercise 8.3's target: mean test accuracy over the draws of 10 labels per class. */
    public static final double FEW_LABELS_TARGET = 0.84;
    /** Exercise 8.3's budget: this many optimizer steps (batches of 32) per draw. */
    public static final int FEW_LABELS_STEPS = 20;
    /** Exercise 8.3: how many draws of 10 labels per class (seeds 1, 2, ...). */
    static final int DRAWS = 3;
    /** Exercise 8.4: fine-tuning "pays" while it is more than this far ahead of training from scratch. */
    public static final double ONE_POINT = 0.01;

    /**
     * Exercise 8.1: {@code answer} turns a pretrained LeNet (10 classes) into one for {@code classes} classes:
     * a new, trainable head, and every other layer the pretrained one, frozen. Tried for 5 and 3 classes:
     * output shape, pretrained values, which parameters train, and one real training step.
     */
    public static Verdict newHead(BiFunction<Sequential, Integer, Sequential> answer) {
        return Exercise.check("Exercise 8.1 (a new head on a frozen body)", () -> {
            for (int classes : new int[]{5, 3}) {
                Sequential pretrained = lenet(81, 10);
                List<List<INDArray>> before = snapshot(pretrained);
                Layer oldHead = pretrained.get(11);
                Sequential net = answer.apply(pretrained, classes);
                if (net == null) return notYet("for " + classes + " classes your method returned null.", "return the network to fine-tune.");
                Dataset data = images(8, classes, 82);
                INDArray out;
                try {
                    out = net.forward(data.x(), false);
                } catch (RuntimeException e) {
                    return notYet("for " + classes + " classes your network fails on a batch (8, 1, 28, 28): " + e.getMessage(),
                            "replace only the last layer, Dense(84 -> 10), by one that takes the same 84 inputs.");
                }
                if (out.rank() != 2 || out.size(1) != classes)
                    return notYet("for " + classes + " classes your network outputs " + ArrayChecks.shapeOf(out) + " for 8 images; it needs (8, " + classes + ").",
                            out.rank() == 2 && out.size(1) == 10 ? "that is the old head's 10 classes: the new head has one output per new class."
                                    : "one output per class.");
                if (net.size() != pretrained.size())
                    return notYet("your network has " + net.size() + " layers; the pretrained one has " + pretrained.size() + ".", "replace the head, keep the rest.");
                for (int i = 0; i < net.size() - 1; i++)
                    if (!same(values(net.get(i)), before.get(i)))
                        return notYet("layer " + i + ", " + net.get(i) + ", does not hold the pretrained values.", "start from the pretrained network's own layers,"
                                + " not from a new LeNet: Sequential.withLayer keeps them.");
                Layer head = net.get(net.size() - 1);
                if (head == oldHead) return notYet("the last layer is still the pretrained head.", "put a new Dense(84 -> classes) in its place.");
                List<String> trainable = new ArrayList<>();
                for (int i = 0; i < net.size() - 1; i++) for (Parameter p : net.get(i).parameters()) if (!frozen(p)) trainable.add(i + ":" + net.get(i));
                if (!trainable.isEmpty())
                    return notYet("these layers of the body would still train: " + new TreeSet<>(trainable) + ".",
                            "freeze every layer but the head, e.g. with Sequential.freeze(from, to): to is exclusive.");
                if (head.parameters().stream().anyMatch(TransferChecks::frozen))
                    return notYet("the new head is frozen too, so nothing at all would learn.", "the range you freeze must stop before the last layer.");
                // one real training step: the body stays put, the head moves
                List<INDArray> headBefore = values(head);
                new Trainer(net, new CrossEntropy(), new Adam(1e-2)).epochs(1).batchSize(8).seed(83).quiet().fit(data);
                for (int i = 0; i < net.size() - 1; i++)
                    if (!same(values(net.get(i)), before.get(i)))
                        return notYet("after a training step layer " + i + " has changed.", "every parameter of the body must be frozen.");
                if (same(values(head), headBefore)) return notYet("after a training step the head has not changed.", "the head must be trainable.");
            }
            return right("for 5 and for 3 classes: a fresh head of the right size, the body's pretrained values, only the head trains;"
                    + " after a training step the body is unchanged.");
        });
    }

    /**
     * Exercise 8.2: {@code callback} makes, for a network, a {@link Callback} that unfreezes it gradually as ULMFiT does:
     * in epoch 1 only the last layer with parameters trains, and after each epoch the next lower layer with parameters joins.
     * The check trains a 4-layer network for 5 epochs and watches which layers change in which epoch.
     */
    public static Verdict gradualUnfreezing(Function<Sequential, Callback> callback) {
        return Exercise.check("Exercise 8.2 (gradual unfreezing)", () -> {
            Seed.set(84);
            Sequential net = Sequential.of(new Dense(6, 8), new ReLU(), new Dense(8, 8), new ReLU(), new Dense(8, 8), new ReLU(), new Dense(8, 3));
            int[] withParams = {0, 2, 4, 6};
            int epochs = 5;
            Callback c = callback.apply(net);
            if (c == null) return notYet("your method returned no callback.", "return a new object of your Callback class.");
            ChangeWatch watch = new ChangeWatch(net);
            List<TreeSet<Integer>> seen = watch.changed;
            Seed.set(85);
            Dataset data = Dataset.ofLabels(Nd4j.randn(DataType.FLOAT, 24, 6), new int[]{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, 3);
            new Trainer(net, new CrossEntropy(), new SGD(0.1)).epochs(epochs).batchSize(8).seed(86).quiet().callbacks(c, watch).fit(data);
            for (int e = 0; e < epochs; e++) {
                TreeSet<Integer> want = new TreeSet<>();
                for (int k = Math.max(0, withParams.length - 1 - e); k < withParams.length; k++) want.add(withParams[k]);
                TreeSet<Integer> got = seen.get(e);
                if (got.equals(want)) continue;
                String what = String.format("in epoch %d layers %s trained; ULMFiT's schedule trains layers %s (of %s, the layers with parameters).",
                        e + 1, got, want, Arrays.toString(withParams));
                if (e == 0 && got.size() > want.size())
                    return notYet(what, "at the start only the last layer trains: freeze the others when training begins (onTrainBegin).");
                if (got.contains(withParams[0]) && !got.contains(withParams[withParams.length - 2]))
                    return notYet(what, "unfreeze from the top down: the layers nearest the head first, the first layer last.");
                if (got.size() > want.size())
                    return notYet(what, "one more layer with parameters per epoch, not more (layers without parameters, like ReLU, do not count).");
                return notYet(what, "after epoch e (0-based) ends, e + 2 layers with parameters train; is anything re-frozen, or unfrozen a step late?");
            }
            return right("epoch by epoch, layers " + seen + " trained: one more layer with parameters each epoch, from the head down.");
        });
    }

    /**
     * Exercise 8.3: {@code model} turns a pretrained LeNet (fresh copy each time) into the network to train and
     * {@code optimizer} gives its optimizer; the check trains it for {@link #FEW_LABELS_STEPS} steps (batches of 32)
     * on 10 labelled 8x8 digits of each class, for {@link #DRAWS} draws, and needs a mean test accuracy of
     * {@link #FEW_LABELS_TARGET}. The pretrained LeNet is the check's own, trained on the 1,000 small MNIST digits
     * as quick mode trains it (a few seconds).
     */
    public static Verdict fewLabels(Function<Sequential, Sequential> model, Supplier<Optimizer> optimizer) {
        return Exercise.check("Exercise 8.3 (ten labels per class, twenty steps)", () -> {
            Split digits = Splits.stratified(SmallDigits.asMnist(SmallDigits.load()), 2.0 / 3, 8);
            double sum = 0, scratch = 0;
            List<String> each = new ArrayList<>();
            for (int draw = 1; draw <= DRAWS; draw++) {
                Dataset train = Splits.perClass(digits.train(), 10, draw);
                Seed.set(draw);
                Sequential net = model.apply(pretrained());
                Optimizer opt = optimizer.get();
                if (net == null || opt == null)
                    return notYet("your " + (net == null ? "model" : "optimizer") + " method returned null.", "return a network and an optimizer.");
                INDArray out;
                try {
                    out = net.forward(train.x().get(NDArrayIndex.interval(0, 2)).dup(), false);
                } catch (RuntimeException e) {
                    return notYet("your network fails on two digits (2, 1, 28, 28): " + e.getMessage(), "the error names the layer.");
                }
                if (!Arrays.equals(out.shape(), new long[]{2, 10}))
                    return notYet("your network outputs " + ArrayChecks.shapeOf(out) + " for two digits; it needs (2, 10).", "one output per digit 0-9.");
                if (net.parameters().stream().allMatch(TransferChecks::frozen))
                    return notYet("every parameter of your network is frozen: nothing can learn.", "leave at least the head trainable.");
                double acc = accuracyAfter(net, opt, train, FEW_LABELS_STEPS / 4, digits.test(), draw);   // 100 digits: 4 steps an epoch
                sum += acc;
                each.add(String.format("%.1f%%", 100 * acc));
                scratch += accuracyAfter(lenet(draw, 10), new Adam(2e-3), train, FEW_LABELS_STEPS / 4, digits.test(), draw);
            }
            double mean = sum / DRAWS;
            String what = String.format("on the %d test digits your recipe gets %.1f%% on average over %d draws of 10 labels per class (%s);"
                    + " LeNet from scratch (Adam 2e-3) gets %.1f%% under the same budget", digits.test().size(), 100 * mean, DRAWS, String.join(", ", each),
                    100 * scratch / DRAWS);
            return mean >= FEW_LABELS_TARGET ? right(what + ". Target " + Math.round(100 * FEW_LABELS_TARGET) + "%.")
                    : notYet(what + "; the target is " + Math.round(100 * FEW_LABELS_TARGET) + "%.", "twenty steps are few: what does the pretrained"
                            + " network already know about these ten classes, and which of its parts should move, and how fast?");
        });
    }

    /**
     * Exercise 8.4: the first column (number of labels per class) of the notebook's table at which full fine-tuning
     * is at most {@link #ONE_POINT} (one point of accuracy) ahead of training from scratch, mean over the seeds;
     * "none" when it is more than a point ahead everywhere. {@code scratch} and {@code fineTuned} are [column][seed].
     */
    public static Verdict fineTuningStopsPaying(Supplier<String> answer, String[] columns, double[][] scratch, double[][] fineTuned) {
        return Exercise.check("Exercise 8.4 (when fine-tuning stops paying)", () -> {
            double[] gain = new double[columns.length];
            for (int c = 0; c < columns.length; c++) gain[c] = mean(fineTuned[c]) - mean(scratch[c]);
            String want = "none";
            for (int c = columns.length - 1; c >= 0; c--) if (gain[c] <= ONE_POINT) want = columns[c];   // the first such column
            String got = answer.get();
            if (got == null) return notYet("your method returned null.", "return one of " + Arrays.toString(columns) + " or \"none\".");
            got = got.trim();
            if (got.equals(want))
                return right(want.equals("none") ? "fine-tuning is more than a point ahead of training from scratch in every column."
                        : String.format("at %s labels per class fine-tuning is %+.1f points from training from scratch.", want, 100 * gain[index(columns, want)]));
            int at = index(columns, got);
            if (at < 0 && !got.equals("none"))
                return notYet("\"" + got + "\" is not a column of the table.", "answer with one of " + Arrays.toString(columns) + " or \"none\".");
            if (got.equals("none"))
                return notYet("there is a column where fine-tuning is at most one point ahead.", "compare the two methods' means column by column.");
            String what = String.format("at %s labels per class fine-tuning is %+.1f points from training from scratch (%.1f%% against %.1f%%)", got,
                    100 * gain[at], 100 * mean(fineTuned[at]), 100 * mean(scratch[at]));
            if (gain[at] > ONE_POINT) return notYet(what + ": still more than one point ahead.", "read the table's means, not one seed's accuracy.");
            return notYet(what + ", but it is already at most one point ahead with fewer labels.", "the question asks for the first such column.");
        });
    }
}
