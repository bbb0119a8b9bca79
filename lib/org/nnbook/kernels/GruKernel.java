package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * {@code org.nnbook.layers.GRU}'s forward and backward passes over a whole float32 sequence, the same
 * arithmetic as the layer's step-by-step version in a few large operations, batch-major as the layer
 * gets its arrays ({@link SequenceArrays}):
 * <ul>
 *   <li>the input's share of every step's gates, x Wx, as one matrix product over all N·T rows;</li>
 *   <li>per step, one BLAS call for h_(t−1) Wh (h_(t−1) of every sequence read where it lies), and
 *       one loop over Java arrays for the gates, the new state and the padding mask;</li>
 *   <li>the per-step products are made transposed, (h_(t−1) Wh)ᵀ = Whᵀ h_(t−1)ᵀ of shape
 *       (3H, N), and likewise backward: OpenBLAS is faster on the tall product than on the flat one
 *       with N = 32 rows (measured: 17 ms against 20 forward, 15 against 20 backward, per 100 steps);</li>
 *   <li>backward, per step, one loop for the gates' gradients (and the biases') and one BLAS call for
 *       dh_(t−1); then dWx, dWh and dx as one product each over all steps.</li>
 * </ul>
 * Tested against the plain version (RecurrentKernelsTest).
 */
public final class GruKernel {
    private int n, t, d, h;
    private INDArray x;          // (N·T, D) the input
    private INDArray u;          // (N·T, 3H) x Wx
    private INDArray hPrev;      // (N·T, H) the state each step starts from (blended with the mask)
    private INDArray last;       // (N, H) the state after the last step
    private float[] gates;       // (N·T, 3H) r, z, n of each step
    private float[] vn;          // (N·T, H) the n block of h_(t−1) Wh + bh
    private float[] hp;          // (N·T, H) as hPrev, for the loops
    private float[] mask;        // (N·T), or null
    private boolean kept;        // whether the last forward kept its gates for a backward pass
    static long forwardRuns;     // for the tests: how many sequences went this way

    /** Whether the fast version applies: float32 arrays laid out plainly, BLAS available, kernels on. */
    public static boolean applies(INDArray x, INDArray... params) { return LstmKernel.applies(x, params); }

