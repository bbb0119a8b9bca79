package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Adam's update of one parameter as one pass over its elements in Java: blocks of θ, g, m and v
 * are copied to the heap ({@link Doubles}), updated in a loop the JIT vectorises, and copied back.
 * About ten times faster here than ND4J's fused {@code adam_updater} op (1.0.0-M2.1), which in
 * turn beats the ten separate ops of the textbook formula. The bias corrections are folded into the
 * step size, as in the paper's section 2:
 * <pre>
 *   θ ← θ − α_t · m / (√v + ε̂),  α_t = η √(1 − β₂ᵗ) / (1 − β₁ᵗ),  ε̂ = ε √(1 − β₂ᵗ)
 * </pre>
 * which is the textbook θ ← θ − η m̂ / (√v̂ + ε) exactly, up to rounding.
 */
public final class AdamKernel {
    /** Elements copied to the heap at a time: 4 blocks of this many doubles fit in a core's L2 cache. */
    private static final int BLOCK = 4096;
    private final double[] w = new double[BLOCK], g = new double[BLOCK], m = new double[BLOCK], v = new double[BLOCK];

    /** True when the kernels are on and the four arrays are dense, of one type, shape and ordering. */
    public static boolean applies(INDArray value, INDArray grad, INDArray m, INDArray v) {
        if (!Kernels.on() || !Doubles.fit(value, grad, m, v)) return false;
        for (INDArray a : new INDArray[]{grad, m, v})
            if (a.ordering() != value.ordering() || !Arrays.equals(a.shape(), value.shape())) return false;
        return true;
    }

    /** One Adam step, t ≥ 1, updating value, m and v in place. */
    public void update(INDArray value, INDArray grad, INDArray mArr, INDArray vArr, double lr, double beta1, double beta2, double eps, long t) {
        double stepSize = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        double epsHat = eps * Math.sqrt(1 - Math.pow(beta2, t));
        long n = value.length();
        for (long from = 0; from < n; from += BLOCK) {
            int len = (int) Math.min(BLOCK, n - from);
            Doubles.read(value, from, w, 0, len);
            Doubles.read(grad, from, g, 0, len);
            Doubles.read(mArr, from, m, 0, len);
            Doubles.read(vArr, from, v, 0, len);
            for (int i = 0; i < len; i++) {
                double gi = g[i];
                double mi = beta1 * m[i] + (1 - beta1) * gi;
                double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                w[i] -= stepSize * mi / (Math.sqrt(vi) + epsHat);
            }
            Doubles.write(w, 0, value, from, len);
            Doubles.write(m, 0, mArr, from, len);
            Doubles.write(v, 0, vArr, from, len);
        }
    }
}
