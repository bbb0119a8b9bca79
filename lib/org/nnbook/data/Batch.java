package org.nnbook.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One mini-batch: inputs x (B, ...) and targets y (B, C). */
public record Batch(INDArray x, INDArray y) {
    /** Number of examples B. */
    public int size() { return (int) x.size(0); }
}
