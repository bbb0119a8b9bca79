package org.nnbook.audio;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Speed, noise and band-pass on waveforms, SpecAugment on batches, and the features built from them. */
class AugmentationTest {

    static float[] tone(double hz, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = (float) Math.sin(2 * Math.PI * hz * i / 8000);
        return s;
    }

    static double power(float[] s) { double p = 0; for (float v : s) p += v * v; return p / s.length; }

    @Test
    void speedChangesLengthAndInterpolates() {
        float[] s = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new float[] {0, 2, 4, 6, 8}, WaveAugment.speed(s, 2));
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2}, java.util.Arrays.copyOf(WaveAugment.speed(s, 0.5), 5));
        assertEquals(17, WaveAugment.speed(s, 0.5).length);
        assertThrows(IllegalArgumentException.class, () -> WaveAugment.speed(s, 0));
    }

    @Test
    void noiseHasTheAskedSignalToNoiseRatio() {
        float[] s = tone(500, 80000), noisy = WaveAugment.noise(s, 20, new Random(1));
        float[] noise = new float[s.length];
        for (int i = 0; i < s.length; i++) noise[i] = noisy[i] - s[i];
        assertEquals(20, 10 * Math.log10(power(s) / power(noise)), 0.1);
    }

    @Test
    void bandPassKeepsTheTelephoneBand() {
        float[] low = WaveAugment.bandPass(tone(125, 4096), 8000, 300, 3400), mid = WaveAugment.bandPass(tone(1000, 4096), 8000, 300, 3400);
        assertTrue(power(low) < 1e-6, "125 Hz removed: " + power(low));
        assertEquals(0.5, power(mid), 1e-3);
    }

    @Test
    void specAugmentMasksBandsAndFramesAndIsSeeded() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 3, 1, 8, 20);
        SpecAugment a = new SpecAugment(1, 3, 1, 5, 0);
        INDArray y = a.apply(x, 5L);
        assertEquals(x, Nd4j.ones(DataType.FLOAT, 3, 1, 8, 20), "the input is not changed");
        assertEquals(y, a.apply(x, 5L));
        long zeros = y.eq(0).castTo(DataType.INT32).sumNumber().longValue();
        assertTrue(zeros > 0 && zeros <= 3 * (3 * 20 + 5 * 8), zeros + " masked");
        INDArray tilted = new SpecAugment(0, 0, 0, 0, 1).apply(x, 2L);
        assertTrue(tilted.getDouble(0, 0, 0, 0) != tilted.getDouble(0, 0, 7, 0), "a tilt changes low and high bands differently");
        assertEquals(tilted.getDouble(0, 0, 3, 0), tilted.getDouble(0, 0, 3, 19), 1e-6, "the same at every frame");
        assertThrows(IllegalArgumentException.class, () -> a.apply(Nd4j.ones(DataType.FLOAT, 3, 8, 20), 1L));
    }

    @Test
    void featuresAreStandardisedAndAugmentedCopiesSeeded() {
        SpeechFeatures f = SpeechFeatures.telephone();
        List<float[]> clips = List.of(tone(700, 4000), tone(1500, 3000));
        Dataset d = f.dataset(clips, new int[] {3, 5});
        assertArrayEquals(new long[] {2, 1, 32, 61}, d.x().shape());
        assertArrayEquals(new int[] {3, 5}, d.labels());
        INDArray one = d.x().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
        assertEquals(0, one.meanNumber().doubleValue(), 1e-4);
        assertEquals(1, one.stdNumber().doubleValue(), 1e-2);
        Dataset a = f.augmented(clips, new int[] {3, 5}, 2, 9), b = f.augmented(clips, new int[] {3, 5}, 2, 9);
        assertEquals(4, a.size());
        assertArrayEquals(new int[] {3, 5, 3, 5}, a.labels());
        assertEquals(a.x(), b.x());
        assertNotEquals(a.x().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)), d.x().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
        assertNotEquals(a.x(), f.speeds(0.5, 0.6).augmented(clips, new int[] {3, 5}, 2, 9).x(), "another speed range, other copies");
        assertThrows(IllegalArgumentException.class, () -> f.speeds(1.2, 1.1));
    }
}
