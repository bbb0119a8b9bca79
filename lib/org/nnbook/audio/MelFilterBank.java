package org.nnbook.audio;

/**
 * Triangular filters spaced evenly on the mel scale, which turn a power spectrum of nFft/2 + 1 bins
 * into a few dozen band energies that follow the ear's resolution (fine at low frequencies, coarse at
 * high ones).
 *
 * <p>The mel scale is the HTK formula, m = 2595·log₁₀(1 + f/700) (Young et al., The HTK Book; also
 * {@code torchaudio.functional.melscale_fbanks(mel_scale="htk")} and {@code librosa.filters.mel(htk=True)}),
 * not Slaney's piecewise linear/log one (librosa's default). n filters need n + 2 points equally spaced in
 * mel from mel(fMin) to mel(fMax); filter m rises linearly from point m to point m+1 and falls to point
 * m+2, evaluated at each bin's frequency k·rate/nFft, peak 1, no area normalisation: the definition of
 * torchaudio's {@code melscale_fbanks(norm=None)}.
 */
public final class MelFilterBank {
    private final double[][] weights;        // (nMels, nFft/2 + 1)
    private final double[] centres;          // Hz, one per filter

    public MelFilterBank(int nMels, int nFft, double sampleRate, double fMin, double fMax) {
        if (nMels < 1 || nFft < 2) throw new IllegalArgumentException("need at least 1 filter and 2 FFT points, got " + nMels + " and " + nFft);
        if (!(0 <= fMin && fMin < fMax && fMax <= sampleRate / 2))
            throw new IllegalArgumentException("need 0 <= fMin < fMax <= sampleRate/2 (" + sampleRate / 2 + " Hz), got fMin " + fMin + ", fMax " + fMax);
        int bins = nFft / 2 + 1;
        double lo = hzToMel(fMin), hi = hzToMel(fMax);
        double[] hz = new double[nMels + 2];
        for (int i = 0; i < hz.length; i++) hz[i] = melToHz(lo + (hi - lo) * i / (nMels + 1));
        weights = new double[nMels][bins];
        centres = new double[nMels];
        for (int m = 0; m < nMels; m++) {
            centres[m] = hz[m + 1];
            for (int k = 0; k < bins; k++) weights[m][k] = triangle(FFT.binFrequency(k, nFft, sampleRate), hz[m], hz[m + 1], hz[m + 2]);
        }
    }

    /** HTK's mel scale: 2595·log₁₀(1 + f/700). */
    public static double hzToMel(double hz) { return 2595 * Math.log10(1 + hz / 700); }

    /** The inverse of {@link #hzToMel}. */
    public static double melToHz(double mel) { return 700 * (Math.pow(10, mel / 2595) - 1); }

    /** The weight at frequency f of a triangle that rises from {@code left} to 1 at {@code centre} and falls to 0 at {@code right}. */
    public static double triangle(double f, double left, double centre, double right) {
        return Math.max(0, Math.min((f - left) / (centre - left), (right - f) / (right - centre)));
    }

    /** The band energies of one power spectrum: Σ_k weight[m][k]·power[k]. */
    public double[] apply(double[] power) {
        if (power.length != weights[0].length)
            throw new IllegalArgumentException("a power spectrum of " + power.length + " bins, but these filters expect " + weights[0].length + " (nFft/2 + 1)");
        double[] out = new double[weights.length];
        for (int m = 0; m < out.length; m++) {
            double s = 0;
            for (int k = 0; k < power.length; k++) s += weights[m][k] * power[k];
            out[m] = s;
        }
        return out;
    }

    /** The weights, (nMels, nFft/2 + 1); a copy. */
    public double[][] weights() {
        double[][] w = new double[weights.length][];
        for (int m = 0; m < w.length; m++) w[m] = weights[m].clone();
        return w;
    }

    /** Each filter's centre frequency in Hz. */
    public double[] centres() { return centres.clone(); }

    public int size() { return weights.length; }
}