    /** Runs x (N, T, D) from h0 (N, H); mask (N, T) or null. Every step's output (N, T, H), or the last state (N, H). */
    public INDArray forward(INDArray xNTD, INDArray maskNT, INDArray h0, INDArray wx, INDArray wh, INDArray bx, INDArray bh, boolean allSteps, boolean keep) {
        forwardRuns++;
        n = (int) xNTD.size(0); t = (int) xNTD.size(1); d = (int) xNTD.size(2); h = (int) wh.size(0);
        int h3 = 3 * h, rows = n * t;
        x = SequenceArrays.denseFloat(xNTD).reshape('c', rows, d);
        u = SequenceArrays.create(rows, h3);
        hPrev = SequenceArrays.create(rows, h);
        last = SequenceArrays.create(n, h);
        mask = SequenceArrays.mask(maskNT);
        int keptRows = keep ? rows : n;                                  // rows of gates held: every step's, or one step's
        gates = SequenceArrays.atLeast(keep ? gates : null, keptRows * h3);
        vn = SequenceArrays.atLeast(keep ? vn : null, keptRows * h);
        hp = SequenceArrays.atLeast(keep ? hp : null, keptRows * h);
        kept = keep;
        float[] state = SequenceArrays.values(h0), bxs = SequenceArrays.values(bx), bhs = SequenceArrays.values(bh);
        float[] out = allSteps ? new float[rows * h] : null;
        int lanes = Lanes.count(n);
        INDArray[] vSteps = SequenceArrays.perLane(lanes, n, h3);         // made here: in the caller's memory (workspace)
        FloatBuffer ub = Memory.floats(u), hpb = Memory.floats(hPrev);
        Lanes.run(n, lanes, (lane, r0, r1) -> {                          // each lane: every step of its sequences r0..r1−1
            int nl = r1 - r0;
            Blas.gemmAt(x, (long) r0 * t * d, false, wx, 0, false, u, (long) r0 * t * h3, nl * t, h3, d, 1, 0);   // x Wx for this lane's every step
            INDArray vStep = vSteps[lane];
            FloatBuffer vb = Memory.floats(vStep);
            float[] uRow = new float[h3], v = new float[nl * h3], pre = new float[2 * h], rz = new float[2 * h], bits = new float[2 * h];
            float[] twoN = new float[h], sn = new float[h];
            for (int s = 0; s < t; s++) {
                for (int r = r0; r < r1; r++) {                                            // h_(t−1), where the products read it
                    hpb.put((r * t + s) * h, state, r * h, h);
                    System.arraycopy(state, r * h, hp, (keep ? r * t + s : r) * h, h);
                }
                Blas.gemmAt(wh, 0, h3, true, hPrev, (long) (r0 * t + s) * h, t * h, true, vStep, 0, nl, h3, nl, h, 1, 0);   // (h_(t−1) Wh)ᵀ, see below
                vb.get(0, v, 0, nl * h3);
                for (int r = r0; r < r1; r++) {
                    int row = r * t + s, k = keep ? row : r, g0 = k * h3, s0 = r * h, ar = r - r0;
                    float m = mask == null ? 1 : mask[row];
                    ub.get(row * h3, uRow, 0, h3);
                    for (int j = 0; j < 2 * h; j++) pre[j] = uRow[j] + bxs[j] + v[j * nl + ar] + bhs[j];     // r and z
                    Gates.sigmoids(pre, rz, 2 * h, bits);
                    for (int j = 0; j < h; j++) {                                              // n = tanh(x Wn + bxn + r ⊙ (h Whn + bhn)) = 2σ(2·) − 1
                        float vnj = v[(2 * h + j) * nl + ar] + bhs[2 * h + j];
                        vn[k * h + j] = vnj;
                        twoN[j] = 2 * (uRow[2 * h + j] + bxs[2 * h + j] + rz[j] * vnj);
                    }
                    Gates.sigmoids(twoN, sn, h, bits);
                    System.arraycopy(rz, 0, gates, g0, 2 * h);
                    for (int j = 0; j < h; j++) {
                        float z = rz[h + j], nn = 2 * sn[j] - 1;
                        gates[g0 + 2 * h + j] = nn;
                        float old = state[s0 + j], hNew = nn + z * (old - nn);                // (1 − z) ⊙ n + z ⊙ h_(t−1)
                        state[s0 + j] = m * hNew + (1 - m) * old;
                        if (out != null) out[row * h + j] = m * hNew;
                    }
                }
            }
        });
        Memory.floats(last).put(0, state, 0, n * h);
        if (!allSteps) return last.dup();
        INDArray y = SequenceArrays.create(n, t, h);
        Memory.floats(y).put(0, out, 0, rows * h);
        return y;
    }

    /** h_T: the state after the last step, for a carried state. */
    public INDArray lastState() { return last; }

