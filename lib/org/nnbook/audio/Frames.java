package org.nnbook.audio;

/**
 * Cuts a signal into overlapping frames: frame i holds samples {@code i·hop ... i·hop + length − 1}.
 * Only whole frames are kept, so a signal of n samples gives {@code 1 + (n − length) / hop} frames
 * (integer division), none when it is shorter than one frame.
 */
public final class Frames {
    private Frames() {}

    /** How many whole frames of {@code length} samples, moved by {@code hop}, fit in {@code n} samples. */
    public static int count(int n, int length, int hop) {
        check(length, hop);
        if (n < 0) throw new IllegalArgumentException("a signal cannot have " + n + " samples");
        return n < length ? 0 : 1 + (n - length) / hop;
    }

    /** The frames, one row each: (frames, length). */
    public static double[][] split(float[] signal, int length, int hop) {
        int frames = count(signal.length, length, hop);
        double[][] out = new double[frames][length];
        for (int i = 0; i < frames; i++)
            for (int j = 0; j < length; j++) out[i][j] = signal[i * hop + j];
        return out;
    }

    private static void check(int length, int hop) {
        if (length < 1 || hop < 1)
            throw new IllegalArgumentException("frame length and hop must be at least 1 sample, got length " + length + ", hop " + hop);
    }
}
