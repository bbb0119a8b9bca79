package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * {@code org.nnbook.layers.LSTM}'s forward and backward passes over a whole float32 sequence, the same
 * arithmetic as the layer's step-by-step version in a few large operations:
 * <ul>
 *   <li>the input's share of every step's gates, x_t Wx + b, as one matrix product over all T·N rows
 *       (time-major, so that step t's rows are contiguous);</li>
 *   <li>per step, one BLAS call adds h_(t−1) Wh into step t's rows, and one loop over raw memory
 *       applies the gate functions, updates c and h and applies the padding mask;</li>
 *   <li>backward, per step, one loop for the gates' gradients and one BLAS call for dh_(t−1); then
 *       dWx, dWh and db as one product (or column sum) each over all steps, and dx as one product.</li>
 * </ul>
 * Tested against the plain version (LstmKernelTest). Float32 only: double precision (gradient checks)
 * runs the plain version.
 */
public final class LstmKernel {
    private int n, t, d, h;
    private INDArray xT;        // (T·N, D) the input, time-major
    private INDArray gates;     // (T·N, 4H) i, f, g, o after their functions
    private INDArray hs, cs;    // (T+1, N, H) the states after each step (blended with the mask); [0] the start
    private INDArray tanhC;     // (T·N, H) tanh of each step's new cell, before blending
    private float[] mask;       // (T·N) time-major, or null
    static long forwardRuns;    // for the tests: how many sequences went this way

    /** Whether the fast version applies: float32 arrays, BLAS available, kernels on. */
    public static boolean applies(INDArray x, INDArray... params) {
        if (!Kernels.on() || !Blas.ON || x.dataType() != DataType.FLOAT) return false;
        for (INDArray p : params) if (p.dataType() != DataType.FLOAT || !Memory.denseC(p)) return false;
        return true;
    }

    /**
     * Runs the sequence x (N, T, D) from the state (h0, c0), each (N, H); mask (N, T) or null.
     * Returns every step's output (N, T, H) (0 at padding) when {@code allSteps}, else the last state
     * (N, H); {@link #lastState} gives (h_T, c_T).
     */
    public INDArray forward(INDArray x, INDArray maskNT, INDArray h0, INDArray c0, INDArray wx, INDArray wh, INDArray b, boolean allSteps) {
        forwardRuns++;
        n = (int) x.size(0); t = (int) x.size(1); d = (int) x.size(2); h = (int) wh.size(0);
        int h4 = 4 * h, nh = n * h;
        xT = x.permute(1, 0, 2).dup('c').reshape('c', (long) t * n, d);
        gates = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, h4}, 'c');
        Blas.gemmAt(xT, 0, false, wx, 0, false, gates, 0, t * n, h4, d, 1, 0);          // x Wx for every step
        gates.addiRowVector(b);
        mask = maskNT == null ? null : maskNT.castTo(DataType.FLOAT).transpose().dup('c').data().asFloat();
        hs = Nd4j.createUninitialized(DataType.FLOAT, new long[]{t + 1L, n, h}, 'c');
        cs = Nd4j.createUninitialized(DataType.FLOAT, new long[]{t + 1L, n, h}, 'c');
        tanhC = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, h}, 'c');
        INDArray out = allSteps ? Nd4j.createUninitialized(DataType.FLOAT, new long[]{t, n, h}, 'c') : null;
        hs.slice(0).assign(h0);
        cs.slice(0).assign(c0);
        FloatBuffer gb = Memory.floats(gates), hb = Memory.floats(hs), cb = Memory.floats(cs), tb = Memory.floats(tanhC);
        FloatBuffer ob = out == null ? null : Memory.floats(out);
        for (int s = 0; s < t; s++) {
            Blas.gemmAt(hs, (long) s * nh, false, wh, 0, false, gates, (long) s * n * h4, n, h4, h, 1, 1);   // + h_(t−1) Wh
            for (int r = 0; r < n; r++) {
                float m = mask == null ? 1 : mask[s * n + r];
                int g0 = (s * n + r) * h4, prev = s * nh + r * h, next = prev + nh, tc0 = (s * n + r) * h;
                for (int j = 0; j < h; j++) {
                    float i = sigmoid(gb.get(g0 + j)), f = sigmoid(gb.get(g0 + h + j));
                    float g = (float) Math.tanh(gb.get(g0 + 2 * h + j)), o = sigmoid(gb.get(g0 + 3 * h + j));
                    gb.put(g0 + j, i); gb.put(g0 + h + j, f); gb.put(g0 + 2 * h + j, g); gb.put(g0 + 3 * h + j, o);
                    float cPrev = cb.get(prev + j), c = f * cPrev + i * g, tc = (float) Math.tanh(c), hNew = o * tc;
                    tb.put(tc0 + j, tc);
                    cb.put(next + j, m * c + (1 - m) * cPrev);
                    hb.put(next + j, m * hNew + (1 - m) * hb.get(prev + j));
                    if (ob != null) ob.put(prev + j, m * hNew);
                }
            }
        }
        return allSteps ? out.permute(1, 0, 2).dup('c') : hs.slice(t).dup();
    }

    /** (h_T, c_T): the state after the last step, for a carried state. */
    public INDArray[] lastState() { return new INDArray[]{hs.slice(t), cs.slice(t)}; }

    /**
     * Given dL/d(output) of the last forward ((N, T, H) or (N, H)), adds dWx, dWh and db into their
     * gradients and returns dL/dx (N, T, D).
     */
    public INDArray backward(INDArray gradOut, boolean allSteps, INDArray wx, INDArray wh, INDArray dWx, INDArray dWh, INDArray dB) {
        int h4 = 4 * h, nh = n * h;
        INDArray gT = allSteps ? gradOut.castTo(DataType.FLOAT).permute(1, 0, 2).dup('c') : null;
        INDArray dGates = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, h4}, 'c');
        INDArray dh = allSteps ? Nd4j.zeros(DataType.FLOAT, n, h) : gradOut.castTo(DataType.FLOAT).dup('c');
        INDArray dc = Nd4j.zeros(DataType.FLOAT, n, h);
        FloatBuffer gb = Memory.floats(gates), cb = Memory.floats(cs), tb = Memory.floats(tanhC), db = Memory.floats(dGates);
        FloatBuffer dhb = Memory.floats(dh), dcb = Memory.floats(dc), gob = gT == null ? null : Memory.floats(gT);
        for (int s = t - 1; s >= 0; s--) {
            for (int r = 0; r < n; r++) {
                float m = mask == null ? 1 : mask[s * n + r];
                int g0 = (s * n + r) * h4, prev = s * nh + r * h, tc0 = (s * n + r) * h, row = r * h;
                for (int j = 0; j < h; j++) {
                    float dhState = dhb.get(row + j), dcState = dcb.get(row + j);
                    float dhNew = m * (dhState + (gob == null ? 0 : gob.get(prev + j))), dcNew = m * dcState;
                    float i = gb.get(g0 + j), f = gb.get(g0 + h + j), g = gb.get(g0 + 2 * h + j), o = gb.get(g0 + 3 * h + j);
                    float tc = tb.get(tc0 + j), cPrev = cb.get(prev + j);
                    float dcAll = dcNew + dhNew * o * (1 - tc * tc);
                    db.put(g0 + j, dcAll * g * i * (1 - i));
                    db.put(g0 + h + j, dcAll * cPrev * f * (1 - f));
                    db.put(g0 + 2 * h + j, dcAll * i * (1 - g * g));
                    db.put(g0 + 3 * h + j, dhNew * tc * o * (1 - o));
                    dcb.put(row + j, dcAll * f + (1 - m) * dcState);
                    dhb.put(row + j, (1 - m) * dhState);                     // + da Whᵀ below
                }
            }
            Blas.gemmAt(dGates, (long) s * n * h4, false, wh, 0, true, dh, 0, n, h, h4, 1, 1);   // dh_(t−1) += da Whᵀ
        }
        Blas.gemmAt(xT, 0, true, dGates, 0, false, dWx, 0, d, h4, t * n, 1, 1);             // dWx += xᵀ da, all steps
        Blas.gemmAt(hs, 0, true, dGates, 0, false, dWh, 0, h, h4, t * n, 1, 1);             // dWh += h_(t−1)ᵀ da
        dB.addi(dGates.sum(true, 0));
        INDArray dxT = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, d}, 'c');
        Blas.gemmAt(dGates, 0, false, wx, 0, true, dxT, 0, t * n, d, h4, 1, 0);            // dx = da Wxᵀ
        return dxT.reshape('c', t, n, d).permute(1, 0, 2).dup('c');
    }

    private static float sigmoid(float v) { return (float) (1 / (1 + Math.exp(-v))); }
}
