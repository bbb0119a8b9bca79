package org.nnbook.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Inputs;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.data.Dataset;
import org.nnbook.io.ModelIO;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The encoder-decoder Transformer: gradient check with padded sources and targets, learning to reverse, greedy decoding, saving. */
class TransformerTest {
    static final int PAD = 0, BOS = 1, EOS = 2;

    @TempDir
    Path dir;

    @Test
    void passesTheGradientCheckWithPaddedSourcesAndTargets() {
        Seed.set(61);
        Transformer model = new Transformer(7, 6, 4, 2, 1, 0);
        for (Parameter p : model.parameters()) p.value().addi(Nd4j.randn(p.value().dataType(), p.value().shape()).muli(0.2));
        INDArray source = Nd4j.createFromArray(new int[][]{{3, 4, 5, 6, 2}, {5, 3, 2, 0, 0}});
        INDArray sourceMask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        INDArray target = Nd4j.createFromArray(new int[][]{{1, 3, 4, 5}, {1, 4, 0, 0}}), next = Nd4j.createFromArray(new int[][]{{3, 4, 5, 2}, {4, 2, 0, 0}});
        GradientCheck.Result r = GradientCheck.of(model).maxPerParameter(12).check(new SparseCrossEntropy(PAD), Inputs.of(source, target).withMask(sourceMask), next)
                .requirePassed();
        assertEquals(model.parameters().size(), r.entries().size(), "every parameter, the tied table once; ids take no gradient");
    }

    @Test
    void sharedVocabularyHasOneTableForSourceTargetAndOutputAndPassesTheGradientCheck() {
        Seed.set(63);
        Transformer model = Transformer.sharedVocabulary(7, 4, 2, 1, 0);
        assertTrue(model.sharesEmbedding(), model.toString());
        Parameter table = ((org.nnbook.layers.Embedding) model.encoder().get(0)).weight();
        assertSame(table, model.targetEmbedding().weight());
        assertSame(table, model.output().parameters().get(0));
        Transformer separate = new Transformer(7, 7, 4, 2, 1, 0);
        assertEquals(separate.parameterCount() - 7 * 4, model.parameterCount(), "one 7 x 4 table fewer");
        for (Parameter p : model.parameters()) p.value().addi(Nd4j.randn(p.value().dataType(), p.value().shape()).muli(0.2));
        INDArray source = Nd4j.createFromArray(new int[][]{{3, 4, 5, 6, 2}, {5, 3, 2, 0, 0}});
        INDArray sourceMask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        INDArray target = Nd4j.createFromArray(new int[][]{{1, 3, 4, 5}, {1, 4, 0, 0}}), next = Nd4j.createFromArray(new int[][]{{3, 4, 5, 2}, {4, 2, 0, 0}});
        GradientCheck.of(model).maxPerParameter(12).check(new SparseCrossEntropy(PAD), Inputs.of(source, target).withMask(sourceMask), next)
                .requirePassed();

        Path file = dir.resolve("shared.nnb");
        ModelIO.save(model, file);
        Transformer back = ModelIO.load(file, Transformer.class);
        assertTrue(back.sharesEmbedding(), "the sharing is rebuilt: " + back);
        assertSame(((org.nnbook.layers.Embedding) back.encoder().get(0)).weight(), back.output().parameters().get(0));
        assertEquals(model.parameterCount(), back.parameterCount());
        Inputs in = Inputs.of(source, target).withMask(sourceMask);
        assertEquals(model.predict(in), back.predict(in));
    }

