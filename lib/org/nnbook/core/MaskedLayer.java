package org.nnbook.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer that reads the padding mask of a batch of sequences: (N, T), 1 at real tokens and 0 at
 * padding, for an input (N, T, ...). A {@link Sequential} hands the batch's mask to each such layer
 * (and to nothing else); without a mask every position is real.
 */
public interface MaskedLayer extends Layer {

    /** The output for x given its padding mask (null: no padding). */
    INDArray forward(INDArray x, INDArray mask, boolean training);

    @Override
    default INDArray forward(INDArray x, boolean training) { return forward(x, null, training); }

    @Override
    default INDArray forward(Inputs inputs, boolean training) {
        if (inputs.count() != 1)
            throw new IllegalArgumentException(this + " takes one input array but was given " + inputs.count() + " " + inputs + ".");
        return forward(inputs.x(), inputs.mask(), training);
    }

    /** Whether this layer reads the mask it is given (a Sequential does when one of its layers does). */
    default boolean readsMask() { return true; }
}
