package org.nnbook.exercise;

import org.nnbook.audio.FFT;
import org.nnbook.audio.Frames;
import org.nnbook.audio.MelFilterBank;

import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 10 (spoken digits): how many frames a signal gives (10.1), the frequency of an
 * FFT bin (10.2), and the weight of a mel filter at a frequency, HTK's mel scale included (10.3).
 */
public final class Exercises10 {
    private Exercises10() {}

    /** Exercise 10.1's answer: frames of {@code length} samples every {@code hop} samples in {@code n} samples. */
    @FunctionalInterface
    public interface FrameCount { long of(int n, int length, int hop); }

    /** Exercise 10.2's answer: the frequency in Hz of bin k of an nFft-point FFT at {@code sampleRate}. */
    @FunctionalInterface
    public interface BinFrequency { double of(int k, int nFft, double sampleRate); }

    /** Exercise 10.3's answer: the weight at f Hz of mel filter m of {@code nMels} from fMin to fMax Hz. */
    @FunctionalInterface
    public interface MelWeight { double of(double f, int m, int nMels, double fMin, double fMax); }

    /** Exercise 10.1: every n from 0 to 2,000, frame lengths 1 to 400, hops 1 to the length, against {@link Frames#count}. */
    public static Verdict frameCount(FrameCount answer) {
        return Exercise.check("Exercise 10.1 (how many frames)", () -> {
            int cases = 0;
            for (int length : new int[] {1, 2, 5, 64, 200, 256, 400})
                for (int hop : new int[] {1, 2, 3, 80, 128, 160, 256})
                    for (int pass = 0; pass < 2; pass++)          // signals of at least one frame first, then the shorter ones
                    for (int n = 0; n <= 2000; n += (n < 600 ? 1 : 7), cases++) {
                        if (hop > length || (pass == 0) != (n >= length)) continue;
                        long want = Frames.count(n, length, hop), got = answer.of(n, length, hop);
                        if (got == want) continue;
                        String hint = n < length && got != 0 ? "a signal shorter than one frame holds no whole frame."
                                : got == want - 1 ? "you are one short: the frame that starts at sample 0 counts too."
                                : got == (long) Math.ceil((double) n / hop) || got == n / hop ? "a frame must fit whole: the last one starts at most at n − length."
                                : got == want + 1 ? "one too many: is your last frame whole, i.e. does it end before sample n?"
                                : "frame i starts at sample i·hop and must end by sample n: how many i are there?";
                        return notYet(String.format("for n = %d samples, frames of %d samples, hop %d, you say %d frames; whole frames that fit: %d.",
                                n, length, hop, got, want), hint);
                    }
            return right(String.format("right on %,d cases (signals of 0 to 2,000 samples, frames of 1 to 400, hops up to the frame length)."
                    + " One second at 8 kHz, 256-sample frames every 128: %d frames, the width of the notebook's spectrograms.", cases,
                    Frames.count(8000, 256, 128)));
        });
    }

    /** Exercise 10.2: bins 0 to nFft/2 of several FFT sizes and rates, against {@link FFT#binFrequency}. */
    public static Verdict binFrequency(BinFrequency answer) {
        return Exercise.check("Exercise 10.2 (the frequency of an FFT bin)", () -> {
            int cases = 0;
            for (int nFft : new int[] {8, 64, 256, 512, 1024})
                for (double rate : new double[] {8000, 16000, 22050, 44100})
                    for (int k = 0; k <= nFft / 2; k++, cases++) {
                        double want = FFT.binFrequency(k, nFft, rate), got = answer.of(k, nFft, rate);
                        if (Math.abs(got - want) <= 1e-9 * Math.max(1, want)) continue;
                        String hint = k > 0 && Math.abs(got - k * rate / 2 / nFft) < 1e-6 ? "half the right value: the spacing of the bins is rate / nFft, and bin nFft/2 is the Nyquist frequency rate/2."
                                : k > 0 && Math.abs(got - k * rate / (nFft / 2.0 + 1)) < 1e-6 ? "there are nFft/2 + 1 bins, but their spacing comes from the nFft points of the transform."
                                : k > 0 && Math.abs(got - k / (rate * nFft)) < 1e-9 || k > 0 && Math.abs(got - k * nFft / rate) < 1e-6
                                        ? "a whole number of cycles, k, over the nFft samples, which last nFft / rate seconds: cycles per second?"
                                : k > 0 && Math.abs(got - 2 * Math.PI * k * rate / nFft) < 1e-6 ? "that is an angular frequency (radians per second); the question asks for Hz."
                                : "bin k holds the wave that makes k whole cycles in the nFft samples.";
                        return notYet(String.format("for bin %d of a %d-point FFT at %.0f Hz you say %.4f Hz; it is %.4f Hz.", k, nFft, rate, got, want), hint);
                    }
            return right(String.format("right on %,d bins. At 8 kHz with 256 points the bins are %.2f Hz apart, and the last, bin 128, is 4,000 Hz:"
                    + " nothing above half the sample rate can be represented.", cases, FFT.binFrequency(1, 256, 8000)));
        });
    }

