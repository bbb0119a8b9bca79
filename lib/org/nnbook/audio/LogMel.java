package org.nnbook.audio;

/**
 * The log-mel spectrogram, the usual input of a speech model: frames of the signal
 * ({@link Frames}), each multiplied by a Hann window ({@link Window}), its power spectrum
 * ({@link FFT#power}), the energies of mel bands ({@link MelFilterBank}), and their logarithm in decibels,
 * 10·log₁₀(energy + 1e-10). The result is (nMels, frames): frequency up the rows, time along the columns.
 */
public final class LogMel {
    private final int sampleRate, frameLength, hop, nFft;
    private final double[] window;
    private final MelFilterBank mel;

    /**
     * @param frameLength samples per frame (e.g. 256 = 32 ms at 8 kHz)
     * @param hop         samples between the starts of two frames (e.g. 128 = 16 ms: frames overlap by half)
     * @param nFft        FFT size, a power of two at least frameLength
     */
    public LogMel(int sampleRate, int frameLength, int hop, int nFft, int nMels, double fMin, double fMax) {
        if (nFft < frameLength) throw new IllegalArgumentException("nFft " + nFft + " is shorter than a frame (" + frameLength + " samples)");
        this.sampleRate = sampleRate;
        this.frameLength = frameLength;
        this.hop = hop;
        this.nFft = nFft;
        this.window = Window.hann(frameLength);
        this.mel = new MelFilterBank(nMels, nFft, sampleRate, fMin, fMax);
    }

    /** The settings of notebook 10 for 8 kHz telephone speech: 32 ms frames every 16 ms, 256-point FFT, 32 mel bands from 60 Hz to 3,800 Hz. */
    public static LogMel telephone() { return new LogMel(8000, 256, 128, 256, 32, 60, 3800); }

    /** The log-mel spectrogram in dB, (nMels, frames). */
    public double[][] compute(float[] signal) {
        if (signal.length < frameLength)
            throw new IllegalArgumentException("a signal of " + signal.length + " samples is shorter than one frame (" + frameLength + "): pad it first");
        double[][] frames = Window.apply(Frames.split(signal, frameLength, hop), window);
        double[][] out = new double[mel.size()][frames.length];
        for (int t = 0; t < frames.length; t++) {
            double[] bands = mel.apply(FFT.power(frames[t], nFft));
            for (int m = 0; m < bands.length; m++) out[m][t] = 10 * Math.log10(bands[m] + 1e-10);
        }
        return out;
    }

    /** How many frames a signal of n samples gives. */
    public int frames(int n) { return Frames.count(n, frameLength, hop); }

    public int sampleRate() { return sampleRate; }
    public int hop() { return hop; }
    public int nMels() { return mel.size(); }
    public MelFilterBank filterBank() { return mel; }

    @Override
    public String toString() {
        return "LogMel(rate " + sampleRate + ", frame " + frameLength + ", hop " + hop + ", nFft " + nFft + ", " + mel.size() + " mel bands)";
    }
}
