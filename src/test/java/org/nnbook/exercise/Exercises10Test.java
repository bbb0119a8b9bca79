package org.nnbook.exercise;

import org.junit.jupiter.api.Test;

/** Each check of notebook 10 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises10Test extends VerdictChecks {

    @Test
    void frameCount() {
        right(Exercises10.frameCount((n, length, hop) -> n < length ? 0 : 1 + (n - length) / hop));
        notYet(Exercises10.frameCount((n, length, hop) -> (n - length) / hop), "you are one short");
        notYet(Exercises10.frameCount((n, length, hop) -> n / hop), "must fit whole");
        notYet(Exercises10.frameCount((n, length, hop) -> 1 + (n - length) / hop), "shorter than one frame");
        notYet(Exercises10.frameCount((n, length, hop) -> starter()), "starter");
    }

    @Test
    void binFrequency() {
        right(Exercises10.binFrequency((k, nFft, rate) -> k * rate / nFft));
        notYet(Exercises10.binFrequency((k, nFft, rate) -> k * rate / 2 / nFft), "half the right value");
        notYet(Exercises10.binFrequency((k, nFft, rate) -> k * rate / (nFft / 2.0 + 1)), "nFft/2 + 1 bins");
        notYet(Exercises10.binFrequency((k, nFft, rate) -> (double) k * nFft / rate), "cycles per second");
        notYet(Exercises10.binFrequency((k, nFft, rate) -> 2 * Math.PI * k * rate / nFft), "angular frequency");
        notYet(Exercises10.binFrequency((k, nFft, rate) -> starter()), "starter");
    }

    /** A mel filter with the corners computed by {@code mel} and {@code inverse}; shift moves it by whole filters. */
    static double weight(double f, int m, int nMels, double fMin, double fMax, java.util.function.DoubleUnaryOperator mel,
                         java.util.function.DoubleUnaryOperator inverse, int shift) {
        double lo = mel.applyAsDouble(fMin), hi = mel.applyAsDouble(fMax);
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) c[i] = inverse.applyAsDouble(lo + (hi - lo) * (m + i + shift) / (nMels + 1));
        return Math.max(0, Math.min((f - c[0]) / (c[1] - c[0]), (c[2] - f) / (c[2] - c[1])));
    }

    @Test
    void melWeight() {
        java.util.function.DoubleUnaryOperator htk = f -> 2595 * Math.log10(1 + f / 700), htkInv = m -> 700 * (Math.pow(10, m / 2595) - 1);
        right(Exercises10.melWeight((f, m, nMels, fMin, fMax) -> weight(f, m, nMels, fMin, fMax, htk, htkInv, 0)));
        notYet(Exercises10.melWeight((f, m, nMels, fMin, fMax) -> weight(f, m, nMels, fMin, fMax, x -> x, x -> x, 0)), "equally spaced in Hz");
        right(Exercises10.melWeight((f, m, nMels, fMin, fMax) -> weight(f, m, nMels, fMin, fMax, x -> 1127 * Math.log(1 + x / 700),
                x -> 700 * (Math.exp(x / 1127) - 1), 0)));                     // the same scale with ln: 1127 ≈ 2595 / ln 10
        notYet(Exercises10.melWeight((f, m, nMels, fMin, fMax) -> weight(htk.applyAsDouble(f), m, nMels, fMin, fMax, htk, x -> x, 0)), "straight on the mel axis");
        notYet(Exercises10.melWeight((f, m, nMels, fMin, fMax) -> weight(f, m, nMels, fMin, fMax, htk, htkInv, -1)), "off by one filter");
        notYet(Exercises10.melWeight((f, m, nMels, fMin, fMax) -> {      // no clamp at 0
            double lo = htk.applyAsDouble(fMin), hi = htk.applyAsDouble(fMax), s = (hi - lo) / (nMels + 1);
            double l = htkInv.applyAsDouble(lo + s * m), c = htkInv.applyAsDouble(lo + s * (m + 1)), r = htkInv.applyAsDouble(lo + s * (m + 2));
            return Math.min((f - l) / (c - l), (r - f) / (r - c));
        }), "never negative");
        notYet(Exercises10.melWeight((f, m, nMels, fMin, fMax) -> starter()), "starter");
    }
}
