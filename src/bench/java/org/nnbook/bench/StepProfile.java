package org.nnbook.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nnbook.kernels.StepMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.core.Seed;
import org.nnbook.data.DataLoader;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.loss.Loss;
import org.nnbook.optim.Optimizer;
import org.nnbook.train.Trainer;

import java.util.List;
import java.util.Locale;

/**
 * Where nnbook's training step spends its time: ND4J op calls per step (each one a JNI call) and
 * the time of each phase of a step, for one {@link Workload}. A tool for whoever tunes the library;
 * {@code binder/bench} does not run it.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp ... org.nnbook.bench.StepProfile mlp-sgd [steps] [--ops] [--layers]
 * </pre>
 *
 * <p>{@code --layers} adds the forward and backward time of each layer of a {@link Sequential} model.
 */
public final class StepProfile {
    private StepProfile() {}

    /** Adds the time since the last lap to phase i (none for i < 0) and starts the next lap. */
    private static void lap(long[] wall, long[] cpu, int i, long[] t, java.lang.management.ThreadMXBean mx) {
        long w = System.nanoTime(), c = mx.getCurrentThreadCpuTime();
        if (i >= 0) { wall[i] += w - t[0]; cpu[i] += c - t[1]; }
        t[0] = w;
        t[1] = c;
    }

