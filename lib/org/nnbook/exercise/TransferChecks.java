package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.io.ModelIO;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.models.LeNet;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Optimizer;
import org.nnbook.optim.Schedule;
import org.nnbook.train.Callback;
import org.nnbook.train.LearningRateScheduler;
import org.nnbook.train.Trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What the checks of notebook 08 ({@link Exercises08}) share: LeNets, pretrained and fresh, and ways to see which layers changed. */
final class TransferChecks {
    private static Sequential pretrained;

    private TransferChecks() {}

    /** A fresh LeNet-5 with {@code classes} outputs, drawn with {@code seed}. */
    static Sequential lenet(long seed, int classes) {
        Seed.set(seed);
        return LeNet.of(classes);
    }

    /** A copy of the checks' pretrained LeNet, trained once per JVM on the 1,000 small MNIST digits (10 epochs, Adam 2e-3, cosine schedule). */
    static synchronized Sequential pretrained() {
        if (pretrained == null) {
            Sequential net = lenet(5, 10);
            new Trainer(net, new CrossEntropy(), new Adam(2e-3)).epochs(10).batchSize(64).seed(5).quiet()
                    .callbacks(new LearningRateScheduler(Schedule.cosine(2e-3, 1e-5, 10))).fit(Mnist.asImages(Mnist.smallTrain()));
            pretrained = net;
        }
        return ModelIO.copy(pretrained);
    }

    /** Test accuracy of {@code net} after {@code epochs} epochs of batches of 32 on {@code train} with {@code optimizer}, seeded. */
    static double accuracyAfter(Sequential net, Optimizer optimizer, Dataset train, int epochs, Dataset test, long seed) {
        Trainer t = new Trainer(net, new CrossEntropy(), optimizer).epochs(epochs).batchSize(32).seed(seed).quiet();
        t.fit(train);
        return t.evaluate(test).get("accuracy");
    }

    /** Frozen for an optimizer: not trainable, or a learning-rate multiplier of 0. */
    static boolean frozen(Parameter p) { return !p.isTrainable() || p.lrMultiplier() == 0; }

    static List<INDArray> values(Layer l) { return l.parameters().stream().map(p -> p.value().dup()).toList(); }

    static List<List<INDArray>> snapshot(Sequential net) {
        List<List<INDArray>> s = new ArrayList<>();
        for (Layer l : net.layers()) s.add(values(l));
        return s;
    }

    static boolean same(List<INDArray> a, List<INDArray> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!a.get(i).equals(b.get(i))) return false;
        return true;
    }

    /** {@code n} random images (n, 1, 28, 28) with labels 0..classes-1 in turn. */
    static Dataset images(int n, int classes, long seed) {
        Seed.set(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % classes;
        return Dataset.ofLabels(Nd4j.rand(DataType.FLOAT, n, 1, 28, 28), labels, classes);
    }

    static double mean(double[] a) { return Arrays.stream(a).average().orElse(Double.NaN); }

    static int index(String[] columns, String c) {
        for (int i = 0; i < columns.length; i++) if (columns[i].equals(c)) return i;
        return -1;
    }

    /** A callback that records, after each epoch, the indices of the layers whose values changed during it. */
    static final class ChangeWatch implements Callback {
        final List<TreeSet<Integer>> changed = new ArrayList<>();
        private final Sequential net;
        private List<List<INDArray>> last;

        ChangeWatch(Sequential net) { this.net = net; }

        @Override public void onTrainBegin(Trainer trainer, int epochs) { last = snapshot(net); }

        @Override public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
            List<List<INDArray>> now = snapshot(net);
            TreeSet<Integer> c = new TreeSet<>();
            for (int i = 0; i < now.size(); i++) if (!same(now.get(i), last.get(i))) c.add(i);
            changed.add(c);
            last = now;
            return false;
        }
    }
}
