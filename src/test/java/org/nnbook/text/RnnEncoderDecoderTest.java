package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Inputs;
import org.nnbook.core.Seed;
import org.nnbook.data.Dataset;
import org.nnbook.data.SequenceTasks;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The toy tasks' data, the recurrent encoder-decoder's gradients with and without attention, and that attention is what reversal needs. */
class RnnEncoderDecoderTest {

    @Test
    void theToyTasksData() {
        Dataset d = SequenceTasks.reverse(50, 2, 6, 10, 3);
        assertEquals(2, d.inputs().count());
        assertArrayEquals(new long[]{50, 6}, d.inputs().get(0).shape());
        assertArrayEquals(new long[]{50, 7}, d.inputs().get(1).shape());
        assertArrayEquals(new long[]{50, 7}, d.y().shape());
        for (int i = 0; i < 50; i++) {
            int[] src = d.inputs().get(0).getRow(i).toIntVector(), in = d.inputs().get(1).getRow(i).toIntVector(), y = d.y().getRow(i).toIntVector();
            String s = SequenceTasks.show(src), answer = SequenceTasks.show(y);
            assertTrue(s.length() >= 2 && s.length() <= 6);
            assertEquals(new StringBuilder(s).reverse().toString(), answer);
            assertEquals(SequenceTasks.BOS, in[0]);
            assertEquals(answer, SequenceTasks.show(Arrays.copyOfRange(in, 1, in.length)), "the decoder reads the answer shifted by one");
            assertEquals(SequenceTasks.EOS, y[s.length()]);
        }
        assertEquals(SequenceTasks.show(SequenceTasks.copy(5, 3, 3, 4, 1).y().getRow(0).toIntVector()),
                SequenceTasks.show(SequenceTasks.copy(5, 3, 3, 4, 1).inputs().get(0).getRow(0).toIntVector()), "copy copies");
        assertEquals(13, SequenceTasks.vocabSize(10));
        assertEquals("</s>", SequenceTasks.tokens(10).get(2));
        assertThrows(IllegalArgumentException.class, () -> SequenceTasks.reverse(10, 5, 4, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> SequenceTasks.reverse(0, 1, 4, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> SequenceTasks.reverse(10, 1, 4, 1, 1));
    }

    @Test
    void gradientsCheckWithAndWithoutAttention() {
        for (boolean attention : new boolean[]{false, true}) {
            Seed.set(4);
            Dataset d = SequenceTasks.reverse(3, 2, 4, 3, 7);
            RnnEncoderDecoder model = new RnnEncoderDecoder(SequenceTasks.vocabSize(3), 3, 4, attention);
            GradientCheck.of(model).maxPerParameter(12).check(new SparseCrossEntropy(SequenceTasks.PAD), d.inputs(), d.y()).requirePassed();
        }
    }

    /** Reversing 6-10 digits: with attention the model gets nearly every string right, without it far fewer; greedy and beam answers, and the attention is drawn where it should be. */
    @Test
    void attentionIsWhatReversalNeeds() {
        Dataset train = SequenceTasks.reverse(2000, 6, 10, 10, 1), test = SequenceTasks.reverse(200, 6, 10, 10, 2);
        double[] exact = new double[2];
        RnnEncoderDecoder withAttention = null;
        for (int a = 0; a < 2; a++) {
            Seed.set(11);
            RnnEncoderDecoder model = new RnnEncoderDecoder(SequenceTasks.vocabSize(10), 16, 64, a == 1);
            new Trainer(model, new SparseCrossEntropy(SequenceTasks.PAD), new Adam(1e-2).clipGradNorm(1)).epochs(6).batchSize(64).quiet().fit(train);
            int right = 0;
            for (int i = 0; i < 100; i++) {
                int[] src = strip(test.inputs().get(0).getRow(i).toIntVector());
                if (SequenceTasks.show(test.y().getRow(i).toIntVector()).equals(SequenceTasks.show(model.greedy(src, 12)))) right++;
            }
            exact[a] = right / 100.0;
            if (a == 1) withAttention = model;
        }
        assertTrue(exact[1] >= 0.8, "with attention " + exact[1] + " of the strings reversed exactly; without " + exact[0]);
        assertTrue(exact[1] > exact[0] + 0.3, "attention should matter: with " + exact[1] + ", without " + exact[0]);
        int[] src = strip(test.inputs().get(0).getRow(0).toIntVector());
        int[] answer = withAttention.beam(src, 12, 3, 0.6);
        assertEquals(SequenceTasks.show(test.y().getRow(0).toIntVector()), SequenceTasks.show(answer), "beam search reverses it too");
        double[][] w = withAttention.attention(src, answer);
        assertEquals(answer.length + 1, w.length);
        int nearMirror = 0, stepsBack = 0, previous = -1;
        StringBuilder seen = new StringBuilder();
        for (int t = 0; t < answer.length; t++) {
            int argmax = 0;
            for (int k = 1; k < w[t].length; k++) if (w[t][k] > w[t][argmax]) argmax = k;
            seen.append(argmax).append(' ');
            if (Math.abs(argmax - (src.length - 1 - t)) <= 1) nearMirror++;     // its mirror, or the state just after it (that state has read it too)
            if (previous >= 0 && argmax == previous - 1) stepsBack++;
            previous = argmax;
            assertEquals(1.0, Arrays.stream(w[t]).sum(), 1e-5);
        }
        assertTrue(nearMirror >= answer.length - 1 && stepsBack >= answer.length / 2,
                "output t should look at source position n-1-t or next to it, one step further back each time: " + seen + "for n = " + src.length);
    }

    @Test
    void badInputsAreNamed() {
        RnnEncoderDecoder m = new RnnEncoderDecoder(6, 3, 4, false);
        INDArray src = Nd4j.createFromArray(new int[][]{{3, 0, 4}}), tgt = Nd4j.createFromArray(new int[][]{{1, 3}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.forward(Inputs.of(src, tgt), false)).getMessage().contains("pad at the end"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.forward(Inputs.of(Nd4j.createFromArray(new int[][]{{0, 0}}), tgt), false)).getMessage().contains("all padding"));
        assertThrows(IllegalArgumentException.class, () -> m.forward(Inputs.of(src), false));
        assertThrows(IllegalStateException.class, () -> m.attention(new int[]{3}, new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> new RnnEncoderDecoder(3, 3, 4, true));
    }

    private static int[] strip(int[] ids) {
        int n = 0;
        while (n < ids.length && ids[n] != SequenceTasks.PAD) n++;
        return Arrays.copyOf(ids, n);
    }
}
