package org.nnbook.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.layers.GRU;
import org.nnbook.layers.LSTM;
import org.nnbook.layers.Recurrent;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** LSTM's and GRU's fast paths (LstmKernel, GruKernel) against their plain step-by-step versions in float32: outputs, dx, every gradient, the carried state. */
class RecurrentKernelsTest {

    private record Pass(INDArray y, INDArray dx, List<INDArray> grads, INDArray second) {}

    /**
     * Two forward passes (the second from the carried state, when carrying) and one backward, with kernels on or off;
     * the first forward as in training, or for inference (then the kernel keeps nothing, and the backward runs it again).
     */
    private static Pass pass(boolean gru, boolean kernels, boolean allSteps, boolean masked, boolean carry, boolean training) {
        try (Kernels.Restore ignored = kernels ? Kernels.onFor() : Kernels.off()) {
            Seed.set(21);
            Recurrent lstm = gru ? new GRU(5, 7) : new LSTM(5, 7);
            if (!allSteps) lstm.lastOnly();
            lstm.carryState(carry);
            INDArray x = Nd4j.randn(DataType.FLOAT, 3, 6, 5);
            INDArray mask = masked ? Nd4j.createFromArray(new float[][]{{1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}, {1, 0, 0, 0, 0, 0}}) : null;
            INDArray y = lstm.forward(x, mask, training).dup();
            INDArray g = Nd4j.randn(DataType.FLOAT, y.shape());
            lstm.zeroGrad();
            INDArray dx = lstm.backward(g).dup();
            List<INDArray> grads = new ArrayList<>();
            for (Parameter p : lstm.parameters()) grads.add(p.grad().dup());
            INDArray second = lstm.forward(x.mul(0.5), mask, false).dup();
            return new Pass(y, dx, grads, second);
        }
    }

    private static void close(INDArray plain, INDArray fast, String what) {
        assertArrayEquals(plain.shape(), fast.shape(), what + ": shapes");
        double scale = Math.max(1e-30, plain.amaxNumber().doubleValue()), diff = plain.sub(fast).amaxNumber().doubleValue();
        assertTrue(diff <= 2e-5 * scale, what + " differs by " + diff + " (largest entry " + scale + ")");
    }

    @Test
    void theKernelGivesWhatThePlainVersionGives() {
        assertTrue(LstmKernel.applies(Nd4j.ones(DataType.FLOAT, 1, 1, 1), Nd4j.ones(DataType.FLOAT, 2, 2)), "the fast path is on here");
        for (boolean gru : new boolean[]{false, true})
        for (boolean allSteps : new boolean[]{true, false})
            for (boolean masked : new boolean[]{false, true})
                for (boolean carry : new boolean[]{false, true})
                    for (boolean training : new boolean[]{true, false}) {
                        String c = (gru ? "GRU, " : "LSTM, ") + (allSteps ? "every step" : "last only") + (masked ? ", padded" : "")
                                + (carry ? ", carried" : "") + (training ? "" : ", backward after an inference forward");
                        long before = LstmKernel.forwardRuns + GruKernel.forwardRuns;
                        Pass plain = pass(gru, false, allSteps, masked, carry, training);
                        assertEquals(before, LstmKernel.forwardRuns + GruKernel.forwardRuns, c + ": kernels off: the plain version");
                        Pass fast = pass(gru, true, allSteps, masked, carry, training);
                        assertEquals(before + (training ? 2 : 3), LstmKernel.forwardRuns + GruKernel.forwardRuns,
                                c + ": kernels on: both passes by the kernel (and the first again for its backward after inference)");
                        close(plain.y(), fast.y(), c + ": y");
                        close(plain.dx(), fast.dx(), c + ": dx");
                        for (int k = 0; k < plain.grads().size(); k++) close(plain.grads().get(k), fast.grads().get(k), c + ": gradient " + k);
                        close(plain.second(), fast.second(), c + ": the next forward pass");
                    }
    }

