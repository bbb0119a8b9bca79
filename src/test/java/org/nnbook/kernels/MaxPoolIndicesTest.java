package org.nnbook.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Seed;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.Padding;

import static org.junit.jupiter.api.Assertions.*;

/** The recorded-indices max pooling (what {@link MaxPool2D} runs in training) against libnd4j's maxpool2d and maxpool2d_bp. */
class MaxPoolIndicesTest {
    /** {size, stride, same?, H, W}: the 2x2 fast loop (even, odd, SAME-even) and the general loop (overlapping, padded, odd). */
    private static final int[][] CASES = {{2, 2, 0, 8, 8}, {2, 2, 0, 7, 9}, {2, 2, 1, 6, 8}, {2, 2, 1, 7, 5}, {3, 2, 1, 7, 6},
            {3, 1, 0, 5, 6}, {2, 1, 1, 5, 5}, {3, 3, 1, 8, 7}, {1, 1, 0, 3, 4}};

    /** Random values; with {@code ties}, only -1, 0 (half of them -0) and 1, so that most windows hold equal maxima. */
    private static INDArray input(DataType type, long[] shape, boolean ties) {
        INDArray x = Nd4j.randn(DataType.DOUBLE, shape);
        if (ties) {
            double[] v = x.data().asDouble();
            for (int i = 0; i < v.length; i++) v[i] = v[i] > 0.7 ? 1 : v[i] < -0.7 ? -1 : (i % 2 == 0 ? -0.0 : 0.0);
            x = Nd4j.createFromArray(v).reshape(shape);
        }
        return x.castTo(type);
    }

    private static void checkAgainstLibnd4j(DataType type, boolean ties) {
        Seed.set(7);
        for (int[] c : CASES) {
            Padding padding = c[2] == 1 ? Padding.SAME : Padding.VALID;
            INDArray x = input(type, new long[]{2, 3, c[3], c[4]}, ties);
            MaxPool2D pool = new MaxPool2D(c[0], c[1], padding);
            int[] args = OpArgs.window(c[0], c[1], padding == Padding.SAME, 0, 0);
            String at = type + (ties ? " with ties" : "") + ", case " + java.util.Arrays.toString(c);
            INDArray y = pool.forward(x, true);
            INDArray yRef = OpArgs.withoutHelpers("maxpool2d", args, Nd4j.createUninitialized(type, y.shape()), x);
            assertEquals(yRef, y, "forward, " + at);
            INDArray g = Nd4j.randn(type, y.shape());
            INDArray dxRef = OpArgs.withoutHelpers("maxpool2d_bp", args, Nd4j.createUninitialized(type, x.shape()), x, g);
            assertTrue(dxRef.equalsWithEps(pool.backward(g), 1e-6), "backward, " + at);
        }
    }

    @Test
    void equalsLibnd4jOnRandomInputs() {
        checkAgainstLibnd4j(DataType.FLOAT, false);
        checkAgainstLibnd4j(DataType.DOUBLE, false);
    }

    @Test
    void tiesGoToTheFirstMaximumAsInLibnd4j() {
        checkAgainstLibnd4j(DataType.FLOAT, true);
        checkAgainstLibnd4j(DataType.DOUBLE, true);
    }

    @Test
    void recordsIndicesOnlyInTraining() {
        MaxPool2D pool = new MaxPool2D(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 2, 4, 4), g = Nd4j.randn(DataType.FLOAT, 2, 2, 2, 2);
        pool.forward(x, true);
        INDArray expected = pool.backward(g);
        // an evaluation pass on other data afterwards: backward must use that data, not the old indices
        INDArray other = Nd4j.randn(DataType.FLOAT, 2, 2, 4, 4);
        pool.forward(other, false);
        INDArray ref = OpArgs.withoutHelpers("maxpool2d_bp", OpArgs.window(2, 2, false, 0, 0), Nd4j.createUninitialized(DataType.FLOAT, 2, 2, 4, 4), other, g);
        assertEquals(ref, pool.backward(g));
        pool.forward(x, true);
        assertEquals(expected, pool.backward(g));
    }

    @Test
    void viewsAndWorkspacesGiveTheSameResult() {
        Seed.set(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 6, 6, 3), g = Nd4j.randn(DataType.FLOAT, 2, 3, 3, 3);
        INDArray nchw = x.permute(0, 3, 1, 2);                   // a view with other strides: the op path
        MaxPool2D pool = new MaxPool2D(2);
        INDArray y = pool.forward(nchw, true).dup(), dx = pool.backward(g).dup();
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
        for (int step = 0; step < 3; step++) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "MAXPOOL_TEST")) {
                INDArray xs = nchw.dup('c');                     // dense, in the workspace: the indices path
                assertEquals(y, pool.forward(xs, true), "step " + step);
                assertEquals(dx, pool.backward(g), "step " + step);
            }
        }
        assertArrayEquals(new long[]{2, 3, 3, 3}, y.shape());
    }
}
