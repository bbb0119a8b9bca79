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
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.io.ModelIO;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The decoder-only language model: gradient check with padding inside the sequence, causality, learning, generation, the classifier's copied body, saving. */
class TransformerLmTest {
    static final int PAD = 0, BOS = 1, EOS = 2;

    @TempDir
    Path dir;

    @Test
    void passesTheGradientCheckWithPaddingInsideTheSequence() {
        Seed.set(71);
        TransformerLm lm = new TransformerLm(9, 4, 2, 2, 8, 0);
        for (Parameter p : lm.parameters()) p.value().addi(Nd4j.randn(p.value().dataType(), p.value().shape()).muli(0.3));
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 3, 4, 0, 1, 5, 6}, {1, 7, 8, 3, 1, 4, 0}});
        INDArray mask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 0, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 0}});
        INDArray next = Nd4j.createFromArray(new int[][]{{3, 4, 0, 0, 5, 6, 2}, {7, 8, 3, 0, 4, 2, 0}});
        GradientCheck.Result r = GradientCheck.of(lm).maxPerParameter(12).check(new SparseCrossEntropy(PAD), Inputs.of(ids).withMask(mask), next)
                .requirePassed();
        assertEquals(lm.parameters().size(), r.entries().size(), "every parameter once, the tied table included");
    }

    @Test
    void aPositionSeesOnlyItselfAndWhatCameBefore() {
        Seed.set(72);
        TransformerLm lm = new TransformerLm(12, 8, 2, 2, 10, 0);
        INDArray a = Nd4j.createFromArray(new int[][]{{1, 3, 4, 5, 6, 7}}), b = Nd4j.createFromArray(new int[][]{{1, 3, 4, 9, 10, 11}});
        INDArray sa = lm.predict(a), sb = lm.predict(b);
        INDArray first3 = sa.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all());
        assertTrue(first3.equalsWithEps(sb.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all()), 1e-5),
                "changing tokens 3.. must not change the scores at 0..2");
        assertFalse(sa.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all()).equalsWithEps(
                sb.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all()), 1e-5));
        assertArrayEquals(new long[]{1, 6, 12}, sa.shape());
        assertEquals(12L * 8 + 10L * 8 + 12 + 2 * (2 * 8 + 4 * 8 * 8 + 4 * 8 + 8 * 32 + 32 + 32 * 8 + 8 + 2 * 8) + 2 * 8, lm.parameterCount(),
                "E, P, the output bias, two blocks, the final LayerNorm; E counted once");
    }

    /** Sequences BOS a a+1 a+2 ... (mod 8, offset by 3) EOS: the next token is always the previous plus one. */
    static Dataset counting(int n, int len, long seed) {
        Random r = new Random(seed);
        int[][] x = new int[n][len], y = new int[n][len];
        for (int i = 0; i < n; i++) {
            int start = r.nextInt(8);
            int[] seq = new int[len + 1];
            seq[0] = BOS;
            for (int j = 1; j < len; j++) seq[j] = 3 + (start + j) % 8;
            seq[len] = EOS;
            System.arraycopy(seq, 0, x[i], 0, len);
            System.arraycopy(seq, 1, y[i], 0, len);
            y[i][0] = PAD;                          // the first token after BOS is random: not learnable
        }
        return new Dataset(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    @Test
    void learnsToCountAndGeneratesGreedilyAndBySampling() {
        Seed.set(73);
        TransformerLm lm = new TransformerLm(11, 16, 2, 1, 12, 0);
        new Trainer(lm, new SparseCrossEntropy(PAD), new Adam(1e-2)).epochs(15).batchSize(32).quiet().fit(counting(320, 8, 1));
        INDArray prompt = Nd4j.createFromArray(new int[][]{{BOS, 5, 0}, {BOS, 9, 10}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 0}, {1, 1, 1}});
        INDArray out = lm.greedy(prompt, mask, 3, EOS);
        assertArrayEquals(new int[]{6, 7, 8}, out.getRow(0).toIntVector(), "after 5 (padding masked): 6 7 8");
        assertArrayEquals(new int[]{3, 4, 5}, out.getRow(1).toIntVector(), "after 9 10: 3 (wrapping round) 4 5");
        int[] sampled = lm.sample(new int[]{BOS, 4}, 3, 0.05, EOS, new Random(1));
        assertArrayEquals(new int[]{5, 6, 7}, sampled, "a low temperature samples the likeliest tokens");
        assertThrows(IllegalArgumentException.class, () -> lm.greedy(prompt, mask, 10, EOS), "3 + 10 positions do not fit in 12");
    }

    @Test
    void greedyStopsWhenEveryRowHasEndedAndPadsEndedRowsWithEos() {
        Seed.set(74);
        TransformerLm lm = new TransformerLm(5, 8, 2, 1, 20, 0);
        lm.output().bias().value().putScalar(0, EOS, 100);             // EOS always wins
        INDArray out = lm.greedy(Nd4j.createFromArray(new int[][]{{BOS}, {BOS}}), null, 10, EOS);
        assertArrayEquals(new long[]{2, 1}, out.shape());
        assertEquals(EOS, out.getInt(0, 0));
    }

    @Test
    void theClassifierStartsFromACopyOfTheBody() {
        Seed.set(75);
        TransformerLm lm = new TransformerLm(11, 8, 2, 1, 6, 0);
        Sequential clf = lm.classifier(3);
        assertEquals(3, clf.size());
        assertInstanceOf(MeanOverTime.class, clf.get(1));
        assertInstanceOf(Dense.class, clf.get(2));
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 3, 4, 0}, {1, 5, 0, 0}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 0}, {1, 1, 0, 0}});
        INDArray before = lm.body().predict(Inputs.of(ids).withMask(mask));
        assertTrue(before.equalsWithEps(((Sequential) clf.get(0)).predict(Inputs.of(ids).withMask(mask)), 1e-6), "the same weights");
        Dataset labelled = Dataset.ofClassIds(ids, new int[]{0, 2}, java.util.List.of("a", "b", "c")).withMask(mask);
        new Trainer(clf, new SparseCrossEntropy(), new Adam(1e-2)).epochs(5).batchSize(2).quiet().fit(labelled);
        assertTrue(before.equalsWithEps(lm.body().predict(Inputs.of(ids).withMask(mask)), 1e-6), "fine-tuning the copy leaves the LM as it was");
        assertFalse(before.equalsWithEps(((Sequential) clf.get(0)).predict(Inputs.of(ids).withMask(mask)), 1e-4), "the copy did train");
    }

    @Test
    void roundTripsThroughModelIoWithTheTableStillTied() {
        Seed.set(76);
        TransformerLm lm = new TransformerLm(10, 8, 2, 2, 6, 0.1);
        Path file = dir.resolve("lm.nnb");
        ModelIO.save(lm, file);
        TransformerLm again = ModelIO.load(file, TransformerLm.class);
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 3, 4, 5}});
        assertEquals(lm.predict(ids), again.predict(ids));
        assertSame(again.body().get(0).parameters().get(0), again.output().parameters().get(0), "the output layer shares the loaded table");
        assertEquals(Math.sqrt(8), ((Embedding) again.body().get(0)).scale(), 1e-12, "the loaded embedding keeps its √d scale");
        assertEquals(lm.toString(), again.toString());
    }

    @Test
    void theEmbeddingIsScaledSoTheFirstScoresHaveASpreadOfAboutOne() {
        Seed.set(77);
        int d = 64;
        TransformerLm lm = new TransformerLm(500, d, 4, 1, 16, 0);
        Embedding e = (Embedding) lm.body().get(0);
        assertEquals(Math.sqrt(d), e.scale(), 1e-12, "Embedding.scaled: √d · E[ids]");
        assertEquals(1 / Math.sqrt(d), e.weight().value().stdNumber().doubleValue(), 0.1 / Math.sqrt(d), "E from N(0, 1/d)");
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 3, 4, 5, 6, 7, 8, 9}, {2, 10, 11, 12, 13, 14, 15, 16}});
        double spread = lm.predict(ids).stdNumber().doubleValue();
        assertTrue(spread > 0.5 && spread < 2, "first scores h Eᵀ with a spread of about 1 (a plain N(0, 1) table: about √d = 8), got " + spread);
    }

    @Test
    void explainsWrongUse() {
        TransformerLm lm = new TransformerLm(10, 8, 2, 1, 6, 0);
        assertThrows(IllegalArgumentException.class, () -> lm.classifier(1));
        assertThrows(IllegalArgumentException.class, () -> lm.sample(new int[]{1}, 2, 0, EOS, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> new TransformerLm(10, 8, 2, 0, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new TransformerLm(lm.body(), new org.nnbook.layers.TiedDense(new org.nnbook.layers.Embedding(10, 8))));
        assertEquals(DataType.INT, lm.greedy(Nd4j.createFromArray(new int[][]{{1}}), null, 2, EOS).dataType());
    }
}