    /** An inference forward keeps one step's gates, not every step's: a backward straight on the kernel says so. */
    @Test
    void anInferenceForwardKeepsNothingForABackward() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 4), h0 = Nd4j.zeros(DataType.FLOAT, 2, 5), g = Nd4j.ones(DataType.FLOAT, 2, 3, 5);
        LstmKernel lstm = new LstmKernel();
        lstm.forward(x, null, h0, h0, Nd4j.rand(DataType.FLOAT, 4, 20), Nd4j.rand(DataType.FLOAT, 5, 20), Nd4j.zeros(DataType.FLOAT, 1, 20), true, false);
        var e = assertThrows(IllegalStateException.class, () -> lstm.backward(g, true, null, null, null, null, null));
        assertTrue(e.getMessage().contains("inference"), e.getMessage());
        GruKernel gru = new GruKernel();
        gru.forward(x, null, h0, Nd4j.rand(DataType.FLOAT, 4, 15), Nd4j.rand(DataType.FLOAT, 5, 15), Nd4j.zeros(DataType.FLOAT, 1, 15), Nd4j.zeros(DataType.FLOAT, 1, 15), true, false);
        assertThrows(IllegalStateException.class, () -> gru.backward(g, true, null, null, null, null, null, null));
    }

    /** As the Trainer runs them: forward and backward inside the training step's reused memory (an ND4J workspace), larger than above. */
    @Test
    void insideATrainingStepsReusedMemory() {
        for (boolean gru : new boolean[]{false, true}) {
            Pass plain = workspacePass(gru, false), fast = workspacePass(gru, true);
            String c = gru ? "GRU in a workspace" : "LSTM in a workspace";
            close(plain.y(), fast.y(), c + ": y");
            close(plain.dx(), fast.dx(), c + ": dx");
            for (int k = 0; k < plain.grads().size(); k++) close(plain.grads().get(k), fast.grads().get(k), c + ": gradient " + k);
        }
    }

    private static Pass workspacePass(boolean gru, boolean kernels) {
        try (Kernels.Restore ignored = kernels ? Kernels.onFor() : Kernels.off()) {
            Seed.set(5);
            Recurrent layer = gru ? new GRU(9, 13) : new LSTM(9, 13);
            INDArray x = Nd4j.randn(DataType.FLOAT, 4, 11, 9), g = Nd4j.randn(DataType.FLOAT, 4, 11, 13);
            INDArray mask = Nd4j.ones(DataType.FLOAT, 4, 11);
            mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2), org.nd4j.linalg.indexing.NDArrayIndex.interval(7, 11)).assign(0);
            INDArray[] out = new INDArray[2];
            for (int round = 0; round < 2; round++)         // the second round reuses the memory of the first
                StepMemory.trainingStep(() -> x, b -> List.of(), b -> {
                    layer.zeroGrad();
                    out[0] = layer.forward(b, mask, true).detach();
                    out[1] = layer.backward(g).detach();
                    return 0;
                });
            List<INDArray> grads = new ArrayList<>();
            for (Parameter p : layer.parameters()) grads.add(p.grad().dup());
            return new Pass(out[0], out[1], grads, null);
        }
    }

    /**
     * Split into lanes (threads, each running every step of its share of the sequences), 2 and 3 of them over 3
     * sequences, one lane short (padded): the same as the plain version, and as one lane to the last bit.
     */
    @Test
    void lanesSideBySideGiveWhatOneLaneGives() {
        for (boolean gru : new boolean[]{false, true})
            for (boolean allSteps : new boolean[]{true, false}) {
                String c = (gru ? "GRU" : "LSTM") + (allSteps ? ", every step" : ", last only");
                Pass plain = pass(gru, false, allSteps, true, true, true), one;
                Lanes.fix(1);
                try {
                    one = pass(gru, true, allSteps, true, true, true);
                    for (int lanes = 2; lanes <= 3; lanes++) {
                        Lanes.fix(lanes);
                        assertEquals(lanes, Lanes.count(3));
                        Pass split = pass(gru, true, allSteps, true, true, true);
                        String cl = c + ", " + lanes + " lanes";
                        close(plain.y(), split.y(), cl + ": y");
                        close(plain.dx(), split.dx(), cl + ": dx");
                        assertEquals(one.y(), split.y(), cl + ": y as one lane's");
                        assertEquals(one.dx(), split.dx(), cl + ": dx as one lane's");
                        for (int k = 0; k < one.grads().size(); k++) {
                            close(plain.grads().get(k), split.grads().get(k), cl + ": gradient " + k);
                            assertTrue(one.grads().get(k).equalsWithEps(split.grads().get(k), 1e-6), cl + ": gradient " + k + " as one lane's");
                        }
                        assertEquals(one.second(), split.second(), cl + ": the next forward pass as one lane's");
                    }
                } finally {
                    Lanes.fix(0);
                }
            }
    }

    @Test
    void howManyLanes() {
        assertEquals(1, Lanes.count(1), "one sequence: one lane");
        assertEquals(1, Lanes.count(Lanes.MIN_ROWS * 2 - 1), "too few rows for two lanes");
        assertTrue(Lanes.count(64) >= 1 && Lanes.count(64) <= Runtime.getRuntime().availableProcessors());
        int[] starts = new int[4];
        for (int k = 0; k <= 3; k++) starts[k] = Lanes.start(k, 3, 10);
        assertArrayEquals(new int[]{0, 4, 7, 10}, starts, "10 rows in 3 lanes: 4, 3, 3");
        var e = assertThrows(IllegalArgumentException.class, () -> Lanes.run(4, 2, (lane, from, to) -> {
            if (lane == 1) throw new IllegalArgumentException("lane 1 failed");
        }));
        assertEquals("lane 1 failed", e.getMessage(), "a lane's error reaches the caller");
    }

    @Test
    void doublePrecisionRunsThePlainVersion() {
        assertFalse(LstmKernel.applies(Nd4j.ones(DataType.DOUBLE, 1, 1, 1), Nd4j.ones(DataType.FLOAT, 2, 2)));
        assertFalse(LstmKernel.applies(Nd4j.ones(DataType.FLOAT, 1, 1, 1), Nd4j.ones(DataType.FLOAT, 4, 4).transpose()));
    }
}
