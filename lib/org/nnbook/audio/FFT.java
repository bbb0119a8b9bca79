package org.nnbook.audio;

/**
 * The fast Fourier transform, radix 2 (Cooley and Tukey, 1965): X[k] = Σₙ x[n]·e^(−2πi·kn/N) for N a
 * power of two, in N·log₂N steps instead of the N² of the sum written out ({@link #dft}). Bin k of a
 * signal sampled at rate r is the frequency k·r/N; for a real signal only bins 0 ... N/2 are needed
 * (the others mirror them).
 */
public final class FFT {
    private FFT() {}

    /** Transforms (re, im) in place; their length must be a power of two. */
    public static void transform(double[] re, double[] im) {
        int n = re.length;
        if (im.length != n) throw new IllegalArgumentException("re has " + n + " values but im " + im.length);
        if (n == 0 || (n & (n - 1)) != 0)
            throw new IllegalArgumentException("the radix-2 FFT needs a power-of-two length, got " + n + ": pad with zeros to " + nextPowerOfTwo(n));
        for (int i = 1, j = 0; i < n; i++) {                 // bit-reversed order
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j |= bit;
            if (i < j) { swap(re, i, j); swap(im, i, j); }
        }
        double[] cos = new double[n / 2], sin = new double[n / 2];          // the twiddle factors e^(−2πi·k/n)
        for (int k = 0; k < n / 2; k++) { cos[k] = Math.cos(2 * Math.PI * k / n); sin[k] = -Math.sin(2 * Math.PI * k / n); }
        for (int len = 2; len <= n; len <<= 1) {             // butterflies: two halves of size len/2 combined
            int step = n / len;                              // e^(−2πi·k/len) = twiddle k·step
            for (int start = 0; start < n; start += len)
                for (int k = 0; k < len / 2; k++) {
                    double wr = cos[k * step], wi = sin[k * step];
                    int a = start + k, b = a + len / 2;
                    double tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr; im[b] = im[a] - ti;
                    re[a] += tr; im[a] += ti;
                }
        }
    }

    /** The power spectrum |X[k]|² for k = 0 ... nFft/2 of a real frame, zero-padded (or cut) to nFft. */
    public static double[] power(double[] frame, int nFft) {
        double[] re = new double[nFft], im = new double[nFft];
        System.arraycopy(frame, 0, re, 0, Math.min(frame.length, nFft));
        transform(re, im);
        double[] p = new double[nFft / 2 + 1];
        for (int k = 0; k < p.length; k++) p[k] = re[k] * re[k] + im[k] * im[k];
        return p;
    }

    /** The discrete Fourier transform by its definition, N² operations: the reference the tests hold the FFT to. */
    public static double[][] dft(double[] re, double[] im) {
        int n = re.length;
        double[] outRe = new double[n], outIm = new double[n];
        for (int k = 0; k < n; k++)
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * ((long) k * t % n) / n;
                outRe[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                outIm[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
        return new double[][] {outRe, outIm};
    }

    /** The frequency in Hz of bin k of an nFft-point transform at {@code sampleRate}. */
    public static double binFrequency(int k, int nFft, double sampleRate) { return k * sampleRate / nFft; }

    /** The smallest power of two that is at least n (and at least 1). */
    public static int nextPowerOfTwo(int n) { return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1; }

    private static void swap(double[] a, int i, int j) { double t = a[i]; a[i] = a[j]; a[j] = t; }
}
