package org.nnbook.compress;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.*;

import java.util.Random;

/** Small models and data for the compression tests. */
final class Fixtures {
    private Fixtures() {}

    /** Three noisy blobs in 8-D, one per class: easy to learn, enough to move every weight. */
    static Dataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][8];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 8; j++) x[i][j] = (float) ((j % 3 == labels[i] ? 1.5 : 0) + r.nextGaussian());
        }
        return Dataset.ofLabels(Nd4j.createFromArray(x), labels, 3);
    }

    static Sequential mlp(long seed) {
        Seed.set(seed);
        return Sequential.of(new Dense(8, 32), new ReLU(), new Dense(32, 16), new ReLU(), new Dense(16, 3));
    }

    /** A small LeNet-like CNN for (N, 1, 12, 12) images. */
    static Sequential cnn(long seed) {
        Seed.set(seed);
        return Sequential.of(new Conv2D(1, 4, 3, 1, Padding.SAME), new ReLU(), new MaxPool2D(2),      // (N, 4, 6, 6)
                new Conv2D(4, 6, 3), new ReLU(), new MaxPool2D(2),                                       // (N, 6, 2, 2)
                new Flatten(), new Dense(24, 10), new ReLU(), new Dense(10, 3));
    }

    static INDArray images(long seed, int n) {
        Random r = new Random(seed);
        double[] v = new double[n * 144];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, new long[]{n, 1, 12, 12}, 'c').castTo(DataType.FLOAT);
    }

    static INDArray gaussian(long seed, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
    }

    static double[] values(INDArray a) { return a.dup('c').castTo(DataType.DOUBLE).data().asDouble(); }

    static long zeros(INDArray a) {
        long z = 0;
        for (double v : values(a)) if (v == 0) z++;
        return z;
    }
}
