package org.nnbook.audio;

import java.util.Arrays;

/**
 * Preparing a recorded word for a model of fixed input size: cut the silence before and after it,
 * then place it in a window of fixed length, padded with zeros.
 */
public final class Clips {
    private Clips() {}

    /**
     * The part of the signal from the first to the last 10 ms block whose RMS level is within
     * {@code belowPeakDb} decibels of the loudest block's; the whole signal when it is silent.
     */
    public static float[] trim(float[] signal, int sampleRate, double belowPeakDb) {
        int block = Math.max(1, sampleRate / 100), blocks = (signal.length + block - 1) / block;
        double[] rms = new double[blocks];
        double peak = 0;
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            int from = b * block, to = Math.min(signal.length, from + block);
            for (int i = from; i < to; i++) s += signal[i] * signal[i];
            rms[b] = Math.sqrt(s / (to - from));
            peak = Math.max(peak, rms[b]);
        }
        if (peak == 0) return signal.clone();
        double floor = peak * Math.pow(10, -belowPeakDb / 20);
        int first = 0, last = blocks - 1;
        while (rms[first] < floor) first++;
        while (rms[last] < floor) last--;
        return Arrays.copyOfRange(signal, first * block, Math.min(signal.length, (last + 1) * block));
    }

    /**
     * The signal placed in {@code length} samples starting at {@code offset} (negative: its start is cut),
     * zeros elsewhere; what does not fit is cut off.
     */
    public static float[] place(float[] signal, int length, int offset) {
        float[] out = new float[length];
        for (int i = Math.max(0, -offset); i < signal.length && i + offset < length; i++) out[i + offset] = signal[i];
        return out;
    }

    /** The signal centred in {@code length} samples (its middle kept when it is longer). */
    public static float[] centre(float[] signal, int length) { return place(signal, length, (length - signal.length) / 2); }
}
