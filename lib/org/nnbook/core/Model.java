package org.nnbook.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.kernels.StepMemory;

import java.util.List;

/**
 * What the {@code Trainer} trains, {@code GradientCheck} checks and {@code ModelIO} saves: a
 * differentiable function of a batch's {@link Inputs} with learnable {@link Parameter}s.
 *
 * <ul>
 *   <li>{@link #forward} computes the output and remembers what {@link #backward} needs.</li>
 *   <li>{@link #backward} takes dL/d(output), <b>adds</b> dL/dθ into every parameter's
 *       {@link Parameter#grad()}, and returns dL/d(x) for the first input x, or null when there is
 *       none to give (integer token ids; a model whose inputs are all data).</li>
 *   <li>{@link #parameters} lists every parameter <b>once</b>, even one used in several places (tied
 *       input and output embeddings): it is then counted, updated, penalised and saved once, while
 *       each place adds its share into the one gradient.</li>
 * </ul>
 *
 * <p>Every {@link Layer} is a model of one input; a {@link Sequential} of layers is the usual model.
 * A model of several inputs, or of parts that are not a chain (an encoder whose output, the memory,
 * goes into every decoder block), is a class of its own whose forward calls its parts in order and
 * whose backward calls them in reverse, as in the test models of {@code src/test/java/org/nnbook/core}.
 */
public interface Model {

    /** The output for {@code inputs}; {@code training} is true while fitting (dropout active, batch statistics). */
    INDArray forward(Inputs inputs, boolean training);

    /** Given dL/d(output) of the last forward: accumulates parameter gradients; returns dL/d(first input), or null. */
    INDArray backward(INDArray gradOut);

    /** The learnable parameters, each once, in a stable order; none by default. */
    default List<Parameter> parameters() { return List.of(); }

    /**
     * Arrays other than the parameters that a trained model depends on, such as batch normalisation's
     * running statistics: not learned by gradients, but saved, restored and updated in place.
     */
    default List<INDArray> state() { return List.of(); }

    /** The evaluation-mode output for {@code inputs}, as a new array. */
    default INDArray predict(Inputs inputs) { return StepMemory.predict(() -> forward(inputs, false)); }

    /** Total number of scalars in the parameters (a shared one counted once). */
    default long parameterCount() { return Parameters.distinct(parameters()).stream().mapToLong(Parameter::size).sum(); }

    /** Sets every parameter gradient to zero. */
    default void zeroGrad() { parameters().forEach(Parameter::zeroGrad); }

    /** Converts every parameter to {@code type}; the gradient checker uses DOUBLE. Before training only (the arrays are replaced). */
    default void castTo(DataType type) { parameters().forEach(p -> p.castTo(type)); }
}
