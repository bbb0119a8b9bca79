package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The inputs of the current training step are data: nobody needs dL/d(data), so the first layer
 * that sees them may skip computing its input gradient (for a first {@code Dense} layer that is a
 * third of its backward pass; for a first {@code Conv2D}, most of it). {@link StepMemory#trainingStep}
 * marks them; a kernel asks {@link #isData} about the input it remembered and then returns no input
 * gradient. Marks are per thread and last one step; arrays are compared by identity.
 */
public final class NoInputGradient {
    private static final ThreadLocal<List<INDArray>> DATA = new ThreadLocal<>();

    private NoInputGradient() {}

    static void mark(List<INDArray> data) { DATA.set(data); }

    static void clear() { DATA.remove(); }

    /** True when {@code x} is one of the current training step's input arrays. */
    public static boolean isData(INDArray x) {
        List<INDArray> data = DATA.get();
        if (data == null || x == null) return false;
        for (INDArray d : data) if (d == x) return true;
        return false;
    }
}
