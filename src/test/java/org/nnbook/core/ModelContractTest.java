package org.nnbook.core;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.layers.Tanh;
import org.nnbook.layers.TiedDense;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.loss.Penalty;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.optim.SGD;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The v2 model contract, proved by small models: a student's layer written to the simple contract,
 * a bag-of-embeddings classifier on padded id sequences with a mask, a model of two inputs with a
 * residual join, a residual block, and tied input/output embeddings. Each is gradient-checked and
 * trained by the one Trainer.
 */
class ModelContractTest {
    static final int PAD = 0;

    /** y = a x with one learnable number a: the simple contract, as in Layer's javadoc. */
    static final class Scale implements Layer {
        final Parameter a = new Parameter("a", Nd4j.ones(DataType.FLOAT, 1, 1));
        INDArray x;

        @Override
        public INDArray forward(INDArray x, boolean training) { this.x = x; return x.mul(a.value().getDouble(0)); }

        @Override
        public INDArray backward(INDArray g) {
            a.grad().addi(g.mul(x).sumNumber().doubleValue());
            return g.mul(a.value().getDouble(0));
        }

        @Override
        public List<Parameter> parameters() { return List.of(a); }
    }

    @Test
    void aStudentsLayerWrittenToTheSimpleContractTrainsInTheTrainer() {
        INDArray x = Nd4j.linspace(DataType.FLOAT, -1, 0.1, 20).reshape(20, 1);
        Scale scale = new Scale();
        GradientCheck.of(new Scale()).check(x).requirePassed();
        History h = new Trainer(scale, new MeanSquaredError(), new SGD(0.3)).epochs(30).batchSize(5).quiet().fit(new Dataset(x, x.mul(3)));
        assertEquals(3.0, scale.a.value().getDouble(0), 1e-3, "a learned the slope");
        assertTrue(h.last("loss") < 1e-5, h.toString());
    }

