package org.nnbook.audio;

import java.util.Random;

/**
 * Random changes of a recorded word that keep the word: faster or slower speech, background noise,
 * the narrow band of a telephone line. Used to make synthetic training speech more like real
 * recordings (Ko et al., "Audio augmentation for speech recognition", Interspeech 2015, for speed).
 */
public final class WaveAugment {
    private WaveAugment() {}

    /**
     * The signal played {@code factor} times faster (0.9: slower and lower, 1.1: faster and higher), by linear
     * interpolation between samples: length / factor samples.
     */
    public static float[] speed(float[] signal, double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("speed factor must be positive, got " + factor);
        int n = (int) Math.floor((signal.length - 1) / factor) + 1;
        float[] out = new float[Math.max(1, n)];
        for (int i = 0; i < out.length; i++) {
            double pos = i * factor;
            int j = (int) pos;
            double frac = pos - j;
            out[i] = (float) (j + 1 < signal.length ? signal[j] * (1 - frac) + signal[j + 1] * frac : signal[Math.min(j, signal.length - 1)]);
        }
        return out;
    }

    /** The signal plus white Gaussian noise {@code snrDb} decibels below the signal's mean power. */
    public static float[] noise(float[] signal, double snrDb, Random rnd) {
        double power = 0;
        for (float v : signal) power += v * v;
        power /= Math.max(1, signal.length);
        double sd = Math.sqrt(power * Math.pow(10, -snrDb / 10));
        float[] out = new float[signal.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (signal[i] + sd * rnd.nextGaussian());
        return out;
    }

    /**
     * The signal with every frequency outside [low, high] Hz removed (an ideal band-pass through the FFT of the
     * whole signal): {@code bandPass(s, 8000, 300, 3400)} is the band of an analogue telephone line.
     */
    public static float[] bandPass(float[] signal, int sampleRate, double low, double high) {
        int n = FFT.nextPowerOfTwo(signal.length);
        double[] re = new double[n], im = new double[n];
        for (int i = 0; i < signal.length; i++) re[i] = signal[i];
        FFT.transform(re, im);
        for (int k = 0; k < n; k++) {
            double f = FFT.binFrequency(Math.min(k, n - k), n, sampleRate);      // bins above n/2 are the negative frequencies
            if (f < low || f > high) { re[k] = 0; im[k] = 0; }
        }
        for (int k = 0; k < n; k++) im[k] = -im[k];                           // inverse FFT = conj(FFT(conj(X))) / n
        FFT.transform(re, im);
        float[] out = new float[signal.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (re[i] / n);
        return out;
    }
}
