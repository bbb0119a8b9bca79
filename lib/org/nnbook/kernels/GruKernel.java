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
        BlasThreads.large(() -> Blas.gemmAt(x, 0, false, wx, 0, false, u, 0, rows, h3, d, 1, 0));                 // x Wx for every step
        hPrev = SequenceArrays.create(rows, h);
        last = SequenceArrays.create(n, h);
        INDArray vStep = SequenceArrays.create(h3, n);
        mask = SequenceArrays.mask(maskNT);
        int keptRows = keep ? rows : n;                                  // rows of gates held: every step's, or one step's
        gates = SequenceArrays.atLeast(keep ? gates : null, keptRows * h3);
        vn = SequenceArrays.atLeast(keep ? vn : null, keptRows * h);
        hp = SequenceArrays.atLeast(keep ? hp : null, keptRows * h);
        kept = keep;
        float[] state = SequenceArrays.values(h0), bxs = SequenceArrays.values(bx), bhs = SequenceArrays.values(bh);
        float[] out = allSteps ? new float[rows * h] : null, uRow = new float[h3], v = new float[n * h3];
        FloatBuffer ub = Memory.floats(u), hpb = Memory.floats(hPrev), vb = Memory.floats(vStep);
        for (int s = 0; s < t; s++) {
            for (int r = 0; r < n; r++) {                                                // h_(t−1), where the products read it
                hpb.put((r * t + s) * h, state, r * h, h);
                System.arraycopy(state, r * h, hp, (keep ? r * t + s : r) * h, h);
            }
            Blas.gemmAt(wh, 0, h3, true, hPrev, (long) s * h, t * h, true, vStep, 0, n, h3, n, h, 1, 0);   // (h_(t−1) Wh)ᵀ, see below
            vb.get(0, v, 0, n * h3);
            for (int r = 0; r < n; r++) {
                int row = r * t + s, k = keep ? row : r, g0 = k * h3, s0 = r * h;
                float m = mask == null ? 1 : mask[row];
                ub.get(row * h3, uRow, 0, h3);
                for (int j = 0; j < h; j++) {
                    float vr = v[j * n + r] + bhs[j], vz = v[(h + j) * n + r] + bhs[h + j], vnj = v[(2 * h + j) * n + r] + bhs[2 * h + j];
                    float rr = Gates.sigmoid(uRow[j] + bxs[j] + vr), z = Gates.sigmoid(uRow[h + j] + bxs[h + j] + vz);
                    float nn = Gates.tanh(uRow[2 * h + j] + bxs[2 * h + j] + rr * vnj);
                    gates[g0 + j] = rr; gates[g0 + h + j] = z; gates[g0 + 2 * h + j] = nn;
                    vn[k * h + j] = vnj;
                    float old = state[s0 + j], hNew = nn + z * (old - nn);                // (1 − z) ⊙ n + z ⊙ h_(t−1)
                    state[s0 + j] = m * hNew + (1 - m) * old;
                    if (out != null) out[row * h + j] = m * hNew;
                }
            }
        }
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
        INDArray dU = SequenceArrays.create(rows, h3), dV = SequenceArrays.create(rows, h3), dhStep = SequenceArrays.create(h, n);
        float[] dh = allSteps ? new float[n * h] : SequenceArrays.values(go), g = new float[h], du = new float[h3], dv = new float[h3], back = new float[n * h];
        double[] dbx = new double[h3], dbh = new double[h3];
        FloatBuffer gob = Memory.floats(go), dub = Memory.floats(dU), dvb = Memory.floats(dV), dhb = Memory.floats(dhStep);
        for (int s = t - 1; s >= 0; s--) {
            for (int r = 0; r < n; r++) {
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
            Blas.gemmAt(wh, 0, h3, false, dV, (long) s * h3, t * h3, true, dhStep, 0, n, h, n, h3, 1, 0);   // (dv Whᵀ)ᵀ
            dhb.get(0, back, 0, n * h);
            for (int r = 0; r < n; r++) for (int j = 0; j < h; j++) dh[r * h + j] += back[j * n + r];
        }
        BlasThreads.large(() -> Blas.gemmAt(x, 0, true, dU, 0, false, dWx, 0, d, h3, rows, 1, 1));                 // dWx += xᵀ du, all steps
        BlasThreads.large(() -> Blas.gemmAt(hPrev, 0, true, dV, 0, false, dWh, 0, h, h3, rows, 1, 1));             // dWh += h_(t−1)ᵀ dv
        SequenceArrays.addTo(dBx, dbx);
        SequenceArrays.addTo(dBh, dbh);
        INDArray dx = SequenceArrays.create(rows, d);
        BlasThreads.large(() -> Blas.gemmAt(dU, 0, false, wx, 0, true, dx, 0, rows, d, h3, 1, 0));                // dx = du Wxᵀ
        return dx.reshape('c', n, t, d);
    }
}