    /** Exercise 10.3: the filters of several banks at many frequencies, against {@link MelFilterBank}. */
    public static Verdict melWeight(MelWeight answer) {
        return Exercise.check("Exercise 10.3 (a mel filter)", () -> {
            int cases = 0;
            double[][] banks = {{32, 60, 3800}, {10, 0, 4000}, {40, 20, 8000}};
            for (double[] b : banks) {
                int nMels = (int) b[0];
                double fMin = b[1], fMax = b[2];
                double lo = MelFilterBank.hzToMel(fMin), hi = MelFilterBank.hzToMel(fMax);
                for (int m = 0; m < nMels; m++)
                    for (double f = fMin; f <= fMax; f += (fMax - fMin) / 397, cases++) {
                        double left = MelFilterBank.melToHz(lo + (hi - lo) * m / (nMels + 1)), centre = MelFilterBank.melToHz(lo + (hi - lo) * (m + 1) / (nMels + 1)),
                                right = MelFilterBank.melToHz(lo + (hi - lo) * (m + 2) / (nMels + 1));
                        double want = MelFilterBank.triangle(f, left, centre, right), got = answer.of(f, m, nMels, fMin, fMax);
                        if (Math.abs(got - want) <= 1e-6) continue;
                        double linL = fMin + (fMax - fMin) * m / (nMels + 1), linC = fMin + (fMax - fMin) * (m + 1) / (nMels + 1), linR = fMin + (fMax - fMin) * (m + 2) / (nMels + 1);
                        double fm = MelFilterBank.hzToMel(f), step = (hi - lo) / (nMels + 1);
                        String hint = Math.abs(got - MelFilterBank.triangle(f, linL, linC, linR)) < 1e-6
                                ? "your corners are equally spaced in Hz; they must be equally spaced in mel, then turned back into Hz."
                                : Math.abs(got - MelFilterBank.triangle(fm, lo + step * m, lo + step * (m + 1), lo + step * (m + 2))) < 1e-6
                                        ? "your triangle is straight on the mel axis; here (as in torchaudio and HTK's filters over FFT bins) it is straight in Hz: turn the corners into Hz and compare f with them."
                                : Math.abs(got - MelFilterBank.triangle(f, MelFilterBank.melToHz(lo + step * (m - 1)), left, centre)) < 1e-6
                                        ? "off by one filter: filter 0 rises from mel point 0, peaks at point 1 and ends at point 2."
                                : got < 0 ? "a weight is never negative: outside its triangle a filter is 0."
                                : "filter m rises linearly from point m to 1 at point m+1 and falls to 0 at point m+2, where the nMels + 2 points are equally spaced in mel from fMin to fMax.";
                        return notYet(String.format("filter %d of %d (%.0f to %.0f Hz) at %.1f Hz: you say %.4f, the weight is %.4f (the triangle runs from %.1f over %.1f to %.1f Hz).",
                                m, nMels, fMin, fMax, f, got, want, left, centre, right), hint);
                    }
            }
            return right(String.format("right on %,d cases in 3 filter banks. The triangles widen with frequency, as the ear's resolution does.", cases));
        });
    }
}
