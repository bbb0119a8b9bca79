package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * {@code org.nnbook.layers.GRU}'s forward and backward passes over a whole float32 sequence, as
 * {@link LstmKernel} does for the LSTM: the input's share of every step's gates as one product over all
 * steps (time-major), per step one BLAS call for h_(t−1) Wh and one raw-memory loop for the gates,
 * the new state and the padding mask; backward one loop and one BLAS call per step, then dWx, dWh,
 * the biases and dx as one operation each. Tested against the plain version (GruKernelTest).
 */
public final class GruKernel {
    private int n, t, d, h;
    private INDArray xT;        // (T·N, D) the input, time-major
    private INDArray u;         // (T·N, 3H) x Wx + bx; after the step: r, z, n
    private INDArray v;         // (T·N, 3H) h_(t−1) Wh + bh (its n block is used backward)
    private INDArray hs;        // (T+1, N, H) the states after each step (blended with the mask); [0] the start
    private float[] mask;       // (T·N) time-major, or null
    static long forwardRuns;    // for the tests: how many sequences went this way

    /** Whether the fast version applies: float32 arrays laid out plainly, BLAS available, kernels on. */
    public static boolean applies(INDArray x, INDArray... params) { return LstmKernel.applies(x, params); }

    /** Runs x (N, T, D) from h0 (N, H); mask (N, T) or null. Every step's output (N, T, H), or the last state (N, H). */
    public INDArray forward(INDArray x, INDArray maskNT, INDArray h0, INDArray wx, INDArray wh, INDArray bx, INDArray bh, boolean allSteps) {
        forwardRuns++;
        n = (int) x.size(0); t = (int) x.size(1); d = (int) x.size(2); h = (int) wh.size(0);
        int h3 = 3 * h, nh = n * h;
        xT = x.permute(1, 0, 2).dup('c').reshape('c', (long) t * n, d);
        u = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, h3}, 'c');
        Blas.gemmAt(xT, 0, false, wx, 0, false, u, 0, t * n, h3, d, 1, 0);               // x Wx for every step
        u.addiRowVector(bx);
        v = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, h3}, 'c');
        mask = maskNT == null ? null : maskNT.castTo(DataType.FLOAT).transpose().dup('c').data().asFloat();
        hs = Nd4j.createUninitialized(DataType.FLOAT, new long[]{t + 1L, n, h}, 'c');
        hs.slice(0).assign(h0);
        INDArray out = allSteps ? Nd4j.createUninitialized(DataType.FLOAT, new long[]{t, n, h}, 'c') : null;
        FloatBuffer ub = Memory.floats(u), vb = Memory.floats(v), hb = Memory.floats(hs), bhb = Memory.floats(bh);
        FloatBuffer ob = out == null ? null : Memory.floats(out);
        for (int s = 0; s < t; s++) {
            Blas.gemmAt(hs, (long) s * nh, false, wh, 0, false, v, (long) s * n * h3, n, h3, h, 1, 0);   // h_(t−1) Wh
            for (int r = 0; r < n; r++) {
                float m = mask == null ? 1 : mask[s * n + r];
                int g0 = (s * n + r) * h3, prev = s * nh + r * h, next = prev + nh;
                for (int j = 0; j < h; j++) {
                    float vr = vb.get(g0 + j) + bhb.get(j), vz = vb.get(g0 + h + j) + bhb.get(h + j), vn = vb.get(g0 + 2 * h + j) + bhb.get(2 * h + j);
                    vb.put(g0 + 2 * h + j, vn);
                    float rr = sigmoid(ub.get(g0 + j) + vr), z = sigmoid(ub.get(g0 + h + j) + vz);
                    float nn = (float) Math.tanh(ub.get(g0 + 2 * h + j) + rr * vn);
                    ub.put(g0 + j, rr); ub.put(g0 + h + j, z); ub.put(g0 + 2 * h + j, nn);
                    float hPrev = hb.get(prev + j), hNew = nn + z * (hPrev - nn);
                    hb.put(next + j, m * hNew + (1 - m) * hPrev);
                    if (ob != null) ob.put(prev + j, m * hNew);
                }
            }
        }
        return allSteps ? out.permute(1, 0, 2).dup('c') : hs.slice(t).dup();
    }

    /** h_T: the state after the last step, for a carried state. */
    public INDArray lastState() { return hs.slice(t); }

    /** Given dL/d(output) of the last forward, adds the parameters' gradients and returns dL/dx (N, T, D). */
    public INDArray backward(INDArray gradOut, boolean allSteps, INDArray wx, INDArray wh, INDArray dWx, INDArray dWh, INDArray dBx, INDArray dBh) {
        int h3 = 3 * h, nh = n * h;
        INDArray gT = allSteps ? gradOut.castTo(DataType.FLOAT).permute(1, 0, 2).dup('c') : null;
        INDArray dU = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, h3}, 'c');
        INDArray dV = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, h3}, 'c');
        INDArray dh = allSteps ? Nd4j.zeros(DataType.FLOAT, n, h) : gradOut.castTo(DataType.FLOAT).dup('c');
        FloatBuffer ub = Memory.floats(u), vb = Memory.floats(v), hb = Memory.floats(hs), dub = Memory.floats(dU), dvb = Memory.floats(dV);
        FloatBuffer dhb = Memory.floats(dh), gob = gT == null ? null : Memory.floats(gT);
        for (int s = t - 1; s >= 0; s--) {
            for (int r = 0; r < n; r++) {
                float m = mask == null ? 1 : mask[s * n + r];
                int g0 = (s * n + r) * h3, prev = s * nh + r * h, row = r * h;
                for (int j = 0; j < h; j++) {
                    float dhState = dhb.get(row + j), dhNew = m * (dhState + (gob == null ? 0 : gob.get(prev + j)));
                    float rr = ub.get(g0 + j), z = ub.get(g0 + h + j), nn = ub.get(g0 + 2 * h + j), vn = vb.get(g0 + 2 * h + j);
                    float an = dhNew * (1 - z) * (1 - nn * nn);
                    float ar = an * vn * rr * (1 - rr), az = dhNew * (hb.get(prev + j) - nn) * z * (1 - z);
                    dub.put(g0 + j, ar); dub.put(g0 + h + j, az); dub.put(g0 + 2 * h + j, an);
                    dvb.put(g0 + j, ar); dvb.put(g0 + h + j, az); dvb.put(g0 + 2 * h + j, an * rr);
                    dhb.put(row + j, dhNew * z + (1 - m) * dhState);              // + dv Whᵀ below
                }
            }
            Blas.gemmAt(dV, (long) s * n * h3, false, wh, 0, true, dh, 0, n, h, h3, 1, 1);
        }
        Blas.gemmAt(xT, 0, true, dU, 0, false, dWx, 0, d, h3, t * n, 1, 1);                 // dWx += xᵀ du
        Blas.gemmAt(hs, 0, true, dV, 0, false, dWh, 0, h, h3, t * n, 1, 1);                 // dWh += h_(t−1)ᵀ dv
        dBx.addi(dU.sum(true, 0));
        dBh.addi(dV.sum(true, 0));
        INDArray dxT = Nd4j.createUninitialized(DataType.FLOAT, new long[]{(long) t * n, d}, 'c');
        Blas.gemmAt(dU, 0, false, wx, 0, true, dxT, 0, t * n, d, h3, 1, 0);                // dx = du Wxᵀ
        return dxT.reshape('c', t, n, d).permute(1, 0, 2).dup('c');
    }

    private static float sigmoid(float x) { return (float) (1 / (1 + Math.exp(-x))); }
}
