package org.nnbook.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Inputs;

/** One mini-batch: the inputs (one array or more, perhaps a padding mask), each (B, ...), and the targets y (B, ...). */
public record Batch(Inputs inputs, INDArray y) {
    /** A batch of one input array. */
    public Batch(INDArray x, INDArray y) { this(Inputs.of(x), y); }

    /** The first (often the only) input array. */
    public INDArray x() { return inputs.x(); }

    /** The padding mask, or null. */
    public INDArray mask() { return inputs.mask(); }

    /** Number of examples B. */
    public int size() { return inputs.size(); }
}
