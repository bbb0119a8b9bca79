package org.nnbook.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Framing, windows, trimming and placing, and the log-mel pipeline put together. */
class SignalStepsTest {

    @Test
    void framesAreWholeAndOverlap() {
        assertEquals(61, Frames.count(8000, 256, 128));
        assertEquals(0, Frames.count(255, 256, 128));
        assertEquals(1, Frames.count(256, 256, 128));
        assertEquals(2, Frames.count(384, 256, 128));
        float[] s = new float[10];
        for (int i = 0; i < s.length; i++) s[i] = i;
        double[][] f = Frames.split(s, 4, 3);                 // starts 0, 3, 6
        assertEquals(3, f.length);
        assertArrayEquals(new double[] {6, 7, 8, 9}, f[2]);
        assertThrows(IllegalArgumentException.class, () -> Frames.count(10, 4, 0));
    }

    @Test
    void windowsHaveTheirTextbookValues() {
        double[] h = Window.hann(8);
        assertEquals(0, h[0], 1e-15);
        assertEquals(1, h[4], 1e-15);                          // periodic: the peak is at n/2
        assertEquals(0.5, h[2], 1e-15);
        double[] m = Window.hamming(8);
        assertEquals(0.08, m[0], 1e-15);
        assertEquals(1, m[4], 1e-15);
        double[] want = Numpy.run("print(' '.join(repr(float(v)) for v in np.hanning(9)[:-1]))");   // periodic = symmetric of n+1 without its last point
        for (int i = 0; i < 8; i++) assertEquals(want[i], h[i], 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> Window.apply(new double[][] {new double[7]}, h));
        assertTrue(e.getMessage().contains("7"), e.getMessage());
    }

    @Test
    void trimCutsTheSilenceAndPlacePads() {
        float[] s = new float[8000];
        for (int i = 2000; i < 3000; i++) s[i] = (float) Math.sin(i * 0.3);
        float[] t = Clips.trim(s, 8000, 40);
        assertTrue(t.length >= 1000 && t.length < 1080, "whole 10 ms blocks: " + t.length);
        assertEquals(s[2000], t[0]);
        float[] c = Clips.centre(t, 2000);
        int offset = (2000 - t.length) / 2;
        assertEquals(0, c[offset - 1]);
        assertEquals(t[0], c[offset]);
        float[] cut = Clips.place(t, 500, -100);
        assertEquals(t[100], cut[0]);
        assertArrayEquals(new float[4], Clips.trim(new float[4], 8000, 40), "silence stays as it is");
    }

    @Test
    void logMelOfATonePeaksInItsBand() {
        LogMel lm = LogMel.telephone();
        float[] tone = new float[8000];
        for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        double[][] s = lm.compute(tone);
        assertEquals(32, s.length);
        assertEquals(61, s[0].length);
        int loudest = 0;
        for (int m = 1; m < 32; m++) if (s[m][30] > s[loudest][30]) loudest = m;
        double[] c = lm.filterBank().centres();
        assertTrue(Math.abs(c[loudest] - 1000) < 100, "the loudest band is centred at " + c[loudest] + " Hz");
        assertThrows(IllegalArgumentException.class, () -> lm.compute(new float[100]));
    }
}
