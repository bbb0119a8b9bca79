package org.nnbook.audio;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Transform;

import java.util.Arrays;
import java.util.Random;

/**
 * SpecAugment's masks (Park et al., "SpecAugment: a simple data augmentation method for automatic speech
 * recognition", Interspeech 2019) on batches of spectrograms (N, 1, F, T): a few bands of up to
 * {@code maxBands} mel rows and a few stretches of up to {@code maxFrames} frames are set to zero (the mean
 * of a standardised spectrogram), so the model cannot rely on any one of them. Also, optionally, a random
 * tilt of the spectrum, a line across the F rows from −tilt to +tilt (in the features' units), which
 * imitates a microphone or line that favours low or high frequencies. Use with
 * {@code Trainer.augment(...)}: each epoch sees new masks.
 */
public final class SpecAugment implements Transform {
    private final int bandMasks, maxBands, timeMasks, maxFrames;
    private final double maxTilt;

    public SpecAugment(int bandMasks, int maxBands, int timeMasks, int maxFrames, double maxTilt) {
        if (bandMasks < 0 || maxBands < 0 || timeMasks < 0 || maxFrames < 0 || maxTilt < 0)
            throw new IllegalArgumentException("SpecAugment's counts and widths cannot be negative");
        this.bandMasks = bandMasks;
        this.maxBands = maxBands;
        this.timeMasks = timeMasks;
        this.maxFrames = maxFrames;
        this.maxTilt = maxTilt;
    }

    @Override
    public INDArray apply(INDArray x, Random rnd) {
        if (x.rank() != 4 || x.size(1) != 1)
            throw new IllegalArgumentException("SpecAugment expects spectrograms (N, 1, F, T), got " + Arrays.toString(x.shape()));
        int n = (int) x.size(0), f = (int) x.size(2), t = (int) x.size(3);
        float[] v = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            int base = i * f * t;
            double tilt = maxTilt * (2 * rnd.nextDouble() - 1);
            if (tilt != 0)
                for (int r = 0; r < f; r++) {
                    float add = (float) (tilt * (2.0 * r / Math.max(1, f - 1) - 1));
                    for (int c = 0; c < t; c++) v[base + r * t + c] += add;
                }
            for (int m = 0; m < bandMasks; m++) {
                int w = rnd.nextInt(maxBands + 1), from = rnd.nextInt(Math.max(1, f - w + 1));
                for (int r = from; r < Math.min(f, from + w); r++) Arrays.fill(v, base + r * t, base + r * t + t, 0f);
            }
            for (int m = 0; m < timeMasks; m++) {
                int w = rnd.nextInt(maxFrames + 1), from = rnd.nextInt(Math.max(1, t - w + 1));
                for (int r = 0; r < f; r++) Arrays.fill(v, base + r * t + from, base + r * t + Math.min(t, from + w), 0f);
            }
        }
        INDArray out = Nd4j.create(v, x.shape(), 'c');
        return x.dataType() == DataType.FLOAT ? out : out.castTo(x.dataType());
    }

    @Override
    public String toString() {
        return "SpecAugment(" + bandMasks + " band masks <= " + maxBands + ", " + timeMasks + " time masks <= " + maxFrames + " frames, tilt <= " + maxTilt + ")";
    }
}
