package org.nnbook.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