    @Test
    void startsWithALossNearTheLogOfTheVocabulary() {
        // scaled embeddings (Vaswani et al., 2017, 3.4): the tied output's first scores have a spread of ~1, so the
        // first loss is near ln(vocab); with N(0, 1) tables read by the output layer it was ~50 at d = 128
        Seed.set(64);
        int vocab = 4000, d = 128;
        Random r = new Random(5);
        int[][] src = new int[8][12], in = new int[8][10], out = new int[8][10];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 12; j++) src[i][j] = 3 + r.nextInt(vocab - 3);
            for (int j = 0; j < 10; j++) { in[i][j] = 3 + r.nextInt(vocab - 3); out[i][j] = 3 + r.nextInt(vocab - 3); }
        }
        Inputs inputs = Inputs.of(Nd4j.createFromArray(src), Nd4j.createFromArray(in));
        for (Transformer model : new Transformer[] {new Transformer(vocab, vocab, d, 4, 2, 0), Transformer.sharedVocabulary(vocab, d, 4, 2, 0)}) {
            double loss = new SparseCrossEntropy(PAD).forward(model.forward(inputs, false), Nd4j.createFromArray(out));
            assertEquals(Math.log(vocab), loss, 1.5, model + " starts at loss " + loss + ", ln(vocab) = " + Math.log(vocab));
        }
    }

    /** Sequences of 3-5 tokens from [3, 10) and their reverse: target input BOS + reverse, target output reverse + EOS. */
    static Dataset reversal(int n, long seed) {
        Random r = new Random(seed);
        int s = 5, t = 6;
        int[][] src = new int[n][s], in = new int[n][t], out = new int[n][t];
        float[][] mask = new float[n][s];
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(3);
            in[i][0] = BOS;
            for (int j = 0; j < len; j++) { src[i][j] = 3 + r.nextInt(7); mask[i][j] = 1; }
            for (int j = 0; j < len; j++) { out[i][j] = src[i][len - 1 - j]; in[i][j + 1] = out[i][j]; }
            out[i][len] = EOS;
        }
        return new Dataset(Inputs.of(Nd4j.createFromArray(src), Nd4j.createFromArray(in)).withMask(Nd4j.createFromArray(mask)),
                Nd4j.createFromArray(out), null);
    }

    /** The decoding shortcut (encode once, decode the prefix, score the last position) gives the last position of the full forward pass. */
    @Test
    void nextScoresAreTheLastPositionOfTheFullForwardPass() {
        Seed.set(63);
        Transformer model = Transformer.sharedVocabulary(9, 8, 2, 2, 0.3);
        INDArray source = Nd4j.createFromArray(new int[][]{{3, 4, 5, 6, 2}, {5, 3, 2, 0, 0}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        INDArray memory = model.encode(source, mask);
        assertArrayEquals(new long[]{2, 5, 8}, memory.shape());
        for (int t = 1; t <= 4; t++) {
            INDArray target = Nd4j.createFromArray(new int[][]{{1, 3, 4, 5}, {1, 4, 7, 8}}).get(NDArrayIndex.all(), NDArrayIndex.interval(0, t)).dup();
            INDArray full = model.predict(Inputs.of(source, target).withMask(mask)).get(NDArrayIndex.all(), NDArrayIndex.point(t - 1), NDArrayIndex.all());
            INDArray next = model.nextScores(memory, mask, target);
            assertArrayEquals(new long[]{2, 9}, next.shape());
            assertTrue(full.equalsWithEps(next, 1e-5), "prefix of " + t + ": " + full + " vs " + next);
        }
        assertThrows(IllegalArgumentException.class, () -> model.nextScores(memory, mask, Nd4j.createFromArray(new int[][]{{1}})));
    }

    @Test
    void cachedDecodingGivesNextScoresOneTokenAtATime() {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            Seed.set(64);
            Transformer model = Transformer.sharedVocabulary(9, 8, 2, 2, 0.3);
            model.castTo(type);
            INDArray source = Nd4j.createFromArray(new int[][]{{3, 4, 5, 6, 2}, {5, 3, 2, 0, 0}, {7, 2, 0, 0, 0}});
            INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 0, 0, 0}}).castTo(type);
            INDArray memory = model.encode(source, mask);
            INDArray prefix = Nd4j.createFromArray(new int[][]{{1, 3, 4, 5, 2}, {1, 4, 7, 8, 8}, {1, 2, 2, 2, 2}});
            CachedDecoding decoding = model.startDecoding(memory, mask);
            for (int t = 1; t <= 5; t++) {
                INDArray cached = decoding.next(prefix.get(NDArrayIndex.all(), NDArrayIndex.interval(t - 1, t)).dup());
                INDArray whole = model.nextScores(memory, mask, prefix.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t)).dup());
                assertArrayEquals(new long[]{3, 9}, cached.shape());
                assertEquals(type, cached.dataType());
                double diff = cached.sub(whole).amaxNumber().doubleValue(), scale = whole.amaxNumber().doubleValue();
                assertTrue(diff <= (type == DataType.DOUBLE ? 1e-12 : 1e-5) * scale, type + ", prefix of " + t + ": differs by " + diff);
                assertEquals(t, decoding.position());
            }
            assertThrows(IllegalArgumentException.class, () -> decoding.next(Nd4j.createFromArray(new int[][]{{1}})));
            assertThrows(IllegalArgumentException.class, () -> model.startDecoding(null, mask));
        }
    }

    @Test
    void learnsToReverseDecodesGreedilyAndRoundTrips() {
        Seed.set(62);
        Transformer model = new Transformer(10, 10, 32, 4, 1, 0);
        Dataset train = reversal(600, 1), test = reversal(16, 2);
        new Trainer(model, new SparseCrossEntropy(PAD), new Adam(3e-3)).epochs(25).batchSize(32).quiet().fit(train);
        INDArray decoded = model.greedyDecode(test.inputs().get(0), test.inputs().mask(), BOS, EOS, 7);
        int right = 0;
        for (int i = 0; i < 16; i++) {
            boolean same = true;
            for (int j = 0; j < 6 && same; j++) {
                int want = test.y().getInt(i, j);
                if (want == PAD) break;
                same = j + 1 < decoded.size(1) && decoded.getInt(i, j + 1) == want;
            }
            if (same) right++;
        }
        assertTrue(right >= 14, right + " of 16 reversed exactly:\n" + decoded + "\nwanted\n" + test.y());

        Path file = dir.resolve("transformer.nnb");
        ModelIO.save(model, file);
        Transformer back = ModelIO.load(file, Transformer.class);
        assertSame(back.targetEmbedding().weight(), back.output().parameters().get(0), "the output layer is tied again");
        assertEquals(model.parameterCount(), back.parameterCount());
        assertEquals(model.predict(test.inputs()), back.predict(test.inputs()));
        assertEquals(model.toString(), back.toString());
    }
}
