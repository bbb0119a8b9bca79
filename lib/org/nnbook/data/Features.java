package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Shape checks and reshaping shared by the {@link Scaler}s: examples as rows of a float64 (N, F) matrix. */
final class Features {
    private Features() {}

    /** x as a float64 (N, F) matrix, after checking its examples have {@code featureShape}; {@code who} names the scaler in errors. */
    static INDArray matrix(INDArray x, long[] featureShape, String who) {
        if (x == null) throw new IllegalArgumentException(who + ": x is null.");
        long[] shape = x.shape();
        long[] found = shape.length < 2 ? new long[0] : Arrays.copyOfRange(shape, 1, shape.length);
        if (featureShape != null && !Arrays.equals(found, featureShape))
            throw new IllegalArgumentException(who + " was fitted on examples of shape " + Arrays.toString(featureShape)
                    + " (" + count(featureShape) + " features) but got x of shape " + Arrays.toString(shape) + " ("
                    + count(found) + " features per example). Apply it to data with the same columns it was fitted on,"
                    + " or fit a new one.");
        if (shape.length < 2 || x.size(0) == 0)
            throw new IllegalArgumentException(who + " needs x of shape (N, features...) with N >= 1, got " + Arrays.toString(shape) + ".");
        return x.castTo(DataType.DOUBLE).reshape('c', x.size(0), count(found));
    }

    /** The (N, F) float64 result {@code z} back in the shape and data type of {@code like}. */
    static INDArray like(INDArray z, INDArray like) { return z.reshape('c', like.shape()).castTo(like.dataType()); }

    static long count(long[] featureShape) { return Arrays.stream(featureShape).reduce(1, (a, b) -> a * b); }
}
