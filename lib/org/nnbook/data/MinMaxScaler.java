package org.nnbook.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Min-max scaling: each feature mapped linearly so that its training minimum becomes {@code lo} and
 * its training maximum {@code hi} (default [0, 1]): {@code z = lo + (x - min) / (max - min) * (hi - lo)}.
 * Other splits use the training min and max, so their values may fall a little outside [lo, hi]; they
 * are not clipped.
 *
 * <pre>{@code
 * var scaler = MinMaxScaler.fit(train);          // or MinMaxScaler.fit(train, -1, 1)
 * Dataset trainS = scaler.apply(train), testS = scaler.apply(test);
 * }</pre>
 *
 * <p>A constant feature (max = min) maps to {@code lo} (its range is taken as 1, never 0). Shapes: see {@link Scaler}.
 */
public final class MinMaxScaler implements Scaler {
    private final long[] featureShape;
    private final INDArray min;   // (F) float64
    private final INDArray max;   // (F) float64
    private final INDArray range; // (F) float64: max - min, 1 for constant features
    private final double lo, hi;

    private MinMaxScaler(long[] featureShape, INDArray min, INDArray max, INDArray range, double lo, double hi) {
        this.featureShape = featureShape;
        this.min = min;
        this.max = max;
        this.range = range;
        this.lo = lo;
        this.hi = hi;
    }

    /** Fits on {@code train}'s x, mapping to [0, 1]. */
    public static MinMaxScaler fit(Dataset train) { return fit(train, 0, 1); }

    /** Fits on {@code train}'s x, mapping to [lo, hi]. */
    public static MinMaxScaler fit(Dataset train, double lo, double hi) {
        if (train == null) throw new IllegalArgumentException("MinMaxScaler.fit needs the training data, got null.");
        return fit(train.x(), lo, hi);
    }

    /** Fits on the columns of x (N, ...), mapping to [lo, hi]. */
    public static MinMaxScaler fit(INDArray x, double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi))
            throw new IllegalArgumentException("MinMaxScaler: expected a target range lo < hi, got [" + lo + ", " + hi + "].");
        INDArray m = Features.matrix(x, null, "MinMaxScaler.fit");
        double[] mn = m.min(0).toDoubleVector(), mx = m.max(0).toDoubleVector();
        double[] r = new double[mn.length];
        for (int j = 0; j < r.length; j++) r[j] = mx[j] > mn[j] ? mx[j] - mn[j] : 1;
        return new MinMaxScaler(Arrays.copyOfRange(x.shape(), 1, x.rank()), Nd4j.createFromArray(mn), Nd4j.createFromArray(mx), Nd4j.createFromArray(r), lo, hi);
    }

    @Override
    public INDArray apply(INDArray x) {
        INDArray m = Features.matrix(x, featureShape, "MinMaxScaler");
        return Features.like(m.sub(min).div(range).muli(hi - lo).addi(lo), x);
    }

    @Override
    public INDArray inverse(INDArray z) {
        INDArray m = Features.matrix(z, featureShape, "MinMaxScaler.inverse");
        return Features.like(m.sub(lo).divi(hi - lo).muli(range).addi(min), z);
    }

    /** The per-feature training minima (F), float64. */
    public INDArray min() { return min.dup(); }

    /** The per-feature training maxima (F), float64. */
    public INDArray max() { return max.dup(); }

    @Override
    public String toString() { return "MinMaxScaler(" + min.length() + " features to [" + lo + ", " + hi + "])"; }
}
