package org.nnbook.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** HTK's mel scale and the triangular filters, against known values and a numpy version of torchaudio's melscale_fbanks(norm=None, mel_scale="htk"). */
class MelFilterBankTest {

    @Test
    void htkMelScale() {
        assertEquals(0, MelFilterBank.hzToMel(0), 1e-12);
        assertEquals(1000, MelFilterBank.hzToMel(1000), 0.1);       // the scale is made so that 1000 Hz ≈ 1000 mel
        assertEquals(2146.06, MelFilterBank.hzToMel(4000), 0.01);
        for (double f : new double[] {0, 60, 440, 3800, 8000}) assertEquals(f, MelFilterBank.melToHz(MelFilterBank.hzToMel(f)), 1e-9);
    }

    @Test
    void equalsTheNumpyReference() {
        MelFilterBank bank = new MelFilterBank(32, 256, 8000, 60, 3800);
        double[] want = Numpy.run(String.join("\n",
                "f = np.linspace(0, 4000, 129)",
                "mel = lambda h: 2595 * np.log10(1 + h / 700)",
                "pts = 700 * (10 ** (np.linspace(mel(60), mel(3800), 34) / 2595) - 1)",
                "d = np.diff(pts)",
                "slopes = pts[None, :] - f[:, None]",
                "down = -slopes[:, :-2] / d[:-1]",
                "up = slopes[:, 2:] / d[1:]",
                "fb = np.maximum(0, np.minimum(down, up))",            // (129, 32), as torchaudio returns it
                "print(' '.join(repr(float(v)) for v in fb.T.ravel()))"));
        double[][] w = bank.weights();
        assertEquals(32 * 129, want.length);
        for (int m = 0; m < 32; m++) for (int k = 0; k < 129; k++) assertEquals(want[m * 129 + k], w[m][k], 1e-12, "filter " + m + " bin " + k);
    }

    @Test
    void trianglesPeakAtTheirCentresAndOverlapTheirNeighbours() {
        MelFilterBank bank = new MelFilterBank(10, 512, 16000, 0, 8000);
        double[] c = bank.centres();
        for (int m = 1; m < c.length; m++) assertTrue(c[m] - c[m - 1] > (m > 1 ? c[m - 1] - c[m - 2] : 0), "spacing grows with frequency");
        assertEquals(1, MelFilterBank.triangle(c[3], c[2], c[3], c[4]), 1e-12);
        assertEquals(0.5, MelFilterBank.triangle((c[2] + c[3]) / 2, c[2], c[3], c[4]), 1e-12);
        assertEquals(0, MelFilterBank.triangle(c[5], c[2], c[3], c[4]), 1e-12);
        double[] power = new double[257];
        power[40] = 2;
        double[] bands = bank.apply(power);
        double sum = 0;
        for (double b : bands) sum += b;
        assertTrue(sum > 0 && sum <= 2 + 1e-12, "one bin spreads over at most two neighbouring filters: " + sum);
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThrows(IllegalArgumentException.class, () -> new MelFilterBank(32, 256, 8000, 60, 5000));
        var e = assertThrows(IllegalArgumentException.class, () -> new MelFilterBank(4, 256, 8000, 0, 4000).apply(new double[128]));
        assertTrue(e.getMessage().contains("129"), e.getMessage());
    }
}
