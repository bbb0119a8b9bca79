package org.nnbook.audio;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;

import java.util.List;
import java.util.Random;

/**
 * From a recorded word to a model's input: silence trimmed ({@link Clips#trim}, 40 dB below the peak),
 * the word placed in a window of fixed length, its {@link LogMel} spectrogram, every value raised to at least
 * {@code rangeDb} below the loudest (the quietest parts, pure silence in synthetic clips but a noise floor in
 * real ones, then look alike), then standardised per clip (mean 0, standard deviation 1), which also removes
 * the recording's loudness.
 */
public final class SpeechFeatures {
    private final LogMel logMel;
    private final int length;
    private final double rangeDb, slowest, fastest;

    /** @param length samples per window (8000: one second at 8 kHz) */
    public SpeechFeatures(LogMel logMel, int length, double rangeDb) { this(logMel, length, rangeDb, 0.85, 1.15); }

    private SpeechFeatures(LogMel logMel, int length, double rangeDb, double slowest, double fastest) {
        if (!(0 < slowest && slowest <= fastest)) throw new IllegalArgumentException("need 0 < slowest <= fastest, got " + slowest + ", " + fastest);
        this.logMel = logMel;
        this.length = length;
        this.rangeDb = rangeDb;
        this.slowest = slowest;
        this.fastest = fastest;
    }

    /** The same features whose {@link #augmented} copies are spoken {@code slowest} to {@code fastest} times as fast (default 0.85-1.15). */
    public SpeechFeatures speeds(double slowest, double fastest) { return new SpeechFeatures(logMel, length, rangeDb, slowest, fastest); }

    /** Notebook 10's features: {@link LogMel#telephone()}, one second, 60 dB of range. */
    public static SpeechFeatures telephone() { return new SpeechFeatures(LogMel.telephone(), 8000, 60); }

    /** The word trimmed and centred in the window. */
    public float[] window(float[] signal) { return Clips.centre(Clips.trim(signal, logMel.sampleRate(), 40), length); }

    /** The standardised log-mel spectrogram (nMels, frames) of a signal already placed in its window. */
    public double[][] of(float[] windowed) {
        double[][] m = logMel.compute(windowed);
        double max = Double.NEGATIVE_INFINITY, mean = 0, var = 0;
        int count = 0;
        for (double[] row : m) for (double v : row) max = Math.max(max, v);
        for (double[] row : m) for (int t = 0; t < row.length; t++) { row[t] = Math.max(row[t], max - rangeDb); mean += row[t]; count++; }
        mean /= count;
        for (double[] row : m) for (double v : row) var += (v - mean) * (v - mean);
        double sd = Math.sqrt(var / count) + 1e-6;
        for (double[] row : m) for (int t = 0; t < row.length; t++) row[t] = (row[t] - mean) / sd;
        return m;
    }

    /** Inputs (N, 1, nMels, frames) and one-hot digits of the clips, each trimmed and centred. */
    public Dataset dataset(List<float[]> signals, int[] digits) {
        return build(signals.stream().map(this::window).toList(), digits);
    }

    /**
     * {@code copies} randomly changed versions of each clip, for training: speed × 0.85-1.15 (see {@link #speeds}), the word at a
     * random place in the window, with probability ½ the telephone band (300-3400 Hz), white noise 10-40 dB
     * below the speech. Seeded: the same seed gives the same copies.
     */
    public Dataset augmented(List<float[]> signals, int[] digits, int copies, long seed) {
        Random rnd = new Random(seed);
        List<float[]> out = new java.util.ArrayList<>();
        int[] labels = new int[signals.size() * copies];
        for (int c = 0; c < copies; c++)
            for (int i = 0; i < signals.size(); i++) {
                float[] s = Clips.trim(signals.get(i), logMel.sampleRate(), 40);
                s = WaveAugment.speed(s, slowest + (fastest - slowest) * rnd.nextDouble());
                if (rnd.nextBoolean()) s = WaveAugment.bandPass(s, logMel.sampleRate(), 300, 3400);
                s = WaveAugment.noise(s, 10 + 30 * rnd.nextDouble(), rnd);
                int slack = length - s.length;
                s = Clips.place(s, length, slack > 0 ? rnd.nextInt(slack + 1) : slack / 2);
                out.add(s);
                labels[c * signals.size() + i] = digits[i];
            }
        return build(out, labels);
    }

    private Dataset build(List<float[]> windows, int[] digits) {
        int f = logMel.nMels(), t = logMel.frames(length);
        float[] buf = new float[windows.size() * f * t];
        for (int i = 0; i < windows.size(); i++) {
            double[][] m = of(windows.get(i));
            for (int r = 0; r < f; r++) for (int c = 0; c < t; c++) buf[(i * f + r) * t + c] = (float) m[r][c];
        }
        INDArray x = Nd4j.create(buf, new long[] {windows.size(), 1, f, t}, 'c');
        return Dataset.ofLabels(x, digits, 10);
    }

    public LogMel logMel() { return logMel; }
    public int length() { return length; }
    /** Frames per window. */
    public int frames() { return logMel.frames(length); }
}
