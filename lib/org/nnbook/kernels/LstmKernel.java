package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * {@code org.nnbook.layers.LSTM}'s forward and backward passes over a whole float32 sequence, the same
 * arithmetic as the layer's step-by-step version in a few large operations, batch-major as the layer
 * gets its arrays ({@link SequenceArrays}):
 * <ul>
 *   <li>the input's share of every step's gates, x_t Wx, as one matrix product over all N·T rows;</li>
 *   <li>per step, one BLAS call for h_(t−1) Wh (h_(t−1) of every sequence read where it lies), and
 *       one loop over Java arrays that applies the gate functions, updates c and h and applies the
 *       padding mask;</li>
 *   <li>the per-step products made transposed, (h_(t−1) Wh)ᵀ = Whᵀ h_(t−1)ᵀ of shape (4H, N), and
 *       likewise backward, as {@link GruKernel} does (OpenBLAS is faster on the tall product);</li>
 *   <li>backward, per step, one loop for the gates' gradients (and the bias's) and one BLAS call for
 *       dh_(t−1); then dWx, dWh and dx as one product each over all steps.</li>
 * </ul>
 * Tested against the plain version (RecurrentKernelsTest). Float32 only: double precision (gradient
 * checks) runs the plain version.
 */
public final class LstmKernel {
    private int n, t, d, h;
    private INDArray x;          // (N·T, D) the input
    private INDArray hPrev;      // (N·T, H) the state h each step starts from (blended with the mask)
    private INDArray lastH, lastC;
    private float[] gates;       // (N·T, 4H) i, f, g, o after their functions
    private float[] cPrev;       // (N·T, H) the cell each step starts from
    private float[] tanhC;       // (N·T, H) tanh of each step's new cell, before blending
    private float[] mask;        // (N·T), or null
    private boolean kept;        // whether the last forward kept its gates for a backward pass
    static long forwardRuns;     // for the tests: how many sequences went this way

    /** Whether the fast version applies: float32 arrays, BLAS available, kernels on. */
    public static boolean applies(INDArray x, INDArray... params) {
        if (!Kernels.on() || !Blas.ON || x.dataType() != DataType.FLOAT) return false;
        for (INDArray p : params) if (p.dataType() != DataType.FLOAT || !Memory.denseC(p)) return false;
        return true;
    }

