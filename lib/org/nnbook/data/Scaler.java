package org.nnbook.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-feature rescaling of inputs, fitted on the training split only and then applied unchanged
 * to every split — fitting on validation or test data would leak their statistics into training.
 * Implementations: {@link Standardizer} (zero mean, unit variance) and {@link MinMaxScaler}.
 *
 * <pre>{@code
 * Scaler scaler = Standardizer.fit(train);
 * Dataset trainS = scaler.apply(train), testS = scaler.apply(test);
 * }</pre>
 *
 * <p>A feature is one position of an example: x (N, F) has F features, images (N, C, H, W) have
 * C*H*W (one per pixel). The result has x's shape and data type.
 */
public interface Scaler {
    /** The scaled x; x must have the examples' shape the scaler was fitted on. */
    INDArray apply(INDArray x);

    /** Undoes {@link #apply(INDArray)}: {@code inverse(apply(x))} is x (up to rounding). */
    INDArray inverse(INDArray z);

    /** The same examples with x scaled; y and the class names are kept. */
    default Dataset apply(Dataset data) { return new Dataset(apply(data.x()), data.y(), data.classNames()); }
}
