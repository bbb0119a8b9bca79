package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.ref.Reference;

/**
 * {@code MultiHeadAttention}'s forward and backward passes without splitting the projections into
 * heads: head j of example i is, in the rows (N·T, D) of Q, K or V, the (T, dₖ) block that starts at
 * row i·T, column j·dₖ, a matrix of leading dimension D that OpenBLAS reads where it lies
 * ({@link Blas#gemmAt}). So the products of each head (Q Kᵀ, P V and those of the backward pass) are
 * direct sgemm calls on the projections and write into the merged heads, with no ND4J permute or copy;
 * the masked softmax and its backward are Java loops over each head's (Tq, Tk) weights; the four
 * projections are {@link DenseKernel}s. The weights P are kept as (N·h, Tq, Tk), batch i·h + j.
 *
 * <p>Arrays: xq (N·Tq, D), xkv (N·Tk, D), the key mask (N, Tk) or null, the weights (D, D) and
 * biases (1, D), an optional dropout mask on the weights (N·h, Tq, Tk).
 */
public final class AttentionKernel {
    private final DenseKernel pq = new DenseKernel(), pk = new DenseKernel(), pv = new DenseKernel(), po = new DenseKernel();
    private INDArray xq, xkv, q, k, v, p, drop, heads, dKeys;
    private int n, h, tq, tk, d, dk;
    private double scale;
    private double[] row = new double[0], row2 = new double[0], keys = new double[0];

    /** True when the kernels are on, BLAS is usable and every array is a dense c-ordered 2-D float or double array of one type. */
    public static boolean applies(INDArray xq, INDArray xkv, INDArray mask, INDArray... params) {
        if (!DenseKernel.applies(xq, params) || !DenseKernel.applies(xkv, params)) return false;
        return mask == null || (mask.rank() == 2 && mask.ordering() == 'c' && Doubles.fits(mask));
    }

    /**
     * y = [softmax(Qᵢⱼ Kᵢⱼᵀ / √dₖ, masked) (⊙ drop) Vᵢⱼ]ᵢⱼ Wo + bo with Q = xq Wq + bq, K = xkv Wk + bk,
     * V = xkv Wv + bv; returns y as rows (N·Tq, D).
     */
    public INDArray forward(INDArray xq, INDArray xkv, INDArray mask, boolean causal, int n, int heads,
                            INDArray wq, INDArray bq, INDArray wk, INDArray bk, INDArray wv, INDArray bv, INDArray wo, INDArray bo, INDArray drop) {
        this.xq = xq; this.xkv = xkv; this.drop = drop;
        this.n = n; this.h = heads;
        d = (int) xq.size(1); dk = d / heads; tq = (int) (xq.size(0) / n); tk = (int) (xkv.size(0) / n);
        scale = 1 / Math.sqrt(dk);
        q = pq.forward(xq, wq, bq);
        k = pk.forward(xkv, wk, bk);
        v = pv.forward(xkv, wv, bv);
        p = Nd4j.createUninitialized(xq.dataType(), new long[]{(long) n * h, tq, tk}, 'c');
        for (int i = 0; i < n; i++)
            for (int j = 0; j < h; j++)           // S = Q Kᵀ / √dₖ for head j of example i
                Blas.gemmAt(q, (long) i * tq * d + (long) j * dk, d, false, k, (long) i * tk * d + (long) j * dk, d, true,
                        p, block(i, j), tk, tq, tk, dk, scale, 0);
        softmax(mask, causal);
        INDArray used = p;
        if (drop != null) used = p.mul(drop);
        this.heads = Nd4j.createUninitialized(xq.dataType(), new long[]{(long) n * tq, d}, 'c');
        for (int i = 0; i < n; i++)
            for (int j = 0; j < h; j++)           // head = P V, written into its columns of the merged heads
                Blas.gemmAt(used, block(i, j), tk, false, v, (long) i * tk * d + (long) j * dk, d, false,
                        this.heads, (long) i * tq * d + (long) j * dk, d, tq, dk, tk, 1, 0);
        Reference.reachabilityFence(used);
        Reference.reachabilityFence(k);
        return po.forward(this.heads, wo, bo);
    }

    /** The weights P (N·h, Tq, Tk) of the last forward, before dropout. */
    public INDArray weights() { return p; }

    private long block(int i, int j) { return ((long) i * h + j) * tq * tk; }