    public static void main(String[] args) {
        Workload w = Workload.of(args.length > 0 ? args[0] : "mlp-sgd");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        boolean ops = List.of(args).contains("--ops"), layers = List.of(args).contains("--layers");
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Dataset train = w.text() ? CharText.sequences().take(steps * w.batch) : Mnist.smallTrain();
        if (w.images) train = Mnist.asImages(train);
        Seed.set(42);
        Layer model = w.nnbookModel();
        Optimizer opt = w.nnbookOptimizer();
        Loss loss = w.nnbookLoss();
        Trainer trainer = new Trainer(model, loss, opt).epochs(1).batchSize(w.batch).quiet();
        trainer.fit(train);                                 // warm-up
        int perEpoch = train.size() / w.batch;

        // whole Trainer.fit, per step
        long t0 = System.nanoTime();
        int done = 0;
        while (done < steps) { trainer.fit(train); done += (train.size() + w.batch - 1) / w.batch; }
        double fitUs = (System.nanoTime() - t0) / 1e3 / done;

        // the same step, phase by phase (as Trainer.step does it)
        List<Parameter> params = model.parameters();
        long[] phase = new long[6], cpu = new long[6];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] names = {"data (DataLoader)", "zeroGrad", "forward", "loss", "backward", "optimizer"};
        int n = 0;
        while (n < steps) {
            var it = new DataLoader(train, w.batch, true, 42).iterator();
            for (int b = 0; b < perEpoch && n < steps; b++, n++) {
                long[] t = {System.nanoTime(), mx.getCurrentThreadCpuTime()};
                // as Trainer.fit does it: in the step's reused memory, the batch marked as data (no dL/dx for the first layer)
                StepMemory.trainingStep(() -> { lap(phase, cpu, -1, t, mx); return it.next(); }, batch -> batch.inputs().arrays(), batch -> {
                    lap(phase, cpu, 0, t, mx);
                    for (Parameter p : params) p.zeroGrad();
                    lap(phase, cpu, 1, t, mx);
                    INDArray yHat = model.forward(batch.inputs(), true);
                    lap(phase, cpu, 2, t, mx);
                    loss.forward(yHat, batch.y());
                    loss.countCorrect(yHat, batch.y());
                    lap(phase, cpu, 3, t, mx);
                    model.backward(loss.backward());
                    lap(phase, cpu, 4, t, mx);
                    opt.step(params);
                    lap(phase, cpu, 5, t, mx);
                    return 0;
                });
            }
        }
        System.out.printf(Locale.ROOT, "%s, OMP_NUM_THREADS=%s: Trainer.fit %.0f us/step = %.0f samples/s; load %s%n", w.id,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "?"), fitUs, w.batch * 1e6 / fitUs, Bench.loadAverage());
        long total = 0, totalCpu = 0;
        for (int i = 0; i < phase.length; i++) { total += phase[i]; totalCpu += cpu[i]; }
        System.out.printf(Locale.ROOT, "  %-18s %9s %9s   (CPU time of this thread: all of the work when OMP_NUM_THREADS=1)%n", "per step, us", "wall", "cpu");
        for (int i = 0; i < phase.length; i++)
            System.out.printf(Locale.ROOT, "  %-18s %9.0f %9.0f%n", names[i], phase[i] / 1e3 / steps, cpu[i] / 1e3 / steps);
        System.out.printf(Locale.ROOT, "  %-18s %9.0f %9.0f  = %.0f samples per CPU second%n", "sum of phases", total / 1e3 / steps, totalCpu / 1e3 / steps,
                w.batch * 1e9 * steps / totalCpu);

        if (layers && model instanceof Sequential seq) layerTimes(seq, loss, train, w.batch, steps);
        if (ops) {     // op counts: one epoch with ND4J's profiler on
            Nd4j.getExecutioner().setProfilingMode(org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.OPERATIONS);
            OpProfiler.getInstance().reset();
            trainer.fit(train);
            long count = OpProfiler.getInstance().getInvocationsCount();
            System.out.printf(Locale.ROOT, "ND4J op calls per Trainer step: %.1f%n", (double) count / perEpoch);
            OpProfiler.getInstance().printOutDashboard();
        }
        System.exit(0);
    }

    /** Forward and backward wall time, and CPU time of this thread (all of the work with OMP_NUM_THREADS=1, and robust to other load), of each layer, per step, as Trainer.fit runs them (the first layer without dL/dx). */
    private static void layerTimes(Sequential seq, Loss loss, Dataset train, int batch, int steps) {
        List<Layer> ls = seq.layers();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] fwd = new long[ls.size()], bwd = new long[ls.size()], fwdWall = new long[ls.size()], bwdWall = new long[ls.size()];
        List<Parameter> params = seq.parameters();
        int n = 0, perEpoch = train.size() / batch;
        while (n < steps) {
            var it = new DataLoader(train, batch, true, 42).iterator();
            for (int b = 0; b < perEpoch && n < steps; b++, n++) {
                StepMemory.trainingStep(it::next, bt -> bt.inputs().arrays(), bt -> {
                    for (Parameter p : params) p.zeroGrad();
                    INDArray a = bt.x();
                    for (int i = 0; i < ls.size(); i++) {
                        long t = mx.getCurrentThreadCpuTime(), tw = System.nanoTime();
                        a = ls.get(i).forward(a, true);
                        fwd[i] += mx.getCurrentThreadCpuTime() - t;
                        fwdWall[i] += System.nanoTime() - tw;
                    }
                    loss.forward(a, bt.y());
                    INDArray g = loss.backward();
                    for (int i = ls.size() - 1; i >= 0 && g != null; i--) {
                        long t = mx.getCurrentThreadCpuTime(), tw = System.nanoTime();
                        g = ls.get(i).backward(g);
                        bwd[i] += mx.getCurrentThreadCpuTime() - t;
                        bwdWall[i] += System.nanoTime() - tw;
                    }
                    return 0;
                });
            }
        }
        System.out.printf(Locale.ROOT, "  %-40s %9s %9s %9s %9s   (us per step)%n", "layer", "fwd wall", "fwd cpu", "bwd wall", "bwd cpu");
        for (int i = 0; i < ls.size(); i++)
            System.out.printf(Locale.ROOT, "  %-40s %9.0f %9.0f %9.0f %9.0f%n", ls.get(i), fwdWall[i] / 1e3 / steps, fwd[i] / 1e3 / steps,
                    bwdWall[i] / 1e3 / steps, bwd[i] / 1e3 / steps);
    }
}