    /**
     * Sequences of 2 to 8 ids from [1, 12), padded with 0 to length T; the label is 1 when token 1
     * occurs more often than token 2 (each example has one of them more often: ties are not drawn).
     */
    static Dataset countingTask(int n, int t, long seed) {
        Random rnd = new Random(seed);
        float[][] ids = new float[n][t], mask = new float[n][t];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int len = 2 + rnd.nextInt(7), ones, twos;
            do {
                ones = twos = 0;
                for (int j = 0; j < len; j++) {
                    int id = 1 + rnd.nextInt(11);
                    ids[i][j] = id;
                    mask[i][j] = 1;
                    if (id == 1) ones++;
                    if (id == 2) twos++;
                }
            } while (ones == twos);
            labels[i] = ones > twos ? 1 : 0;
        }
        INDArray x = Nd4j.createFromArray(ids).castTo(DataType.INT);
        return Dataset.ofClassIds(x, labels, List.of("more 2s", "more 1s")).withMask(Nd4j.createFromArray(mask));
    }

    static Sequential bagOfEmbeddings() {
        return Sequential.of(new Embedding(12, 8), new MeanOverTime(), new Dense(8, 2));
    }

    @Test
    void aBagOfEmbeddingsLearnsFromPaddedMaskedIdSequences() {
        Dataset train = countingTask(600, 8, 1), test = countingTask(300, 8, 2);
        assertArrayEquals(new long[]{600, 8}, train.mask().shape());
        Seed.set(3);
        Sequential net = bagOfEmbeddings();
        Trainer trainer = new Trainer(net, new SparseCrossEntropy(), new Adam(0.05)).epochs(40).batchSize(32).quiet();
        trainer.fit(train);
        double accuracy = trainer.evaluate(test).get("accuracy");
        assertTrue(accuracy > 0.9, "test accuracy " + accuracy);

        // padding changes nothing: the same sentences padded to twice the length give the same outputs
        Dataset few = test.take(5);
        INDArray longer = Nd4j.zeros(DataType.INT, 5, 16), longerMask = Nd4j.zeros(DataType.FLOAT, 5, 16);
        longer.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).assign(few.x());
        longerMask.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).assign(few.mask());
        INDArray a = net.predict(few.inputs()), b = net.predict(Inputs.of(longer).withMask(longerMask));
        assertTrue(a.equalsWithEps(b, 1e-5), a + " vs " + b);
    }

    @Test
    void aBagOfEmbeddingsPassesTheGradientCheckWithIdsAndAMask() {
        Dataset d = countingTask(6, 8, 4);
        Seed.set(5);
        GradientCheck.Result r = GradientCheck.of(bagOfEmbeddings()).check(new SparseCrossEntropy(), d.inputs(), d.y()).requirePassed();
        assertEquals(List.of("E", "W", "b"), r.entries().stream().map(GradientCheck.Entry::name).toList(), "parameters only: ids take no gradient");
    }

    @Test
    void aMaskThatNoLayerReadsIsAnError() {
        Dataset d = countingTask(4, 8, 6);
        Sequential noReader = Sequential.of(new Embedding(12, 4), new Dense(4, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> noReader.forward(d.inputs(), true));
        assertTrue(e.getMessage().contains("none of its layers reads"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new Dense(4, 2).forward(Inputs.of(Nd4j.ones(2, 4)).withMask(Nd4j.ones(2, 4)), true));
        assertTrue(e2.getMessage().contains("padding mask"), e2.getMessage());
    }

    /** Passes ids through unchanged, with a parameter (that gets no gradient). */
    static final class IdsWithAParameter implements Layer {
        final Parameter p = new Parameter("p", Nd4j.zeros(DataType.FLOAT, 1, 1));

        @Override
        public INDArray forward(INDArray x, boolean training) { return x; }

        @Override
        public INDArray backward(INDArray g) { return g; }

        @Override
        public List<Parameter> parameters() { return List.of(p); }
    }

    @Test
    void idsTakeNoGradientSoAnEmbeddingAfterAParameterLayerIsAnError() {
        Sequential wrong = Sequential.of(new IdsWithAParameter(), new Embedding(5, 2));
        wrong.forward(Nd4j.createFromArray(new int[][]{{0, 1, 2}}), true);
        var e = assertThrows(IllegalStateException.class, () -> wrong.backward(Nd4j.ones(DataType.FLOAT, 1, 3, 2)));
        assertTrue(e.getMessage().contains("returned no input gradient"), e.getMessage());
    }

    /** Two inputs a (N, 4) and b (N, 3): h = a + Dense(b), a residual join fed by a second input; then tanh, Dense to 2 classes. */
    static final class TwoInputs implements Model {
        final Dense project = new Dense(3, 4), out = new Dense(4, 2);
        final Tanh tanh = new Tanh();

        @Override
        public INDArray forward(Inputs in, boolean training) {
            INDArray h = in.get(0).add(project.forward(in.get(1), training));      // a + W b
            return out.forward(tanh.forward(h, training), training);
        }

        @Override
        public INDArray backward(INDArray gradOut) {
            INDArray dh = tanh.backward(out.backward(gradOut));
            project.backward(dh);                      // the second input's branch
            return dh;                                  // dL/da: the join passes the gradient through
        }

        @Override
        public List<Parameter> parameters() { return Parameters.of(project, out); }
    }

    @Test
    void aModelOfTwoInputsPassesTheGradientCheckAndTrains() {
        Seed.set(7);
        INDArray a = Nd4j.randn(DataType.FLOAT, 400, 4), b = Nd4j.randn(DataType.FLOAT, 400, 3);
        INDArray score = a.getColumn(0).sub(b.getColumn(1));              // the class depends on both inputs
        int[] labels = new int[400];
        for (int i = 0; i < labels.length; i++) labels[i] = score.getDouble(i) > 0 ? 1 : 0;
        Dataset data = new Dataset(Inputs.of(a, b), Dataset.oneHot(labels, 2), List.of("no", "yes"));
        Seed.set(8);
        GradientCheck.Result r = GradientCheck.of(new TwoInputs()).check(new CrossEntropy(), Inputs.of(a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)),
                b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5))), data.take(5).y()).requirePassed();
        assertEquals("input", r.entries().get(r.entries().size() - 1).name(), "the first input's gradient is checked too");
        Seed.set(8);
        TwoInputs model = new TwoInputs();
        Trainer trainer = new Trainer(model, new CrossEntropy(), new Adam(0.01)).epochs(30).batchSize(32).quiet();
        trainer.fit(data.range(0, 300));
        double accuracy = trainer.evaluate(data.range(300, 400)).get("accuracy");
        assertTrue(accuracy > 0.9, "test accuracy " + accuracy + "; training " + trainer.evaluate(data.range(0, 300)));
        var e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(new Dense(4, 2)).forward(data.inputs(), true));
        assertTrue(e.getMessage().contains("takes one input array"), e.getMessage());
    }

    /**
     * An encoder's output, the memory m = tanh(E b), goes into every block of a decoder on input a:
     * h₁ = tanh(a + W₁ m), h₂ = tanh(h₁ + W₂ m), then a Dense to 2 classes. Backward sums the memory's
     * gradient from both blocks before it goes through the encoder.
     */
    static final class EncoderDecoder implements Model {
        final Sequential encoder = Sequential.of(new Dense(3, 4), new Tanh());
        final Dense w1 = new Dense(4, 4), w2 = new Dense(4, 4), out = new Dense(4, 2);
        final Tanh t1 = new Tanh(), t2 = new Tanh();

        @Override
        public INDArray forward(Inputs in, boolean training) {
            INDArray memory = encoder.forward(in.get(1), training);
            INDArray h1 = t1.forward(in.get(0).add(w1.forward(memory, training)), training);
            INDArray h2 = t2.forward(h1.add(w2.forward(memory, training)), training);
            return out.forward(h2, training);
        }

        @Override
        public INDArray backward(INDArray gradOut) {
            INDArray dh2 = t2.backward(out.backward(gradOut));              // into h1 + W₂ m
            INDArray dMemory = w2.backward(dh2);
            INDArray dh1 = t1.backward(dh2);                                // h₁ got dh2 through the join
            dMemory.addi(w1.backward(dh1));                                  // the memory's gradient from both blocks
            encoder.backward(dMemory);
            return dh1;                                                      // dL/da
        }

        @Override
        public List<Parameter> parameters() { return Parameters.of(encoder, w1, w2, out); }
    }

    @Test
    void anEncodersOutputFedToEveryDecoderBlockPassesTheGradientCheck() {
        Seed.set(14);
        EncoderDecoder model = new EncoderDecoder();
        INDArray a = Nd4j.randn(DataType.DOUBLE, 5, 4), b = Nd4j.randn(DataType.DOUBLE, 5, 3);
        GradientCheck.Result r = GradientCheck.of(model).check(new CrossEntropy(), Inputs.of(a, b), Dataset.oneHot(new int[]{0, 1, 1, 0, 1}, 2))
                .requirePassed();
        assertEquals(9, r.entries().size(), "4 Dense layers' W and b, and the first input");
    }

    @Test
    void aResidualBlockPassesTheGradientCheck() {
        Seed.set(9);
        Sequential net = Sequential.of(new Dense(4, 6), new Residual(Sequential.of(new Dense(6, 6), new Tanh(), new Dense(6, 6))), new Dense(6, 2));
        GradientCheck.of(net).check(Nd4j.randn(DataType.DOUBLE, 5, 4)).requirePassed();
        var e = assertThrows(ShapeException.class, () -> new Residual(new Dense(4, 3)).forward(Nd4j.ones(2, 4), true));
        assertTrue(e.getMessage().contains("f(x)"), e.getMessage());
    }

    /** Ids (N, T) → embedding → Dense → tanh → scores over the vocabulary with the embedding's own table. */
    static Sequential tiedLanguageModel(Embedding embed) {
        return Sequential.of(embed, new Dense(4, 4), new Tanh(), new TiedDense(embed));
    }

    @Test
    void aTiedWeightIsCountedUpdatedAndPenalisedOnce() {
        Seed.set(10);
        Embedding embed = new Embedding(10, 4);
        Sequential lm = tiedLanguageModel(embed);
        assertEquals(4, lm.parameters().size(), "E, W, b, b: E once");
        assertSame(lm.parameters().get(0), lm.layers().get(3).parameters().get(0));
        assertEquals(10 * 4 + 4 * 4 + 4 + 10, lm.parameterCount());
        double e2 = Math.pow(embed.weight().value().norm2Number().doubleValue(), 2), w2 = Math.pow(((Dense) lm.get(1)).weight().value().norm2Number().doubleValue(), 2);
        assertEquals(0.1 * (e2 + w2), Penalty.l2(0.1).value(lm.parameters()), 1e-3);

        // one SGD step moves E by −η times the sum of both places' gradients, once
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 3, 4}, {5, 6, 7, 8}}), next = Nd4j.createFromArray(new int[][]{{2, 3, 4, 5}, {6, 7, 8, 9}});
        var loss = new SparseCrossEntropy();
        lm.zeroGrad();
        loss.forward(lm.forward(ids, true), next);
        lm.backward(loss.backward());
        INDArray before = embed.weight().value().dup(), grad = embed.weight().grad().dup();
        new SGD(0.5).step(lm.parameters());
        assertTrue(before.sub(grad.mul(0.5)).equalsWithEps(embed.weight().value(), 1e-6), "updated once");
    }

    @Test
    void aTiedWeightGetsTheGradientOfBothPlacesAndTrains() {
        Seed.set(11);
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 1, 2, 3}});
        INDArray next = Nd4j.createFromArray(new int[][]{{2, 3, 4, 5}, {6, 7, 8, 9}, {1, 2, 3, PAD}});
        GradientCheck.of(tiedLanguageModel(new Embedding(10, 4))).check(new SparseCrossEntropy(PAD), Inputs.of(ids), next).requirePassed();
        // a sequence that counts up: each id is followed by the next
        int n = 200, t = 6;
        int[][] x = new int[n][t], y = new int[n][t];
        Random rnd = new Random(12);
        for (int i = 0; i < n; i++) {
            int start = 1 + rnd.nextInt(9);
            for (int j = 0; j < t; j++) { x[i][j] = 1 + (start + j - 1) % 9; y[i][j] = 1 + (start + j) % 9; }
        }
        Seed.set(13);
        Sequential lm = tiedLanguageModel(new Embedding(10, 4));
        Trainer trainer = new Trainer(lm, new SparseCrossEntropy(PAD), new Adam(0.05)).epochs(40).quiet();
        History h = trainer.fit(new Dataset(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        assertTrue(h.last("accuracy") > 0.95, h.toString());
    }
}
