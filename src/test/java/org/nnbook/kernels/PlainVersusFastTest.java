package org.nnbook.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.data.Dataset;
import org.nnbook.layers.AvgPool2D;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.ConvTranspose2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.Padding;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.loss.Loss;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.optim.AdamW;
import org.nnbook.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every teaching class that hands its work to a kernel gives the same results with the kernels off
 * (its plain ND4J version) and on, in float and in double: outputs, input gradients, parameter
 * gradients, losses, counts and optimizer steps.
 */
class PlainVersusFastTest {
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE};

    /** Tolerance relative to the largest entry: the paths sum in different orders. */
    private static double tol(DataType t) { return t == DataType.FLOAT ? 2e-5 : 1e-11; }

    private static void close(INDArray plain, INDArray fast, DataType t, String what) { close(plain, fast, t, what, 1e-30); }

    /** As above, the scale at least {@code floor}: for a gradient that is zero in exact arithmetic, where both paths give only rounding noise. */
    private static void close(INDArray plain, INDArray fast, DataType t, String what, double floor) {
        assertNotNull(plain, what + ": plain is null");
        assertNotNull(fast, what + ": fast is null");
        assertArrayEquals(plain.shape(), fast.shape(), what + ": shapes");
        assertEquals(plain.dataType(), fast.dataType(), what + ": types");
        double scale = Math.max(floor, plain.amaxNumber().doubleValue());
        double diff = plain.sub(fast).amaxNumber().doubleValue();
        assertTrue(diff <= tol(t) * scale, what + " differs by " + diff + " (largest entry " + scale + ")");
    }

    /** What one pass of a layer gives: output, input gradient, parameter gradients. */
    private record Pass(INDArray y, INDArray dx, List<INDArray> grads) {}

    private static Pass pass(Supplier<Layer> make, INDArray x, boolean training, long seed) {
        Seed.set(seed);
        Layer layer = make.get();
        layer.castTo(x.dataType());
        INDArray y = layer.forward(x, training).dup();
        Seed.set(seed + 1);
        INDArray g = Nd4j.randn(x.dataType(), y.shape());
        INDArray dx = layer.backward(g).dup();
        List<INDArray> grads = new ArrayList<>();
        for (Parameter p : layer.parameters()) grads.add(p.grad().dup());
        return new Pass(y, dx, grads);
    }

    private static void sameLayer(String name, Supplier<Layer> make, INDArray x, boolean training) { sameLayer(name, make, x, training, 0); }

    /**
     * As above; a parameter gradient is compared relative to its largest entry or to {@code zeroFloor} times the
     * layer's largest gradient entry, whichever is larger (for a gradient that is zero in exact arithmetic).
     */
    private static void sameLayer(String name, Supplier<Layer> make, INDArray x, boolean training, double zeroFloor) {
        Pass plain, fast;
        try (var off = Kernels.off()) { plain = pass(make, x, training, 17); }
        fast = pass(make, x, training, 17);
        String at = name + " " + x.dataType() + (training ? " training" : " evaluation");
        close(plain.y, fast.y, x.dataType(), at + ", output");
        close(plain.dx, fast.dx, x.dataType(), at + ", dL/dx");
        double largest = plain.grads.stream().mapToDouble(a -> a.amaxNumber().doubleValue()).max().orElse(0);
        for (int i = 0; i < plain.grads.size(); i++)
            close(plain.grads.get(i), fast.grads.get(i), x.dataType(), at + ", parameter " + i, Math.max(1e-30, zeroFloor * largest));
    }

    @Test
    void dense() {
        for (DataType t : TYPES) {
            Seed.set(1);
            sameLayer("Dense rows", () -> new Dense(6, 3), Nd4j.randn(t, 5, 6), true);
            sameLayer("Dense sequence", () -> new Dense(6, 4), Nd4j.randn(t, 2, 7, 6), true);
        }
    }

    /** MultiHeadAttention's four projections (self-attention with a padding mask, causal self-attention). */
    @Test
    void multiHeadAttention() {
        for (DataType t : TYPES) {
            Seed.set(3);
            INDArray mask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}}).castTo(t);
            // the key bias's gradient is zero in exact arithmetic (it shifts every score of a row alike): both paths give rounding noise
            sameLayer("MultiHeadAttention, padding mask", () -> masked(new org.nnbook.layers.MultiHeadAttention(8, 2, 0), mask), Nd4j.randn(t, 2, 5, 8), true, 1e-3);
            sameLayer("MultiHeadAttention, causal", () -> new org.nnbook.layers.MultiHeadAttention(8, 4, 0).causal(true), Nd4j.randn(t, 3, 4, 8), true, 1e-3);
        }
    }

    /** Self-attention with a fixed key padding mask, as a one-input layer. */
    private static Layer masked(org.nnbook.layers.MultiHeadAttention a, INDArray mask) {
        return new Layer() {
            @Override public INDArray forward(INDArray x, boolean training) { return a.forward(x, mask, training); }
            @Override public INDArray backward(INDArray gradOut) { return a.backward(gradOut); }
            @Override public List<Parameter> parameters() { return a.parameters(); }
        };
    }

    /** TiedDense (the output layer that reads an embedding's table, transposed). */
    @Test
    void tiedDense() {
        for (DataType t : TYPES) {
            Seed.set(2);
            sameLayer("TiedDense rows", () -> new org.nnbook.layers.TiedDense(new org.nnbook.layers.Embedding(9, 6)), Nd4j.randn(t, 5, 6), true);
            sameLayer("TiedDense sequence", () -> new org.nnbook.layers.TiedDense(org.nnbook.layers.Embedding.scaled(11, 4)), Nd4j.randn(t, 2, 7, 4), true);
        }
    }

    /** Embedding's backward: ids that repeat, ids never seen (their rows untouched), a gradient already holding something. */
    @Test
    void embedding() {
        for (DataType t : TYPES) {
            INDArray ids = Nd4j.createFromArray(new int[][]{{3, 1, 3, 0}, {3, 3, 6, 1}, {0, 6, 6, 3}});
            INDArray[] grads = new INDArray[2];
            for (int fast = 0; fast < 2; fast++)
                try (var mode = fast == 1 ? Kernels.onFor() : Kernels.off()) {
                    Seed.set(4);
                    org.nnbook.layers.Embedding e = new org.nnbook.layers.Embedding(9, 5);
                    e.castTo(t);
                    e.weight().grad().assign(Nd4j.randn(t, 9, 5));
                    e.forward(ids, true);
                    assertNull(e.backward(Nd4j.randn(t, 3, 4, 5)), "ids have no gradient");
                    grads[fast] = e.weight().grad().dup();
                }
            close(grads[0], grads[1], t, "Embedding " + t + ", dE");
            assertTrue(EmbeddingKernel.applies(grads[1], grads[1]));
        }
    }

    @Test
    void conv2D() {
        // {in, out, k, stride, same?, H, W}: one and several channels, odd sizes, both paddings, strides 1 and 2
        int[][] cases = {{1, 6, 5, 1, 1, 12, 12}, {1, 4, 3, 1, 0, 9, 11}, {3, 4, 3, 2, 1, 9, 8}, {3, 5, 4, 2, 0, 11, 10}, {2, 3, 2, 1, 1, 6, 7}};
        for (DataType t : TYPES)
            for (int[] c : cases) {
                Padding p = c[4] == 1 ? Padding.SAME : Padding.VALID;
                Seed.set(c[1] * 7L + c[2]);
                sameLayer("Conv2D " + java.util.Arrays.toString(c), () -> new Conv2D(c[0], c[1], c[2], c[3], p), Nd4j.randn(t, 3, c[0], c[5], c[6]), true);
            }
    }

    /** ConvTranspose2D (libnd4j's deconv2d ops), with non-zero biases so that the forward pass adds them too. */
    @Test
    void convTranspose2D() {
        // {in, out, k, stride, padding, H, W}: one and several channels, strides 1 and 2, crops 0 and 1, kernels 2, 3 and 4,
        // and notebook 15's generator (32 -> 16, 7x7 -> 14x14; 16 -> 1, 14x14 -> 28x28)
        int[][] cases = {{1, 4, 3, 1, 0, 5, 6}, {1, 3, 4, 2, 1, 5, 5}, {3, 4, 3, 2, 1, 4, 5}, {3, 2, 4, 2, 0, 4, 3}, {2, 5, 3, 1, 1, 6, 5},
                {2, 3, 2, 2, 0, 3, 4}, {32, 16, 4, 2, 1, 7, 7}, {16, 1, 4, 2, 1, 14, 14}};
        for (DataType t : TYPES)
            for (int[] c : cases) {
                Seed.set(c[1] * 11L + c[2]);
                sameLayer("ConvTranspose2D " + java.util.Arrays.toString(c), () -> {
                    ConvTranspose2D layer = new ConvTranspose2D(c[0], c[1], c[2], c[3], c[4]);
                    layer.bias().value().assign(Nd4j.randn(layer.bias().value().dataType(), c[1]));
                    return layer;
                }, Nd4j.randn(t, 3, c[0], c[5], c[6]), true);
            }
    }

    /**
     * Gan's and VariationalAutoencoder's training steps (their arrays in reused memory, the batch marked as data, the
     * convolutional GAN's layers on their kernels): the same parameters after three steps with the kernels off and on.
     */
    @Test
    void generativeTrainingSteps() {
        for (DataType t : TYPES) {
            List<List<INDArray>> after = new ArrayList<>();
            for (int fast = 0; fast < 2; fast++)
                try (var mode = fast == 1 ? Kernels.onFor() : Kernels.off()) {
                    Seed.set(21);
                    org.nnbook.core.Sequential g = org.nnbook.core.Sequential.of(new Dense(4, 3 * 3 * 3), new org.nnbook.layers.ReLU(),
                            new org.nnbook.layers.Unflatten(3, 3, 3), new ConvTranspose2D(3, 2, 4, 2, 1), new org.nnbook.layers.ReLU(),
                            new ConvTranspose2D(2, 1, 4, 2, 1), new org.nnbook.layers.Sigmoid());
                    org.nnbook.core.Sequential d = org.nnbook.core.Sequential.of(new Conv2D(1, 2, 4, 2, Padding.SAME), new org.nnbook.layers.ReLU(),
                            new org.nnbook.layers.Flatten(), new Dense(2 * 6 * 6, 1));
                    org.nnbook.core.Sequential enc = org.nnbook.core.Sequential.of(new Dense(6, 5), new org.nnbook.layers.Tanh(), new Dense(5, 4));
                    org.nnbook.core.Sequential dec = org.nnbook.core.Sequential.of(new Dense(2, 5), new org.nnbook.layers.Tanh(), new Dense(5, 6));
                    for (Layer l : List.of(g, d, enc, dec)) l.castTo(t);
                    org.nnbook.generative.Gan gan = new org.nnbook.generative.Gan(g, d, 4);
                    org.nnbook.generative.VariationalAutoencoder vae = new org.nnbook.generative.VariationalAutoencoder(enc, dec, 2);
                    Adam dA = new Adam(1e-2), gA = new Adam(1e-2), vA = new Adam(1e-2);
                    INDArray real = Nd4j.rand(t, 5, 1, 12, 12), rows = Nd4j.rand(t, 5, 6);
                    for (int step = 0; step < 3; step++) {
                        gan.trainStep(real, dA, gA);
                        gan.generatorStep(5, gA);
                        vae.trainStep(rows, vA);
                    }
                    List<INDArray> values = new ArrayList<>();
                    for (Layer l : List.of(g, d, enc, dec)) for (Parameter p : l.parameters()) values.add(p.value().dup());
                    after.add(values);
                }
            for (int i = 0; i < after.get(0).size(); i++)
                close(after.get(0).get(i), after.get(1).get(i), t, "generative steps " + t + ", parameter " + i);
        }
    }

    @Test
    void pooling() {
        // {size, stride, same?, H, W}: the usual 2x2, odd sizes, padding, overlapping windows
        int[][] cases = {{2, 2, 0, 8, 8}, {2, 2, 0, 7, 9}, {2, 2, 1, 7, 5}, {3, 2, 1, 7, 6}, {3, 1, 0, 5, 6}, {2, 1, 1, 5, 5}};
        for (DataType t : TYPES)
            for (int[] c : cases) {
                Padding p = c[2] == 1 ? Padding.SAME : Padding.VALID;
                Seed.set(c[3] * 13L + c[4]);
                INDArray x = Nd4j.randn(t, 2, 3, c[3], c[4]);
                INDArray ties = Transforms.round(x, true);             // many equal maxima: the first must win on both paths
                for (boolean training : new boolean[]{true, false}) {
                    sameLayer("MaxPool2D " + java.util.Arrays.toString(c), () -> new MaxPool2D(c[0], c[1], p), x, training);
                    sameLayer("MaxPool2D with ties " + java.util.Arrays.toString(c), () -> new MaxPool2D(c[0], c[1], p), ties, training);
                    sameLayer("AvgPool2D " + java.util.Arrays.toString(c), () -> new AvgPool2D(c[0], c[1], p), x, training);
                }
            }
    }

    /** Loss value, gradient, count and correct count. */
    private record LossPass(double value, INDArray grad, long count, long correct) {}

    private static LossPass lossPass(Loss loss, INDArray logits, INDArray y) {
        double v = loss.forward(logits, y);
        return new LossPass(v, loss.backward().dup(), loss.count(logits, y), loss.countCorrect(logits, y));
    }

    private static void sameLoss(String name, Supplier<Loss> make, INDArray logits, INDArray y) {
        LossPass plain;
        try (var off = Kernels.off()) { plain = lossPass(make.get(), logits, y); }
        LossPass fast = lossPass(make.get(), logits, y);
        String at = name + " " + logits.dataType();
        assertEquals(plain.value, fast.value, tol(logits.dataType()) * Math.max(1, Math.abs(plain.value)), at + ", loss");
        close(plain.grad, fast.grad, logits.dataType(), at + ", gradient");
        assertEquals(plain.count, fast.count, at + ", count");
        assertEquals(plain.correct, fast.correct, at + ", correct");
    }

    @Test
    void crossEntropies() {
        for (DataType t : TYPES) {
            Seed.set(5);
            INDArray logits = Nd4j.randn(t, 64, 10).muli(3);
            int[] labels = new int[64];
            for (int i = 0; i < labels.length; i++) labels[i] = (i * 7) % 10;
            INDArray oneHot = Dataset.oneHot(labels, 10);
            sameLoss("CrossEntropy", CrossEntropy::new, logits, oneHot);
            sameLoss("CrossEntropy smoothed", () -> new CrossEntropy(0.1), logits, oneHot);
            sameLoss("CrossEntropy (N, T, C)", CrossEntropy::new, logits.reshape(8, 8, 10), oneHot.reshape(8, 8, 10));
            INDArray ids = Nd4j.createFromArray(labels);
            sameLoss("SparseCrossEntropy", SparseCrossEntropy::new, logits, ids);
            int[] padded = labels.clone();
            for (int i = 0; i < padded.length; i += 3) padded[i] = 0;
            sameLoss("SparseCrossEntropy ignoring 0", () -> new SparseCrossEntropy(0), logits.reshape(8, 8, 10), Nd4j.createFromArray(padded).reshape(8, 8));
            INDArray big = Nd4j.randn(t, 50, 20, 40);                                    // more entries than one block of the kernel
            INDArray bigIds = Nd4j.rand(DataType.DOUBLE, 50, 20).muli(40).castTo(DataType.INT);
            sameLoss("SparseCrossEntropy, large", () -> new SparseCrossEntropy(3), big, bigIds);
        }
    }

    /** The values of the parameters after three steps of opt on fixed gradients. */
    private static List<INDArray> steps(Supplier<Optimizer> make, DataType t) { return steps(make, t, 1, false); }

    /** As {@link #steps(Supplier, DataType)}, W with learning-rate multiplier {@code multiplier}, and b frozen for the first step when {@code lateB}. */
    private static List<INDArray> steps(Supplier<Optimizer> make, DataType t, double multiplier, boolean lateB) {
        Seed.set(9);
        List<Parameter> params = List.of(new Parameter("W", Nd4j.randn(t, 30, 7)).lrMultiplier(multiplier),
                new Parameter("b", Nd4j.randn(t, 1, 7)).regularized(false).trainable(!lateB));
        Optimizer opt = make.get();
        for (int s = 0; s < 3; s++) {
            for (Parameter p : params) p.grad().assign(Nd4j.randn(t, p.value().shape()));
            opt.step(params);
            params.get(1).trainable(true);
        }
        return params.stream().map(p -> p.value().dup()).toList();
    }

    @Test
    void adam() {
        for (DataType t : TYPES)
            for (Supplier<Optimizer> make : List.<Supplier<Optimizer>>of(() -> new Adam(1e-2), () -> new AdamW(1e-2, 0.1), () -> new Adam(1e-2).clipGradNorm(1))) {
                List<INDArray> plain;
                try (var off = Kernels.off()) { plain = steps(make, t); }
                List<INDArray> fast = steps(make, t);
                for (int i = 0; i < plain.size(); i++) close(plain.get(i), fast.get(i), t, make.get() + " " + t + ", parameter " + i);
            }
    }

    /** Fine-tuning's settings reach the fast path too: a learning-rate multiplier, and a parameter that starts training late (its own step count). */
    @Test
    void adamWithMultiplierAndLateStart() {
        for (DataType t : TYPES)
            for (Supplier<Optimizer> make : List.<Supplier<Optimizer>>of(() -> new Adam(1e-2), () -> new AdamW(1e-2, 0.1))) {
                List<INDArray> plain;
                try (var off = Kernels.off()) { plain = steps(make, t, 0.3, true); }
                List<INDArray> fast = steps(make, t, 0.3, true);
                for (int i = 0; i < plain.size(); i++) close(plain.get(i), fast.get(i), t, make.get() + " " + t + " with multiplier 0.3 and b late, parameter " + i);
            }
    }

    @Test
    void thePlainVersionsPassTheGradientCheck() {
        try (var off = Kernels.off()) {
            Seed.set(3);
            org.nnbook.check.GradientCheck.of(org.nnbook.core.Sequential.of(new Conv2D(2, 3, 3, 2, Padding.SAME), new MaxPool2D(2, 1, Padding.SAME),
                    new AvgPool2D(2, 1, Padding.VALID), new Conv2D(3, 2, 2), new org.nnbook.layers.Flatten(), new Dense(4, 3)))
                    .check(Nd4j.randn(DataType.DOUBLE, 2, 2, 7, 6)).requirePassed();
        }
    }
}
