package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Where {@link GruKernel} and {@link LstmKernel} spend their time on the benchmark's shape (batch 32,
 * 100 steps, 256 in, 256 units): the whole forward and backward, and their parts alone (the input
 * product, the per-step products, the closing products), each in a workspace as the Trainer runs a
 * step. CPU time of this thread, so run it with
 * {@code OMP_NUM_THREADS=1}; a tool for whoever tunes the kernels, not part of {@code binder/bench}.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp ... org.nnbook.kernels.RecurrentProfile [gru|lstm] [rounds]
 * </pre>
 */
public final class RecurrentProfile {
    private RecurrentProfile() {}

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    /** -Dwall=true: wall-clock time instead of this thread's CPU time (for more than one BLAS thread). */
    private static final boolean WALL = Boolean.getBoolean("wall");

    /** Best CPU time of {@code rounds} runs, each in reused memory as in a training step. */
    private static double ms(Runnable r, int rounds) {
        long best = Long.MAX_VALUE;
        for (int i = -2; i < rounds; i++) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(Memory.LOOP_WORKSPACE, "PROFILE")) {
                long t0 = WALL ? System.nanoTime() : MX.getCurrentThreadCpuTime();
                r.run();
                if (i >= 0) best = Math.min(best, (WALL ? System.nanoTime() : MX.getCurrentThreadCpuTime()) - t0);
            }
        }
        return best / 1e6;
    }

    public static void main(String[] args) {
        String cell = args.length > 0 ? args[0] : "gru";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        int n = 32, t = 100, d = 256, h = 256, g = cell.equals("gru") ? 3 : 4;
        INDArray x = Nd4j.rand(DataType.FLOAT, n, t, d).subi(0.5);
        INDArray wx = Nd4j.rand(DataType.FLOAT, d, g * h).subi(0.5).muli(0.1), wh = Nd4j.rand(DataType.FLOAT, h, g * h).subi(0.5).muli(0.1);
        INDArray bx = Nd4j.zeros(DataType.FLOAT, 1, g * h), bh = Nd4j.zeros(DataType.FLOAT, 1, g * h);
        INDArray dWx = Nd4j.zeros(DataType.FLOAT, d, g * h), dWh = Nd4j.zeros(DataType.FLOAT, h, g * h);
        INDArray dBx = Nd4j.zeros(DataType.FLOAT, 1, g * h), dBh = Nd4j.zeros(DataType.FLOAT, 1, g * h);
        INDArray h0 = Nd4j.zeros(DataType.FLOAT, n, h), gradOut = Nd4j.rand(DataType.FLOAT, n, t, h).subi(0.5);
        System.out.printf(Locale.ROOT, "%s, OMP_NUM_THREADS=%s, BLAS threads %d, best of %d, %s ms%n", cell,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "?"), BlasThreads.get(), rounds, WALL ? "wall" : "CPU (this thread)");
        double fwd, bwd;
        if (cell.equals("gru")) {
            GruKernel k = new GruKernel();
            fwd = ms(() -> k.forward(x, null, h0, wx, wh, bx, bh, true, true), rounds);
            bwd = ms(() -> { k.forward(x, null, h0, wx, wh, bx, bh, true, true); k.backward(gradOut, true, wx, wh, dWx, dWh, dBx, dBh); }, rounds) - fwd;
        } else {
            LstmKernel k = new LstmKernel();
            fwd = ms(() -> k.forward(x, null, h0, h0, wx, wh, bx, true, true), rounds);
            bwd = ms(() -> { k.forward(x, null, h0, h0, wx, wh, bx, true, true); k.backward(gradOut, true, wx, wh, dWx, dWh, dBx); }, rounds) - fwd;
        }
        INDArray xT = Nd4j.rand(DataType.FLOAT, (long) t * n, d), u = Nd4j.create(DataType.FLOAT, (long) t * n, g * h);
        INDArray hs = Nd4j.rand(DataType.FLOAT, t + 1L, n, h), dh = Nd4j.create(DataType.FLOAT, n, h);
        double inGemm = ms(() -> Blas.gemmAt(xT, 0, false, wx, 0, false, u, 0, t * n, g * h, d, 1, 0), rounds);
        double stepGemm = ms(() -> { for (int s = 0; s < t; s++) Blas.gemmAt(hs, (long) s * n * h, false, wh, 0, false, u, (long) s * n * g * h, n, g * h, h, 1, 0); }, rounds);
        double stepGemmBack = ms(() -> { for (int s = 0; s < t; s++) Blas.gemmAt(u, (long) s * n * g * h, false, wh, 0, true, dh, 0, n, h, g * h, 1, 1); }, rounds);
        double wGrads = ms(() -> { Blas.gemmAt(xT, 0, true, u, 0, false, dWx, 0, d, g * h, t * n, 1, 1); Blas.gemmAt(hs, 0, true, u, 0, false, dWh, 0, h, g * h, t * n, 1, 1); }, rounds);
        double dx = ms(() -> Blas.gemmAt(u, 0, false, wx, 0, true, xT, 0, t * n, d, g * h, 1, 0), rounds);
        INDArray cT = Nd4j.create(DataType.FLOAT, g * h, n), dhT = Nd4j.create(DataType.FLOAT, h, n);
        double stepT = ms(() -> { for (int s = 0; s < t; s++) Blas.gemmAt(wh, 0, g * h, true, hs, (long) s * n * h, h, true, cT, 0, n, g * h, n, h, 1, 0); }, rounds);
        double stepBackT = ms(() -> { for (int s = 0; s < t; s++) Blas.gemmAt(wh, 0, g * h, false, u, (long) s * n * g * h, g * h, true, dhT, 0, n, h, n, g * h, 1, 0); }, rounds);
        System.out.printf(Locale.ROOT, "  transposed per-step gemms: fwd %.1f, bwd %.1f%n", stepT, stepBackT);
        System.out.printf(Locale.ROOT, "forward %.1f  backward %.1f  total %.1f%n", fwd, bwd, fwd + bwd);
        System.out.printf(Locale.ROOT, "  input gemm %.1f, per-step gemms fwd %.1f, per-step gemms bwd %.1f, dWx+dWh %.1f, dx %.1f%n",
                inGemm, stepGemm, stepGemmBack, wGrads, dx);
        System.out.printf(Locale.ROOT, "  => forward loops+rest %.1f, backward loops+rest %.1f%n", fwd - inGemm - stepGemm, bwd - stepGemmBack - wGrads - dx);
        System.exit(0);
    }
}