    /**
     * Runs the sequence x (N, T, D) from the state (h0, c0), each (N, H); mask (N, T) or null.
     * Returns every step's output (N, T, H) (0 at padding) when {@code allSteps}, else the last state
     * (N, H); {@link #lastState} gives (h_T, c_T). With {@code keep} false (inference) the gates are
     * not kept for a backward pass, which then throws (the layer runs the forward again): only one
     * step's worth of them is held.
     */
    public INDArray forward(INDArray xNTD, INDArray maskNT, INDArray h0, INDArray c0, INDArray wx, INDArray wh, INDArray b, boolean allSteps, boolean keep) {
        forwardRuns++;
        n = (int) xNTD.size(0); t = (int) xNTD.size(1); d = (int) xNTD.size(2); h = (int) wh.size(0);
        int h4 = 4 * h, rows = n * t;
        x = SequenceArrays.denseFloat(xNTD).reshape('c', rows, d);
        INDArray u = SequenceArrays.create(rows, h4);
        hPrev = SequenceArrays.create(rows, h);
        lastH = SequenceArrays.create(n, h);
        lastC = SequenceArrays.create(n, h);
        mask = SequenceArrays.mask(maskNT);
        int keptRows = keep ? rows : n;                                  // rows of gates held: every step's, or one step's
        gates = SequenceArrays.atLeast(keep ? gates : null, keptRows * h4);
        cPrev = SequenceArrays.atLeast(keep ? cPrev : null, keptRows * h);
        tanhC = SequenceArrays.atLeast(keep ? tanhC : null, keptRows * h);
        kept = keep;
        float[] hs = SequenceArrays.values(h0), cs = SequenceArrays.values(c0), bias = SequenceArrays.values(b);
        float[] out = allSteps ? new float[rows * h] : null;
        int lanes = Lanes.count(n);
        INDArray[] aSteps = SequenceArrays.perLane(lanes, n, h4);         // made here: in the caller's memory (workspace)
        FloatBuffer ub = Memory.floats(u), hpb = Memory.floats(hPrev);
        Lanes.run(n, lanes, (lane, r0, r1) -> {                          // each lane: every step of its sequences r0..r1−1
            int nl = r1 - r0;
            Blas.gemmAt(x, (long) r0 * t * d, false, wx, 0, false, u, (long) r0 * t * h4, nl * t, h4, d, 1, 0);   // x Wx for this lane's every step
            INDArray aStep = aSteps[lane];
            FloatBuffer ab = Memory.floats(aStep);
            float[] pre = new float[h4], act = new float[h4], bits = new float[h4], twoC = new float[h], tc = new float[h], a = new float[nl * h4];
            for (int s = 0; s < t; s++) {
                for (int r = r0; r < r1; r++) hpb.put((r * t + s) * h, hs, r * h, h);       // h_(t−1), where the products read it
                Blas.gemmAt(wh, 0, h4, true, hPrev, (long) (r0 * t + s) * h, t * h, true, aStep, 0, nl, h4, nl, h, 1, 0);   // (h_(t−1) Wh)ᵀ, (4H, nl)
                ab.get(0, a, 0, nl * h4);
                for (int r = r0; r < r1; r++) {
                    int row = r * t + s, k = keep ? row : r, g0 = k * h4, s0 = r * h, c0Row = k * h, ar = r - r0;
                    float m = mask == null ? 1 : mask[row];
                    ub.get(row * h4, pre, 0, h4);                                           // x_t Wx, + h_(t−1) Wh + b
                    for (int j = 0; j < h4; j++) pre[j] += a[j * nl + ar] + bias[j];
                    for (int j = 2 * h; j < 3 * h; j++) pre[j] *= 2;                         // g = tanh(x) = 2σ(2x) − 1
                    Gates.sigmoids(pre, act, h4, bits);
                    for (int j = 2 * h; j < 3 * h; j++) act[j] = 2 * act[j] - 1;
                    System.arraycopy(act, 0, gates, g0, h4);                                // i, f, g, o
                    for (int j = 0; j < h; j++) twoC[j] = 2 * (act[h + j] * cs[s0 + j] + act[j] * act[2 * h + j]);   // 2 c_t = 2 (f ⊙ c_(t−1) + i ⊙ g)
                    Gates.sigmoids(twoC, tc, h, bits);
                    for (int j = 0; j < h; j++) {
                        float cOld = cs[s0 + j], c = twoC[j] / 2, tanhCj = 2 * tc[j] - 1, hNew = act[3 * h + j] * tanhCj;
                        cPrev[c0Row + j] = cOld;
                        tanhC[c0Row + j] = tanhCj;
                        cs[s0 + j] = m * c + (1 - m) * cOld;
                        hs[s0 + j] = m * hNew + (1 - m) * hs[s0 + j];
                        if (out != null) out[row * h + j] = m * hNew;
                    }
                }
            }
        });
        Memory.floats(lastH).put(0, hs, 0, n * h);
        Memory.floats(lastC).put(0, cs, 0, n * h);
        if (!allSteps) return lastH.dup();
        INDArray y = SequenceArrays.create(n, t, h);
        Memory.floats(y).put(0, out, 0, rows * h);
        return y;
    }

    /** (h_T, c_T): the state after the last step, for a carried state. */
    public INDArray[] lastState() { return new INDArray[]{lastH, lastC}; }

