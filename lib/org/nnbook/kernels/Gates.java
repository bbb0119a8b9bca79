package org.nnbook.kernels;

/**
 * σ and tanh for the recurrent kernels' loops.
 * <p>
 * One value at a time ({@link #sigmoid}, {@link #tanh}) through {@link Math#exp}, which the JIT compiles
 * to a few instructions: {@link Math#tanh} is a native call, ~8x slower here (~40 ns against ~5). Computed
 * in double and rounded to float: tanh(x) = 1 − 2 / (e^(2x) + 1) loses nothing in double near 0, and
 * e^(2x) overflowing to infinity (or to 0) gives exactly ±1.
 * <p>
 * A row at a time ({@link #sigmoids}): e^x written out in float arithmetic in plain loops over arrays,
 * which the JIT turns into vector instructions (8 floats at once with AVX2): ~1.3 ns a value here
 * against ~5 for Math.exp, which it cannot vectorise. e^x = 2^k · e^r with k = round(x / ln 2) and
 * r = x − k ln 2 (ln 2 split in two parts so that r is exact), |r| ≤ ln 2 / 2; e^r by its Taylor series
 * to r⁷ (the rest is below 6e-9 of it), 2^k made from its exponent bits. Within 1 ulp of e^x; σ then
 * differs from the one-at-a-time version by at most ~1e-7. The loops must start at index 0 of arrays
 * that are not each other: the JIT vectorises only what it can prove does not overlap. LSTM and GRU
 * get tanh(x) = 2σ(2x) − 1 from it, which is exact in arithmetic and off by ~1e-7 in float (relative
 * error larger only where tanh itself is below ~1e-3).
 */
final class Gates {
    private Gates() {}

    static float sigmoid(float x) { return (float) (1 / (1 + Math.exp(-x))); }

    static float tanh(float x) { return (float) (1 - 2 / (Math.exp(2.0 * x) + 1)); }

    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;          // 1.5 · 2²³: adding it rounds a float to a whole number, kept in the low bits

    /**
     * out[j] = σ(x[j]) for j &lt; n; {@code bits} is scratch of at least n floats. x, out and bits are
     * three different arrays. σ is 0 to within 2e-38 below x = −87 and 1 above x = 88.
     */
    static void sigmoids(float[] x, float[] out, int n, float[] bits) {
        for (int j = 0; j < n; j++) {                       // e^(−x) = 2^k e^r: e^r into out, k into bits
            float v = Math.max(-88f, Math.min(87f, -x[j]));
            float k = v * LOG2E + ROUND;
            bits[j] = k;
            k -= ROUND;
            float r = v - k * LN2_HI - k * LN2_LO;
            float p = 1f / 5040;
            p = p * r + 1f / 720;
            p = p * r + 1f / 120;
            p = p * r + 1f / 24;
            p = p * r + 1f / 6;
            p = p * r + 0.5f;
            out[j] = (p * r + 1) * r + 1;
        }
        for (int j = 0; j < n; j++) {                       // 2^k from its exponent bits; σ = 1 / (1 + e^(−x))
            float e = out[j] * Float.intBitsToFloat((Float.floatToRawIntBits(bits[j]) - 0x4B400000 + 127) << 23);
            out[j] = 1f / (1f + e);
        }
    }
}
