package org.nnbook.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Seed;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Padding;

import static org.junit.jupiter.api.Assertions.*;

/** The im2col backward pass (dW, db and dx) against libnd4j's conv2d_bp, for strides, paddings and both float types. */
class Im2colConvTest {
    /** {in, out, k, stride, same?, H, W} */
    private static final int[][] CASES = {{1, 20, 5, 1, 0, 12, 12}, {1, 8, 3, 1, 1, 9, 11}, {3, 4, 3, 2, 1, 9, 8},
            {3, 5, 4, 2, 0, 11, 10}, {2, 3, 2, 1, 1, 6, 7}, {4, 6, 5, 1, 0, 8, 8}, {2, 3, 3, 3, 1, 7, 5}, {2, 2, 1, 1, 0, 3, 4}};

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + " differs by " + diff + " (largest entry " + scale + ")");
    }

    private static void check(DataType type, double tol) {
        for (int[] t : CASES) {
            int in = t[0], out = t[1], k = t[2], stride = t[3];
            Padding padding = t[4] == 1 ? Padding.SAME : Padding.VALID;
            Seed.set(t[1] * 31L + t[2]);
            INDArray x = Nd4j.randn(type, 3, in, t[5], t[6]), w = Nd4j.randn(type, out, in, k, k), b = Nd4j.randn(type, out);
            int[] args = OpArgs.window(k, stride, padding == Padding.SAME, 0, 1);
            INDArray y = Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addIntegerArguments(args).build())[0];
            INDArray g = Nd4j.randn(type, y.shape());
            INDArray[] ref = Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, g).addIntegerArguments(args).build());
            String at = type + " case " + java.util.Arrays.toString(t);

            Im2colConv conv = new Im2colConv(k, stride);
            int top = padding.before(t[5], k, stride), left = padding.before(t[6], k, stride);
            INDArray wGrad = Nd4j.ones(type, w.shape()), bGrad = Nd4j.ones(type, out);     // gradients are added to what is there
            assertTrue(Im2colConv.applies(x, w, g, wGrad, bGrad), at);
            INDArray dx = conv.backward(x, w, g, wGrad, bGrad, top, left, true);
            assertClose(ref[0], dx, tol, "dx, " + at);
            assertClose(ref[1].add(1), wGrad, tol, "dW, " + at);
            assertClose(ref[2].add(1), bGrad, tol, "db, " + at);
            assertNull(conv.backward(x, w, g, wGrad, bGrad, top, left, false), at);                    // without dx: twice the weight gradient
            assertClose(ref[1].mul(2).add(1), wGrad, tol, "dW twice, " + at);
        }
    }

    @Test
    void equalsConv2dBpInFloat() { check(DataType.FLOAT, 1e-4); }

    @Test
    void equalsConv2dBpInDouble() { check(DataType.DOUBLE, 1e-10); }

    @Test
    void oneChannelConv2DTakesThisPathWithTheInputGradientAndPassesGradientChecks() {
        Seed.set(6);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 1, 9, 8);
        Conv2D conv = new Conv2D(1, 5, 3, 1, Padding.SAME);
        INDArray y = conv.forward(x, true), g = Nd4j.randn(DataType.FLOAT, y.shape());
        int[] args = OpArgs.window(3, 1, true, 0, 1);
        INDArray[] ref = Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, conv.weight().value(), conv.bias().value(), g)
                .addIntegerArguments(args).build());
        conv.zeroGrad();
        assertClose(ref[0], conv.backward(g), 1e-4, "dx");
        assertClose(ref[1], conv.weight().grad(), 1e-4, "dW");
        assertClose(ref[2], conv.bias().grad(), 1e-4, "db");
        org.nnbook.check.GradientCheck.of(new Conv2D(1, 3, 3, 1, Padding.SAME)).check(Nd4j.randn(DataType.DOUBLE, 2, 1, 6, 5)).requirePassed();
        org.nnbook.check.GradientCheck.of(new Conv2D(1, 2, 4, 2, Padding.SAME)).check(Nd4j.randn(DataType.DOUBLE, 2, 1, 7, 6)).requirePassed();
    }

    @Test
    void worksInsideAWorkspaceAndRejectsWhatItCannotDo() {
        Seed.set(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 2, 6, 6), w = Nd4j.randn(DataType.FLOAT, 3, 2, 3, 3), g = Nd4j.randn(DataType.FLOAT, 2, 3, 4, 4);
        Im2colConv conv = new Im2colConv(3, 1);
        INDArray wGrad = Nd4j.zeros(DataType.FLOAT, 3, 2, 3, 3), bGrad = Nd4j.zeros(DataType.FLOAT, 3);
        INDArray expected = conv.backward(x, w, g, wGrad, bGrad, 0, 0, true).dup();
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
        for (int step = 0; step < 3; step++)
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "IM2COL_TEST")) {
                assertEquals(expected, conv.backward(x.dup(), w, g.dup(), wGrad, bGrad, 0, 0, true), "step " + step);
            }
        assertFalse(Im2colConv.applies(x.permute(0, 1, 3, 2), w, g, wGrad, bGrad), "a view with other strides");
        assertFalse(Im2colConv.applies(x.castTo(DataType.DOUBLE), w, g, wGrad, bGrad), "mixed types");
    }
}
