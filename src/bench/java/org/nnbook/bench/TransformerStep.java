package org.nnbook.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.kernels.Kernels;
import org.nnbook.kernels.StepMemory;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.models.Transformer;
import org.nnbook.optim.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training step of notebook 12's translation Transformer (2+2 pre-norm layers, d 128, 4 heads,
 * dFF 512, tied output over a 4,000-token vocabulary, Adam 2e-3, SparseCrossEntropy ignoring PAD 0)
 * on batches of 32 sentence pairs of up to 32 tokens, timed as the Trainer runs it: zero the
 * gradients, forward, loss, backward, Adam, in {@link StepMemory}'s reused memory. Prints ms per
 * step, target tokens per second and the time of each phase, then RESULT, NA (DL4J) and INFO lines for
 * binder/bench ({@link BenchTable}: the rate is target tokens/s; the losses are the first warm-up
 * step's and the last timed step's, on 16 batches seen again and again).
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp ... org.nnbook.bench.TransformerStep [--steps 40] [--reps 3] [--plain]
 * </pre>
 * The batches come from {@link StepBatches#of}, the same generator as transformer_step_torch.py, so
 * both frameworks train on the same ids. {@code --plain} turns the kernels off.
 */
public final class TransformerStep {
    static final int VOCAB = 4000, D = 128, HEADS = 4, LAYERS = 2, BATCH = 32, LEN = 32, PAD = 0;

    private TransformerStep() {}

    public static void main(String[] args) {
        int steps = 40, reps = 3;
        boolean plain = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--plain" -> plain = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Seed.set(42);
        Transformer model = new Transformer(VOCAB, VOCAB, D, HEADS, LAYERS, 0.0);
        List<Parameter> params = model.parameters();
        long count = params.stream().mapToLong(p -> p.value().length()).sum();
        SparseCrossEntropy loss = new SparseCrossEntropy(PAD);
        Adam adam = new Adam(2e-3);
        List<StepBatches.Pair> batches = StepBatches.of(16, BATCH, LEN, VOCAB);
        long[] phase = new long[4];
        String[] names = {"forward", "loss", "backward", "adam"};
        Kernels.Restore restore = plain ? Kernels.off() : Kernels.onFor();
        try (restore) {
            double first = step(model, loss, adam, params, batches.get(0), new long[4]), last = first;
            for (int i = 1; i < 10; i++) step(model, loss, adam, params, batches.get(i % batches.size()), new long[4]);   // warm-up
            System.out.printf(Locale.ROOT, "nnbook Transformer step: %,d parameters, batch %d x %d, kernels %s, OMP_NUM_THREADS=%s, load %s%n",
                    count, BATCH, LEN, plain ? "off" : "on", System.getenv("OMP_NUM_THREADS"), load());
            double best = Double.MAX_VALUE, bestTokens = 0;
            for (int r = 0; r < reps; r++) {
                java.util.Arrays.fill(phase, 0);
                long tokens = 0, t0 = System.nanoTime(), cpu0 = processCpu();
                for (int s = 0; s < steps; s++) {
                    StepBatches.Pair b = batches.get(s % batches.size());
                    last = step(model, loss, adam, params, b, phase);
                    tokens += b.targetTokens();
                }
                double cpuMs = (processCpu() - cpu0) / 1e6 / steps;
                double ms = (System.nanoTime() - t0) / 1e6 / steps, perSecond = tokens / ((System.nanoTime() - t0) / 1e9);
                StringBuilder parts = new StringBuilder();
                for (int i = 0; i < 4; i++) parts.append(String.format(Locale.ROOT, " %s %.1f", names[i], phase[i] / 1e6 / steps));
                System.out.printf(Locale.ROOT, "  rep %d: %.1f ms/step (process CPU %.1f ms/step), %,.0f target tokens/s  (ms:%s)%n", r + 1, ms, cpuMs,
                        perSecond, parts);
                if (ms < best) { best = ms; bestTokens = perSecond; }
            }
            String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "?")
                    + (System.getenv("NNBOOK_BLAS_THREADS") == null ? "" : "+" + System.getenv("NNBOOK_BLAS_THREADS"));
            System.out.printf(Locale.ROOT, "RESULT\tnnbook\ttransformer\t%s\t%.1f\t%d\t%.4f\t%.4f\t%d%n", threads, bestTokens, count, first, last,
                    10 + reps * steps);
            System.out.printf(Locale.ROOT, "best %.1f ms/step%n", best);
            System.out.println("NA\tdl4j\ttransformer\t" + threads + "\tDL4J 1.0.0-M2.1's MultiLayerNetwork is one stack of layers with one input; an encoder-decoder"
                    + " with cross-attention needs a ComputationGraph with custom vertices, so no like-for-like peer");
            System.out.println("INFO\tnnbook transformer threads=" + threads + " done load=" + load().replace(' ', ','));
        }
    }

    private static double step(Transformer model, SparseCrossEntropy loss, Adam adam, List<Parameter> params, StepBatches.Pair b, long[] phase) {
        return StepMemory.trainingStep(() -> b, x -> List.of(b.source(), b.targetIn()), x -> {
            long t = System.nanoTime();
            for (Parameter p : params) p.zeroGrad();
            INDArray scores = model.forward(Inputs.of(b.source(), b.targetIn()).withMask(b.sourceMask()), true);
            long t1 = System.nanoTime();
            double l = loss.forward(scores, b.targetOut());
            INDArray g = loss.backward();
            long t2 = System.nanoTime();
            model.backward(g);
            long t3 = System.nanoTime();
            adam.step(params);
            long t4 = System.nanoTime();
            phase[0] += t1 - t; phase[1] += t2 - t1; phase[2] += t3 - t2; phase[3] += t4 - t3;
            return l;
        });
    }

    /** CPU time of the whole process (every thread), which a busy machine stretches less than the wall time. */
    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String load() {
        try {
            return String.join(" ", java.util.Arrays.copyOf(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
