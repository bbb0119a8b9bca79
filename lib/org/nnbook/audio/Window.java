package org.nnbook.audio;

/**
 * Window functions that taper a frame to zero at its ends, so that cutting the signal does not add
 * false high frequencies to its spectrum. Both are the periodic forms (the window of length n + 1
 * without its last point), as {@code torch.hann_window(n)} and {@code scipy.signal.get_window} give them;
 * numpy's {@code np.hanning(n)} is the symmetric form, {@code cos(2πi/(n−1))}.
 */
public final class Window {
    private Window() {}

    /** Hann: w[i] = 0.5 − 0.5·cos(2πi/n). */
    public static double[] hann(int n) { return cosine(n, 0.5, 0.5); }

    /** Hamming: w[i] = 0.54 − 0.46·cos(2πi/n); does not reach zero at the ends. */
    public static double[] hamming(int n) { return cosine(n, 0.54, 0.46); }

    /** Multiplies every frame by the window, in place; returns the frames. */
    public static double[][] apply(double[][] frames, double[] window) {
        for (double[] f : frames) {
            if (f.length != window.length)
                throw new IllegalArgumentException("a frame of " + f.length + " samples and a window of " + window.length + ": make them equal");
            for (int i = 0; i < f.length; i++) f[i] *= window[i];
        }
        return frames;
    }

    private static double[] cosine(int n, double a, double b) {
        if (n < 1) throw new IllegalArgumentException("a window needs at least 1 point, got " + n);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = a - b * Math.cos(2 * Math.PI * i / n);
        return w;
    }
}
