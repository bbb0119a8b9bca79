package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** backward(g, false) — what the Trainer calls — fills the same parameter gradients as backward(g) and skips dL/d(input). */
class InputGradientTest {

    private static List<INDArray> gradients(Layer net, INDArray x, INDArray g, boolean inputGradient, INDArray[] dx) {
        net.zeroGrad();
        net.forward(x, true);
        dx[0] = inputGradient ? net.backward(g) : net.backward(g, false);
        return net.parameters().stream().map(p -> p.grad().dup()).toList();
    }

    private static void same(Supplier<Layer> make, INDArray x, INDArray g) { same(make, x, g, 0); }

    /** Parameter gradients of backward(g) and backward(g, false) agree (exactly, or within a relative tol when computed differently). */
    private static void same(Supplier<Layer> make, INDArray x, INDArray g, double tol) {
        Seed.set(4);
        Layer a = make.get();
        Seed.set(4);
        Layer b = make.get();
        INDArray[] dxA = new INDArray[1], dxB = new INDArray[1];
        List<INDArray> full = gradients(a, x, g, true, dxA), skipped = gradients(b, x, g, false, dxB);
        if (tol == 0) assertEquals(full, skipped, "parameter gradients");
        else for (int i = 0; i < full.size(); i++) {
            double scale = full.get(i).amaxNumber().doubleValue();
            double diff = full.get(i).sub(skipped.get(i)).amaxNumber().doubleValue();
            assertTrue(diff <= tol * scale, "parameter " + i + " differs by " + diff + " (largest entry " + scale + ")");
        }
        assertNotNull(dxA[0]);
        assertNull(dxB[0], "no input gradient when not asked for");
    }

    @Test
    void denseAndSequentialSkipOnlyTheInputGradient() {
        Seed.set(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 5, 6), g = Nd4j.randn(DataType.FLOAT, 5, 3);
        same(() -> new Dense(6, 3), x, g);
        same(() -> Sequential.of(new Dense(6, 4), new ReLU(), new Dense(4, 3)), x, g);
        // leading layers without parameters are not run at all; the first Dense skips dx
        INDArray images = Nd4j.randn(DataType.FLOAT, 5, 1, 2, 3);
        same(() -> Sequential.of(new Flatten(), new Dense(6, 4), new ReLU(), new Dense(4, 3)), images, g);
        // nested: the inner Sequential passes the flag on to its own first layer
        same(() -> Sequential.of(Sequential.of(new Dense(6, 4), new Tanh()), new Dense(4, 3)), x, g);
    }

    @Test
    void firstConvolutionComputesOnlyWeightGradients() {
        // valid and same padding, strides 1 and 2, odd sizes, one and three input channels: against conv2d_bp
        int[][] cases = {{1, 20, 5, 1, 0, 12, 12}, {1, 8, 3, 1, 1, 9, 11}, {3, 4, 3, 2, 1, 9, 8}, {3, 5, 4, 2, 0, 11, 10}, {2, 3, 2, 1, 1, 6, 7}};
        for (int[] t : cases) {
            int in = t[0], out = t[1], k = t[2], stride = t[3], h = t[5], w = t[6];
            Padding pad = t[4] == 1 ? Padding.SAME : Padding.VALID;
            Seed.set(t[1] * 31L + t[2]);
            INDArray x = Nd4j.randn(DataType.FLOAT, 3, in, h, w);
            long[] outShape = new Conv2D(in, out, k, stride, pad).forward(x, true).shape();
            INDArray g = Nd4j.randn(DataType.FLOAT, outShape);
            same(() -> new Conv2D(in, out, k, stride, pad), x, g, 1e-4);
            same(() -> Sequential.of(new Conv2D(in, out, k, stride, pad), new ReLU()), x, g, 1e-4);
        }
    }

    @Test
    void layersWithoutTheirOwnVersionStillComputeEverything() {
        Layer relu = new ReLU();
        INDArray x = Nd4j.createFromArray(new float[][]{{-1, 2}}), g = Nd4j.createFromArray(new float[][]{{5, 7}});
        relu.forward(x, true);
        assertEquals(Nd4j.createFromArray(new float[][]{{0, 7}}), relu.backward(g, false));
    }
}
