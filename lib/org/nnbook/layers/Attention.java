package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The array steps of {@link MultiHeadAttention}: splitting rows into heads and back, the mask of the
 * keys each query may see, and a softmax over the keys that gives masked keys weight 0.
 */
final class Attention {
    private Attention() {}

    /** Rows (N·T, h·dₖ) → per head (N·h, T, dₖ): head j of example i is batch i·h + j. */
    static INDArray split(INDArray rows, long n, long t, int h) {
        long dk = rows.size(1) / h;
        return rows.reshape('c', n, t, h, dk).permute(0, 2, 1, 3).dup('c').reshape('c', n * h, t, dk);
    }

    /** The inverse of {@link #split}: (N·h, T, dₖ) → rows (N·T, h·dₖ), the heads side by side. */
    static INDArray merge(INDArray perHead, long n, long t, int h) {
        long dk = perHead.size(2);
        return perHead.reshape('c', n, h, t, dk).permute(0, 2, 1, 3).dup('c').reshape('c', n * t, h * dk);
    }

    /**
     * 1 where query q may attend to key k, else 0, as (N·h·Tq, Tk) rows: key k is real in the
     * padding mask (N, Tk) and, when causal, k ≤ q. Null when every key is allowed.
     */
    static INDArray allowed(INDArray mask, boolean causal, long n, int h, long tq, long tk, DataType type) {
        if (mask == null && !causal) return null;
        double[] m = mask == null ? null : mask.castTo(DataType.DOUBLE).reshape(n * tk).toDoubleVector();
        float[] a = new float[Math.toIntExact(n * h * tq * tk)];
        int at = 0;
        for (long i = 0; i < n; i++)
            for (int j = 0; j < h; j++)
                for (long r = 0; r < tq; r++)
                    for (long c = 0; c < tk; c++)
                        a[at++] = (m == null || m[(int) (i * tk + c)] != 0) && (!causal || c <= r) ? 1 : 0;
        INDArray allowed = Nd4j.create(a, new long[]{n * h * tq, tk}, 'c');            // 0 and 1 are exact in float
        return type == DataType.FLOAT ? allowed : allowed.castTo(type);
    }

    /** Softmax over the last axis of scores (B, Tq, Tk); allowed (B·Tq, Tk) or null; a row with no allowed key is all 0. */
    static INDArray softmax(INDArray scores, INDArray allowed) {
        long[] shape = scores.shape();
        INDArray s = scores.reshape('c', shape[0] * shape[1], shape[2]);
        if (allowed != null) s.addi(allowed.sub(1).muli(1e9));          // masked scores far below the others: they never win the max
        INDArray e = Transforms.exp(s.sub(s.max(true, 1)), false);
        if (allowed != null) e.muli(allowed);                            // exactly 0 for masked keys
        INDArray sum = e.sum(true, 1);
        if (allowed != null) sum.addi(sum.eq(0).castTo(sum.dataType())); // no allowed key: divide 0 by 1, not by 0
        return e.divi(sum).reshape('c', shape);
    }

    /** dL/dscores for weights p and dL/dp, both (B, Tq, Tk): p ⊙ (dp − Σ_k dp ⊙ p). */
    static INDArray softmaxBackward(INDArray p, INDArray dp) {
        long[] shape = p.shape();
        INDArray p2 = p.reshape('c', shape[0] * shape[1], shape[2]), g = dp.reshape('c', shape[0] * shape[1], shape[2]);
        return g.sub(g.mul(p2).sum(true, 1)).muli(p2).reshape('c', shape);
    }

    /** Inverted dropout's mask for p: 0 with probability rate, else 1 / (1 − rate). */
    static INDArray dropoutMask(INDArray p, double rate) {
        INDArray m = Nd4j.createUninitialized(p.dataType(), p.shape());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(m, 1 - rate), Nd4j.getRandom());
        return m.muli(1 / (1 - rate));
    }
}
