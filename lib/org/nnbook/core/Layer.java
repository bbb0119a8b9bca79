package org.nnbook.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable function of one array with (optionally) learnable parameters: the contract a
 * student implements.
 *
 * <ul>
 *   <li>{@link #forward(INDArray, boolean)} computes the output and remembers what
 *       {@link #backward} will need.</li>
 *   <li>{@link #backward} takes dL/d(output), <b>adds</b> dL/d(parameter) into each
 *       {@link Parameter#grad()}, and returns dL/d(input) (null when the input is integer ids,
 *       which have no gradient).</li>
 *   <li>{@link #parameters()} lists the learnable parameters, none by default.</li>
 * </ul>
 *
 * <pre>{@code
 * class Scale implements Layer {                       // y = a x, one learnable number a
 *     final Parameter a = new Parameter("a", Nd4j.ones(DataType.FLOAT, 1, 1));
 *     INDArray x;
 *     public INDArray forward(INDArray x, boolean training) { this.x = x; return x.mul(a.value().getDouble(0)); }
 *     public INDArray backward(INDArray g) { a.grad().addi(g.mul(x).sum()); return g.mul(a.value().getDouble(0)); }
 *     public List<Parameter> parameters() { return List.of(a); }
 * }
 * }</pre>
 *
 * A layer written this way trains in the {@code Trainer}, nests in a {@link Sequential} and passes
 * the gradient check like the library's own. Parameters are created once, at construction; during
 * training, state that must outlive a step (running statistics) is only updated in place
 * ({@code assign}, {@code addi}, ...).
 */
public interface Layer extends Model {

    /** The output for input {@code x}; {@code training} is true while fitting, false for evaluation and prediction. */
    INDArray forward(INDArray x, boolean training);

    /** Given dL/d(output) of the last {@link #forward}, accumulates parameter gradients and returns dL/d(input). */
    @Override
    INDArray backward(INDArray gradOut);

    /** The layer applied to a batch's only input; a second input array, or a padding mask that this layer does not read, is an error. */
    @Override
    default INDArray forward(Inputs inputs, boolean training) {
        if (inputs.count() != 1)
            throw new IllegalArgumentException(this + " takes one input array but was given " + inputs.count() + " " + inputs
                    + ". A model of several inputs is a class of its own (see Model).");
        if (inputs.hasMask())
            throw new IllegalArgumentException(this + " was given a padding mask but no layer of it reads one: the padding would count as"
                    + " data. Put a layer that reads the mask (e.g. MeanOverTime after an Embedding) in the model, or leave the mask out.");
        return forward(inputs.x(), training);
    }

    /** The output of an evaluation-mode forward pass, as a new array. */
    default INDArray predict(INDArray x) { return predict(Inputs.of(x)); }
}
