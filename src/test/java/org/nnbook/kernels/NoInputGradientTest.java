package org.nnbook.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Padding;
import org.nnbook.layers.ReLU;
import org.nnbook.layers.Tanh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * In a training step ({@link StepMemory#trainingStep}) the batch's inputs are data: a first Dense or
 * Conv2D layer skips dL/dx, and every parameter gradient is what a full backward pass outside a step
 * gives.
 */
class NoInputGradientTest {

    private record Result(List<INDArray> grads, boolean dxNull) {}

    private static Result run(Layer net, INDArray x, INDArray g, boolean inStep) {
        net.zeroGrad();
        boolean dxNull = inStep
                ? StepMemory.trainingStep(() -> x.dup(), a -> List.of(a), a -> { net.forward(a, true); return net.backward(g) == null; })
                : (net.forward(x, true) == null || net.backward(g) == null);
        List<INDArray> grads = new ArrayList<>();
        for (Parameter p : net.parameters()) grads.add(p.grad().dup());
        return new Result(grads, dxNull);
    }

    private static void skipsOnlyTheInputGradient(Supplier<Layer> make, INDArray x, INDArray g, double tol) {
        Seed.set(4);
        Result full = run(make.get(), x, g, false);
        Seed.set(4);
        Result step = run(make.get(), x, g, true);
        assertFalse(full.dxNull, "outside a step dL/dx is computed");
        assertTrue(step.dxNull, "in a step the data's gradient is skipped");
        for (int i = 0; i < full.grads.size(); i++) {
            double scale = full.grads.get(i).amaxNumber().doubleValue();
            double diff = full.grads.get(i).sub(step.grads.get(i)).amaxNumber().doubleValue();
            assertTrue(diff <= tol * scale, "parameter " + i + " differs by " + diff + " (largest entry " + scale + ")");
        }
    }

    @Test
    void denseFirstSkipsTheInputGradient() {
        Seed.set(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 5, 6), g = Nd4j.randn(DataType.FLOAT, 5, 3);
        skipsOnlyTheInputGradient(() -> new Dense(6, 3), x, g, 0);
        skipsOnlyTheInputGradient(() -> Sequential.of(new Dense(6, 4), new ReLU(), new Dense(4, 3)), x, g, 0);
        skipsOnlyTheInputGradient(() -> Sequential.of(Sequential.of(new Dense(6, 4), new Tanh()), new Dense(4, 3)), x, g, 0);
    }

    @Test
    void convolutionFirstSkipsTheInputGradient() {
        int[][] cases = {{1, 20, 5, 1, 0, 12, 12}, {1, 8, 3, 1, 1, 9, 11}, {3, 4, 3, 2, 1, 9, 8}, {2, 3, 2, 1, 1, 6, 7}};
        for (int[] t : cases) {
            Padding pad = t[4] == 1 ? Padding.SAME : Padding.VALID;
            Seed.set(t[1] * 31L + t[2]);
            INDArray x = Nd4j.randn(DataType.FLOAT, 3, t[0], t[5], t[6]);
            long[] outShape = new Conv2D(t[0], t[1], t[2], t[3], pad).forward(x, true).shape();
            INDArray g = Nd4j.randn(DataType.FLOAT, outShape);
            skipsOnlyTheInputGradient(() -> new Conv2D(t[0], t[1], t[2], t[3], pad), x, g, 1e-4);
            skipsOnlyTheInputGradient(() -> Sequential.of(new Conv2D(t[0], t[1], t[2], t[3], pad), new ReLU()), x, g, 1e-4);
        }
    }

    @Test
    void marksLastOneStepAndNeverAffectTheKernelsOffPath() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3);
        StepMemory.trainingStep(() -> x, a -> List.of(a), a -> { assertTrue(NoInputGradient.isData(a)); return 0; });
        assertFalse(NoInputGradient.isData(x), "the mark ends with the step");
        try (var off = Kernels.off()) {
            StepMemory.trainingStep(() -> x, a -> List.of(a), a -> { assertFalse(NoInputGradient.isData(a)); return 0; });
        }
    }
}
