package org.nnbook.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A differentiable function with (optionally) learnable parameters: the one contract of nnbook.
 *
 * <ul>
 *   <li>{@link #forward} computes the output and remembers what {@link #backward} will need.</li>
 *   <li>{@link #backward} takes dL/d(output), <b>adds</b> dL/d(parameter) into each
 *       {@link Parameter#grad()}, and returns dL/d(input).</li>
 * </ul>
 *
 * <p>Arrays made during a step may live in a workspace that the {@code Trainer} recycles after the
 * step; state that must outlive a step (parameters, running statistics) is created at construction
 * and afterwards only updated in place ({@code assign}, {@code addi}, ...).
 */
public interface Layer {

    /**
     * The output for input {@code x}. {@code training} is true while fitting (dropout active, batch
     * statistics used) and false for evaluation and prediction.
     */
    INDArray forward(INDArray x, boolean training);

    /** Given dL/d(output) of the last {@link #forward}, accumulates parameter gradients and returns dL/d(input). */
    INDArray backward(INDArray gradOut);

    /**
     * {@link #backward(INDArray)} for a caller that may not need dL/d(input): with
     * {@code inputGradient} false (the Trainer, for the first layer, whose input is the data) a layer
     * may skip computing it and return null; parameter gradients are accumulated either way. For a
     * first Dense layer that saves a third of its backward pass. By default it computes everything.
     */
    default INDArray backward(INDArray gradOut, boolean inputGradient) { return backward(gradOut); }

    /** The learnable parameters, in a stable order; none by default. */
    default List<Parameter> parameters() { return List.of(); }

    /**
     * Arrays other than the parameters that a trained layer depends on, such as batch normalisation's
     * running statistics: not learned by gradients, but saved, restored and updated in place.
     */
    default List<INDArray> state() { return List.of(); }

    /** The output of an evaluation-mode forward pass. */
    default INDArray predict(INDArray x) { return forward(x, false); }

    /** Total number of scalars in the parameters. */
    default long parameterCount() {
        return parameters().stream().mapToLong(Parameter::size).sum();
    }

    /** Sets every parameter gradient to zero. */
    default void zeroGrad() { parameters().forEach(Parameter::zeroGrad); }

    /** Converts every parameter to {@code type}; used by the gradient checker with DOUBLE. */
    default void castTo(DataType type) { parameters().forEach(p -> p.castTo(type)); }
}