    /** Softmax over each row of p, in place; masked keys (padding, later positions when causal) get exactly 0, a row with none allowed is all 0. */
    private void softmax(INDArray mask, boolean causal) {
        Doubles pd = Doubles.of(p);
        if (row.length < tq * tk) row = new double[tq * tk];
        if (keys.length < tk) keys = new double[tk];
        Doubles md = mask == null ? null : Doubles.of(mask);
        for (int i = 0; i < n; i++) {
            if (md != null) md.read((long) i * tk, keys, 0, tk);
            for (int j = 0; j < h; j++) {
                long at = block(i, j);
                pd.read(at, row, 0, tq * tk);
                for (int r = 0; r < tq; r++) {
                    int o = r * tk, last = causal ? Math.min(r + 1, tk) : tk;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < last; c++) if ((md == null || keys[c] != 0) && row[o + c] > max) max = row[o + c];
                    double sum = 0;
                    for (int c = 0; c < tk; c++) {
                        double e = c < last && (md == null || keys[c] != 0) ? Math.exp(row[o + c] - max) : 0;
                        row[o + c] = e;
                        sum += e;
                    }
                    if (sum > 0) for (int c = 0; c < last; c++) row[o + c] /= sum;
                }
                pd.write(row, 0, at, tq * tk);
            }
        }
    }

    /**
     * Adds the gradients of the eight parameters for dL/dy g (N·Tq, D) and returns dL/dxq; dL/dxkv is
     * then {@link #keyGradient()} (for self-attention, where xq is xkv, the caller adds the two).
     */
    public INDArray backward(INDArray g, INDArray wq, INDArray wk, INDArray wv, INDArray wo,
                             INDArray dWq, INDArray dBq, INDArray dWk, INDArray dBk, INDArray dWv, INDArray dBv, INDArray dWo, INDArray dBo) {
        if (!DenseKernel.applies(g, heads)) g = g.dup('c');
        INDArray dHeads = po.backward(heads, g, wo, dWo, dBo);
        INDArray used = drop == null ? p : p.mul(drop);
        INDArray dV = Nd4j.createUninitialized(g.dataType(), new long[]{(long) n * tk, d}, 'c');
        INDArray dS = Nd4j.createUninitialized(g.dataType(), new long[]{(long) n * h, tq, tk}, 'c');
        for (int i = 0; i < n; i++)
            for (int j = 0; j < h; j++) {
                long qAt = (long) i * tq * d + (long) j * dk, kAt = (long) i * tk * d + (long) j * dk;
                Blas.gemmAt(used, block(i, j), tk, true, dHeads, qAt, d, false, dV, kAt, d, tk, dk, tq, 1, 0);   // dV = Pᵀ dA
                Blas.gemmAt(dHeads, qAt, d, false, v, kAt, d, true, dS, block(i, j), tk, tq, tk, dk, 1, 0);      // dP = dA Vᵀ
            }
        if (drop != null) dS.muli(drop);
        softmaxBackward(dS);
        INDArray dQ = Nd4j.createUninitialized(g.dataType(), new long[]{(long) n * tq, d}, 'c');
        INDArray dK = Nd4j.createUninitialized(g.dataType(), new long[]{(long) n * tk, d}, 'c');
        for (int i = 0; i < n; i++)
            for (int j = 0; j < h; j++) {
                long qAt = (long) i * tq * d + (long) j * dk, kAt = (long) i * tk * d + (long) j * dk;
                Blas.gemmAt(dS, block(i, j), tk, false, k, kAt, d, false, dQ, qAt, d, tq, dk, tk, scale, 0);     // dQ = dS K / √dₖ
                Blas.gemmAt(dS, block(i, j), tk, true, q, qAt, d, false, dK, kAt, d, tk, dk, tq, scale, 0);      // dK = dSᵀ Q / √dₖ
            }
        Reference.reachabilityFence(used);
        Reference.reachabilityFence(dHeads);
        INDArray dx = pq.backward(xq, dQ, wq, dWq, dBq);
        INDArray dFromK = pk.backward(xkv, dK, wk, dWk, dBk), dFromV = pv.backward(xkv, dV, wv, dWv, dBv);
        dKeys = dFromK == null ? dFromV : dFromV == null ? dFromK : dFromK.addi(dFromV);
        Reference.reachabilityFence(dS);
        return dx;
    }

    /** dL/dxkv (N·Tk, D) of the last backward, or null when xkv is data. */
    public INDArray keyGradient() { return dKeys; }

    /** dS = P ⊙ (dP − Σ_k dP ⊙ P), in place over dP, row by row. */
    private void softmaxBackward(INDArray dS) {
        Doubles pd = Doubles.of(p), gd = Doubles.of(dS);
        int len = tq * tk;
        if (row.length < len) row = new double[len];
        if (row2.length < len) row2 = new double[len];
        for (long at = 0, end = (long) n * h * len; at < end; at += len) {
            pd.read(at, row, 0, len);
            gd.read(at, row2, 0, len);
            for (int o = 0; o < len; o += tk) {
                double dot = 0;
                for (int c = 0; c < tk; c++) dot += row2[o + c] * row[o + c];
                for (int c = 0; c < tk; c++) row2[o + c] = row[o + c] * (row2[o + c] - dot);
            }
            gd.write(row2, 0, at, len);
        }
    }
}
