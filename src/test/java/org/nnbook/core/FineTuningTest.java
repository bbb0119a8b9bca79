package org.nnbook.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;
import org.nnbook.io.ModelIO;
import org.nnbook.layers.*;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.optim.SGD;
import org.nnbook.train.Trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fine-tuning helpers of {@link Sequential}: a new head on a pretrained body ({@code withLayer},
 * {@code withoutLast}), freezing a range of layers, and per-layer learning-rate multipliers; and that a
 * frozen layer keeps its weights in training while its gradient is still computed.
 */
class FineTuningTest {
    @TempDir
    Path dir;

    static Sequential lenet(int classes) {
        Seed.set(5);
        return Sequential.of(new Conv2D(1, 6, 5, 1, Padding.SAME), new ReLU(), new MaxPool2D(2), new Conv2D(6, 16, 5), new ReLU(), new MaxPool2D(2),
                new Flatten(), new Dense(400, 120), new ReLU(), new Dense(120, 84), new ReLU(), new Dense(84, classes));
    }

    /** 40 random "images" of 3 classes. */
    static Dataset images(int classes) {
        Seed.set(6);
        int[] labels = new int[40];
        for (int i = 0; i < labels.length; i++) labels[i] = i % classes;
        return Dataset.ofLabels(Nd4j.rand(DataType.FLOAT, 40, 1, 28, 28), labels, classes);
    }

    static List<INDArray> values(Layer l) { return l.parameters().stream().map(p -> p.value().dup()).toList(); }

    @Test
    void aNewHeadHasFreshWeightsOfTheRightShapeAndTheBodyKeepsThePretrainedValues() {
        Path file = dir.resolve("lenet.nnb");
        ModelIO.save(lenet(10), file);
        Sequential pretrained = ModelIO.load(file, Sequential.class), reference = ModelIO.load(file, Sequential.class);
        Seed.set(99);
        Sequential net = pretrained.withLayer(11, new Dense(84, 5));

        assertEquals(12, net.size());
        assertNotSame(pretrained, net);
        assertTrue(pretrained.get(11) instanceof Dense d && d.parameters().get(0).value().size(1) == 10, "the pretrained chain keeps its own head");
        Parameter w = net.get(11).parameters().get(0);
        assertArrayEquals(new long[]{84, 5}, w.value().shape());
        assertArrayEquals(new long[]{1, 5}, net.get(11).parameters().get(1).value().shape());
        double std = w.value().stdNumber().doubleValue();
        assertTrue(std > 0.05 && std < 0.3, "a fresh He-initialised head (std ≈ √(2/84) = 0.15), got " + std);
        for (int i = 0; i < 11; i++) {
            assertSame(pretrained.get(i), net.get(i), "layer " + i + " is the pretrained object");
            List<INDArray> got = values(net.get(i)), want = values(reference.get(i));
            for (int j = 0; j < got.size(); j++) assertEquals(want.get(j), got.get(j), "layer " + i + " keeps its pretrained values");
        }
        assertArrayEquals(new long[]{3, 5}, net.forward(images(5).x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)), false).shape());
        assertThrows(IndexOutOfBoundsException.class, () -> net.withLayer(12, new ReLU()));
        assertThrows(IndexOutOfBoundsException.class, () -> net.withLayer(-1, new ReLU()));
        assertThrows(IllegalArgumentException.class, () -> net.withLayer(3, null));
    }

    @Test
    void withoutLastKeepsTheFirstLayers() {
        Sequential net = lenet(10), body = net.withoutLast(1);
        assertEquals(11, body.size());
        assertSame(net.get(10), body.get(10));
        assertArrayEquals(new long[]{40, 84}, body.forward(images(3).x(), false).shape());
        assertEquals(12, net.withoutLast(0).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.withoutLast(12));
        assertTrue(e.getMessage().contains("[0, 11]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.withoutLast(-1));
    }

    @Test
    void freezeAndUnfreezeSetTheFlagsOfARangeOfLayers() {
        Sequential net = lenet(10);
        assertSame(net, net.freeze(0, 11));
        for (int i = 0; i < net.size(); i++)
            for (Parameter p : net.get(i).parameters()) assertEquals(i == 11, p.isTrainable(), "layer " + i);
        net.unfreeze(7, 12);
        for (int i = 0; i < net.size(); i++)
            for (Parameter p : net.get(i).parameters()) assertEquals(i >= 7, p.isTrainable(), "layer " + i);
        net.freeze(0, 0);   // an empty range changes nothing
        assertTrue(net.get(7).parameters().get(0).isTrainable());
        for (int[] bad : new int[][]{{-1, 3}, {0, 13}, {5, 4}}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> net.freeze(bad[0], bad[1]));
            assertTrue(e.getMessage().contains("freeze(" + bad[0] + ", " + bad[1] + ")") && e.getMessage().contains("12 layers"), e.getMessage());
        }
    }

    @Test
    void lrMultiplierSetsARangeOfLayers() {
        Sequential net = lenet(10);
        assertSame(net, net.lrMultiplier(0, 6, 0.1));
        for (int i = 0; i < net.size(); i++)
            for (Parameter p : net.get(i).parameters()) assertEquals(i < 6 ? 0.1 : 1, p.lrMultiplier(), "layer " + i);
        assertThrows(IllegalArgumentException.class, () -> net.lrMultiplier(0, 2, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> net.lrMultiplier(0, 20, 0.5));
    }

    /** The trainer computes the frozen layers' gradients (backward passes through them) but never changes their weights. */
    @Test
    void aFrozenLayerKeepsItsWeightsWhileItsGradientIsComputed() {
        Sequential net = lenet(10).withLayer(11, new Dense(84, 3));
        net.freeze(0, 9);                                           // train the last two dense layers
        List<List<INDArray>> before = new ArrayList<>();
        for (Layer l : net.layers()) before.add(values(l));
        new Trainer(net, new CrossEntropy(), new Adam(1e-2)).epochs(2).batchSize(8).quiet().fit(images(3));
        for (int i = 0; i < net.size(); i++) {
            List<Parameter> ps = net.get(i).parameters();
            for (int j = 0; j < ps.size(); j++) {
                double moved = ps.get(j).value().sub(before.get(i).get(j)).amaxNumber().doubleValue();
                if (i < 9) {
                    assertEquals(0, moved, "frozen layer " + i + " changed");
                    assertTrue(ps.get(j).grad().amaxNumber().doubleValue() > 0, "layer " + i + "'s gradient was computed");
                } else assertTrue(moved > 0, "layer " + i + " trained");
            }
        }
    }

    /** With SGD a multiplier scales the whole update of a layer in a real training step. */
    @Test
    void aLayersMultiplierScalesItsUpdateInTraining() {
        Dataset data = images(3);
        Sequential a = lenet(3), b = lenet(3);
        b.lrMultiplier(0, 4, 0.5);
        List<INDArray> a0 = values(a.get(3)), b0 = values(b.get(3));
        new Trainer(a, new CrossEntropy(), new SGD(0.05)).epochs(1).batchSize(40).quiet().fit(data);   // one full-batch step each
        new Trainer(b, new CrossEntropy(), new SGD(0.05)).epochs(1).batchSize(40).quiet().fit(data);
        INDArray stepA = a.get(3).parameters().get(0).value().sub(a0.get(0)), stepB = b.get(3).parameters().get(0).value().sub(b0.get(0));
        assertTrue(stepA.amaxNumber().doubleValue() > 0);
        assertEquals(0, stepB.sub(stepA.mul(0.5)).amaxNumber().doubleValue(), 1e-6 * stepA.amaxNumber().doubleValue());
    }
}
