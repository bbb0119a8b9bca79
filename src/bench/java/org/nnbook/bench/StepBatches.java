package org.nnbook.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Random but translation-shaped batches for {@link TransformerStep}: each sentence pair has a source
 * and a target of 12 to 32 tokens (ids 3..vocab-1), padded with 0 to the batch's length; the target
 * input starts with BOS = 1, the target output is the same shifted by one and ends with EOS = 2.
 * A 64-bit linear congruential generator (Knuth's MMIX constants) makes the ids, so
 * transformer_step_torch.py, which implements the same generator, trains on the same batches.
 */
final class StepBatches {
    private StepBatches() {}

    record Pair(INDArray source, INDArray sourceMask, INDArray targetIn, INDArray targetOut, long targetTokens) {}

    private static long state = 42;

    private static int next(int bound) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        return (int) Long.remainderUnsigned(state >>> 33, bound);
    }

    static List<Pair> of(int count, int batch, int len, int vocab) {
        state = 42;
        List<Pair> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[] src = new float[batch * len], mask = new float[batch * len], in = new float[batch * len], tgt = new float[batch * len];
            long tokens = 0;
            for (int i = 0; i < batch; i++) {
                int sl = 12 + next(len - 11), tl = 12 + next(len - 11);
                for (int t = 0; t < sl; t++) { src[i * len + t] = 3 + next(vocab - 3); mask[i * len + t] = 1; }
                in[i * len] = 1;
                for (int t = 0; t < tl - 1; t++) { int id = 3 + next(vocab - 3); tgt[i * len + t] = id; in[i * len + t + 1] = id; }
                tgt[i * len + tl - 1] = 2;
                tokens += tl;
            }
            long[] shape = {batch, len};
            out.add(new Pair(Nd4j.create(src, shape, 'c').castTo(DataType.INT), Nd4j.create(mask, shape, 'c'),
                    Nd4j.create(in, shape, 'c').castTo(DataType.INT), Nd4j.create(tgt, shape, 'c').castTo(DataType.INT), tokens));
        }
        return out;
    }
}