    /**
     * Given dL/d(output) of the last forward ((N, T, H) or (N, H)), adds dWx, dWh and db into their
     * gradients and returns dL/dx (N, T, D).
     */
    public INDArray backward(INDArray gradOut, boolean allSteps, INDArray wx, INDArray wh, INDArray dWx, INDArray dWh, INDArray dB) {
        if (!kept) throw new IllegalStateException("LstmKernel: backward after a forward that kept nothing for it (keep = false, inference).");
        int h4 = 4 * h, rows = n * t;
        INDArray go = SequenceArrays.denseFloat(gradOut);
        INDArray dA = SequenceArrays.create(rows, h4);
        float[] dh = allSteps ? new float[n * h] : SequenceArrays.values(go), dc = new float[n * h];
        int lanes = Lanes.count(n);
        INDArray[] dhSteps = SequenceArrays.perLane(lanes, n, h);
        double[][] dbs = new double[lanes][h4];                          // each lane's share of the bias gradient
        INDArray[] dWxs = SequenceArrays.shares(dWx, lanes), dWhs = SequenceArrays.shares(dWh, lanes);   // and of dWx, dWh
        INDArray dx = SequenceArrays.create(rows, d);
        FloatBuffer gob = Memory.floats(go), dab = Memory.floats(dA);
        Lanes.run(n, lanes, (lane, r0, r1) -> {
            int nl = r1 - r0;
            INDArray dhStep = dhSteps[lane];
            FloatBuffer dhb = Memory.floats(dhStep);
            float[] g = new float[h], da = new float[h4], back = new float[nl * h];
            double[] db = dbs[lane];
            for (int s = t - 1; s >= 0; s--) {
                for (int r = r0; r < r1; r++) {
                    int row = r * t + s, g0 = row * h4, s0 = r * h, c0Row = row * h;
                    float m = mask == null ? 1 : mask[row];
                    if (allSteps) gob.get(row * h, g, 0, h);
                    for (int j = 0; j < h; j++) {
                        float dhState = dh[s0 + j], dcState = dc[s0 + j];
                        float dhNew = m * (dhState + (allSteps ? g[j] : 0)), dcNew = m * dcState;
                        float i = gates[g0 + j], f = gates[g0 + h + j], gg = gates[g0 + 2 * h + j], o = gates[g0 + 3 * h + j];
                        float tc = tanhC[c0Row + j];
                        float dcAll = dcNew + dhNew * o * (1 - tc * tc);                      // dc += dh ⊙ o ⊙ (1 − tanh²(c_t))
                        float di = dcAll * gg * i * (1 - i), df = dcAll * cPrev[c0Row + j] * f * (1 - f);
                        float dg = dcAll * i * (1 - gg * gg), dOut = dhNew * tc * o * (1 - o);
                        da[j] = di; da[h + j] = df; da[2 * h + j] = dg; da[3 * h + j] = dOut;
                        db[j] += di; db[h + j] += df; db[2 * h + j] += dg; db[3 * h + j] += dOut;
                        dc[s0 + j] = dcAll * f + (1 - m) * dcState;
                        dh[s0 + j] = (1 - m) * dhState;                                       // + da Whᵀ below
                    }
                    dab.put(g0, da, 0, h4);
                }
                Blas.gemmAt(wh, 0, h4, false, dA, (long) (r0 * t + s) * h4, t * h4, true, dhStep, 0, nl, h, nl, h4, 1, 0);   // (da Whᵀ)ᵀ, (H, nl)
                dhb.get(0, back, 0, nl * h);
                for (int r = r0; r < r1; r++) for (int j = 0; j < h; j++) dh[r * h + j] += back[j * nl + r - r0];
            }
            long at = (long) r0 * t;                                                         // this lane's rows, every step:
            double into = lane == 0 ? 1 : 0;
            Blas.gemmAt(x, at * d, true, dA, at * h4, false, dWxs[lane], 0, d, h4, nl * t, 1, into);          // dWx += xᵀ da
            Blas.gemmAt(hPrev, at * h, true, dA, at * h4, false, dWhs[lane], 0, h, h4, nl * t, 1, into);      // dWh += h_(t−1)ᵀ da
            Blas.gemmAt(dA, at * h4, false, wx, 0, true, dx, at * d, nl * t, d, h4, 1, 0);                    // dx = da Wxᵀ
        });
        double[] db = new double[h4];
        for (double[] part : dbs) for (int j = 0; j < h4; j++) db[j] += part[j];
        SequenceArrays.sumInto(dWx, dWxs);
        SequenceArrays.sumInto(dWh, dWhs);
        SequenceArrays.addTo(dB, db);
        return dx.reshape('c', n, t, d);
    }
}