    /** Given dL/d(output) of the last forward, adds the parameters' gradients and returns dL/dx (N, T, D). */
    public INDArray backward(INDArray gradOut, boolean allSteps, INDArray wx, INDArray wh, INDArray dWx, INDArray dWh, INDArray dBx, INDArray dBh) {
        if (!kept) throw new IllegalStateException("GruKernel: backward after a forward that kept nothing for it (keep = false, inference).");
        int h3 = 3 * h, rows = n * t;
        INDArray go = SequenceArrays.denseFloat(gradOut);
        INDArray dU = SequenceArrays.create(rows, h3), dV = SequenceArrays.create(rows, h3);
        float[] dh = allSteps ? new float[n * h] : SequenceArrays.values(go);
        int lanes = Lanes.count(n);
        INDArray[] dhSteps = SequenceArrays.perLane(lanes, n, h);
        double[][] dbxs = new double[lanes][h3], dbhs = new double[lanes][h3];    // each lane's share of the bias gradients
        INDArray[] dWxs = SequenceArrays.shares(dWx, lanes), dWhs = SequenceArrays.shares(dWh, lanes);   // and of dWx, dWh
        INDArray dx = SequenceArrays.create(rows, d);
        FloatBuffer gob = Memory.floats(go), dub = Memory.floats(dU), dvb = Memory.floats(dV);
        Lanes.run(n, lanes, (lane, r0, r1) -> {
            int nl = r1 - r0;
            INDArray dhStep = dhSteps[lane];
            FloatBuffer dhb = Memory.floats(dhStep);
            float[] g = new float[h], du = new float[h3], dv = new float[h3], back = new float[nl * h];
            double[] dbx = dbxs[lane], dbh = dbhs[lane];
            for (int s = t - 1; s >= 0; s--) {
                for (int r = r0; r < r1; r++) {
                    int row = r * t + s, g0 = row * h3, s0 = r * h;
                    float m = mask == null ? 1 : mask[row];
                    if (allSteps) gob.get(row * h, g, 0, h);
                    for (int j = 0; j < h; j++) {
                        float dhState = dh[s0 + j], dhNew = m * (dhState + (allSteps ? g[j] : 0));
                        float rr = gates[g0 + j], z = gates[g0 + h + j], nn = gates[g0 + 2 * h + j];
                        float an = dhNew * (1 - z) * (1 - nn * nn);                           // dn ⊙ tanh'
                        float ar = an * vn[row * h + j] * rr * (1 - rr), az = dhNew * (hp[row * h + j] - nn) * z * (1 - z);
                        du[j] = ar; du[h + j] = az; du[2 * h + j] = an;
                        dv[j] = ar; dv[h + j] = az; dv[2 * h + j] = an * rr;
                        dbx[j] += ar; dbx[h + j] += az; dbx[2 * h + j] += an;
                        dbh[j] += ar; dbh[h + j] += az; dbh[2 * h + j] += an * rr;
                        dh[s0 + j] = dhNew * z + (1 - m) * dhState;                           // + dv Whᵀ below
                    }
                    dub.put(g0, du, 0, h3);
                    dvb.put(g0, dv, 0, h3);
                }
                Blas.gemmAt(wh, 0, h3, false, dV, (long) (r0 * t + s) * h3, t * h3, true, dhStep, 0, nl, h, nl, h3, 1, 0);   // (dv Whᵀ)ᵀ
                dhb.get(0, back, 0, nl * h);
                for (int r = r0; r < r1; r++) for (int j = 0; j < h; j++) dh[r * h + j] += back[j * nl + r - r0];
            }
            long at = (long) r0 * t;                                                         // this lane's rows, every step:
            double into = lane == 0 ? 1 : 0;
            Blas.gemmAt(x, at * d, true, dU, at * h3, false, dWxs[lane], 0, d, h3, nl * t, 1, into);          // dWx += xᵀ du
            Blas.gemmAt(hPrev, at * h, true, dV, at * h3, false, dWhs[lane], 0, h, h3, nl * t, 1, into);      // dWh += h_(t−1)ᵀ dv
            Blas.gemmAt(dU, at * h3, false, wx, 0, true, dx, at * d, nl * t, d, h3, 1, 0);                    // dx = du Wxᵀ
        });
        double[] dbx = new double[h3], dbh = new double[h3];
        for (int k = 0; k < lanes; k++)
            for (int j = 0; j < h3; j++) { dbx[j] += dbxs[k][j]; dbh[j] += dbhs[k][j]; }
        SequenceArrays.sumInto(dWx, dWxs);
        SequenceArrays.sumInto(dWh, dWhs);
        SequenceArrays.addTo(dBx, dbx);
        SequenceArrays.addTo(dBh, dbh);
        return dx.reshape('c', n, t, d);
    }
}
