package org.nnbook.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The radix-2 FFT against the DFT written out, against numpy's np.fft, and on waves of known frequency. */
class FFTTest {

    @Test
    void equalsTheDefinitionForEveryPowerOfTwoUpTo512() {
        Random rnd = new Random(1);
        for (int n = 1; n <= 512; n *= 2) {
            double[] re = new double[n], im = new double[n];
            for (int i = 0; i < n; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
            double[][] want = FFT.dft(re, im);
            FFT.transform(re, im);
            for (int k = 0; k < n; k++) {
                assertEquals(want[0][k], re[k], 1e-9 * n, "re, n " + n + " k " + k);
                assertEquals(want[1][k], im[k], 1e-9 * n, "im, n " + n + " k " + k);
            }
        }
    }

    @Test
    void powerEqualsNumpys() {
        double[] frame = new double[200];
        for (int i = 0; i < frame.length; i++) frame[i] = Math.sin(0.3 * i) + 0.5 * Math.cos(0.05 * i * i / 7.0) + (i % 7) / 10.0;
        StringBuilder list = new StringBuilder();
        for (double v : frame) list.append(v).append(',');
        double[] want = Numpy.run("x = np.array([" + list + "])\nprint(' '.join(repr(float(v)) for v in np.abs(np.fft.rfft(x, 256)) ** 2))");
        double[] got = FFT.power(frame, 256);
        assertEquals(129, got.length);
        for (int k = 0; k < got.length; k++) assertEquals(want[k], got[k], 1e-9 * Math.max(1, want[k]), "bin " + k);
    }

    @Test
    void aSineOfBinFrequencyPeaksInThatBin() {
        int n = 256, rate = 8000, k = 32;                     // 32 · 8000 / 256 = 1000 Hz
        assertEquals(1000, FFT.binFrequency(k, n, rate), 1e-12);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.sin(2 * Math.PI * 1000 * i / rate);
        double[] p = FFT.power(x, n);
        for (int j = 0; j < p.length; j++) if (j != k) assertTrue(p[j] < 1e-12 * p[k], "bin " + j + " = " + p[j]);
        assertEquals((n / 2.0) * (n / 2.0), p[k], 1e-6);      // |X[k]| = n/2 for a unit sine
    }

    @Test
    void rejectsLengthsThatAreNotPowersOfTwo() {
        var e = assertThrows(IllegalArgumentException.class, () -> FFT.transform(new double[200], new double[200]));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        assertEquals(256, FFT.nextPowerOfTwo(200));
        assertEquals(1, FFT.nextPowerOfTwo(1));
        assertEquals(8, FFT.nextPowerOfTwo(8));
    }
}
