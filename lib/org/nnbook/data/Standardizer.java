package org.nnbook.data;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Standardisation: each feature minus its mean, divided by its standard deviation, both measured on
 * the training split: {@code z = (x - mean) / std}. Gradient descent converges faster when features
 * share one scale (LeCun, Bottou, Orr and Müller, "Efficient BackProp", 1998, section 4.3).
 *
 * <pre>{@code
 * var scaler = Standardizer.fit(train);      // statistics of the training split only
 * Dataset trainS = scaler.apply(train), testS = scaler.apply(test);
 * }</pre>
 *
 * <p>The standard deviation is the population one (divide by N). A constant feature (std 0) is only
 * centred: it is divided by 1, so it becomes 0 instead of NaN. Shapes: see {@link Scaler}.
 */
public final class Standardizer implements Scaler {
    private final long[] featureShape;
    private final INDArray mean; // (F) float64
    private final INDArray std;  // (F) float64, constant features' entries replaced by 1

    private Standardizer(long[] featureShape, INDArray mean, INDArray std) {
        this.featureShape = featureShape;
        this.mean = mean;
        this.std = std;
    }

    /** Measures the mean and standard deviation of each feature of {@code train}'s x. */
    public static Standardizer fit(Dataset train) {
        if (train == null) throw new IllegalArgumentException("Standardizer.fit needs the training data, got null.");
        return fit(train.x());
    }

    /** Measures the mean and standard deviation of each feature (column) of x (N, ...). */
    public static Standardizer fit(INDArray x) {
        INDArray m = Features.matrix(x, null, "Standardizer.fit");
        INDArray mean = m.mean(0);
        INDArray std = m.std(false, 0);
        double[] s = std.toDoubleVector(), mu = mean.toDoubleVector();
        for (int j = 0; j < s.length; j++)
            if (s[j] <= 1e-12 * Math.abs(mu[j])) s[j] = 1; // constant (up to rounding): leave the scale alone
        return new Standardizer(Arrays.copyOfRange(x.shape(), 1, x.rank()), mean, org.nd4j.linalg.factory.Nd4j.createFromArray(s));
    }

    @Override
    public INDArray apply(INDArray x) {
        INDArray m = Features.matrix(x, featureShape, "Standardizer");
        return Features.like(m.sub(mean).div(std), x);
    }

    @Override
    public INDArray inverse(INDArray z) {
        INDArray m = Features.matrix(z, featureShape, "Standardizer.inverse");
        return Features.like(m.mul(std).add(mean), z);
    }

    /** The per-feature means (F), float64. */
    public INDArray mean() { return mean.dup(); }

    /** The per-feature standard deviations (F), float64; 1 for constant features. */
    public INDArray std() { return std.dup(); }

    /** The number of features F it was fitted on. */
    public long numFeatures() { return mean.length(); }

    @Override
    public String toString() { return "Standardizer(" + mean.length() + " features, examples " + Arrays.toString(featureShape) + ")"; }
}
