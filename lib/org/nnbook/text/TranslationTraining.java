package org.nnbook.text;

import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.kernels.StepMemory;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.models.Transformer;
import org.nnbook.notebook.Display;
import org.nnbook.optim.Optimizer;
import org.nnbook.optim.Schedule;

import java.util.Arrays;
import java.util.List;

/**
 * Trains a {@link Transformer} for a number of optimizer steps on {@link TokenBatches}: step k takes
 * batch {@code order[k]}, computes the cross-entropy of the next target token over the real target
 * tokens ({@code SparseCrossEntropy(PAD)}), back-propagates and updates, with the learning rate of
 * {@code schedule} at that step.
 * <pre>{@code
 * var curve = new TranslationTraining(model, new Adam(2e-3), Schedule.inverseSqrt(2e-3, 400)).fit(batches, order);
 * }</pre>
 * In a notebook a progress line (step, loss, tokens/s, time left) is updated in place; elsewhere one
 * line is printed every {@code printEvery} steps. {@code src/bench/python/translate_torch.py} does the
 * same with PyTorch on the same batches ({@link BatchFile}).
 */
public final class TranslationTraining {
    /** Loss at every step, and the speed: real target tokens (EOS included, padding not) per second of training. */
    public record Curve(double[] loss, double seconds, long targetTokens, long sourceTokens) {
        public double targetTokensPerSecond() { return targetTokens / seconds; }

        /** Source and target tokens per second. */
        public double tokensPerSecond() { return (targetTokens + sourceTokens) / seconds; }

        /** Mean loss of the first (or last, negative) {@code n} steps. */
        public double mean(int from, int to) { return Arrays.stream(loss, from, to).average().orElse(Double.NaN); }

        public double firstLoss() { return mean(0, Math.min(loss.length, 20)); }

        public double lastLoss() { return mean(Math.max(0, loss.length - 20), loss.length); }

        /** The loss smoothed over windows of {@code window} steps (for a chart). */
        public double[] smoothed(int window) {
            double[] s = new double[loss.length / window];
            for (int i = 0; i < s.length; i++) s[i] = mean(i * window, (i + 1) * window);
            return s;
        }

        @Override
        public String toString() {
            return String.format("Curve(%d steps, loss %.3f -> %.3f, %.0f s, %.0f target tokens/s)", loss.length, firstLoss(), lastLoss(), seconds, targetTokensPerSecond());
        }
    }

    private final Transformer model;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private int printEvery = 100;
    private boolean quiet;

    public TranslationTraining(Transformer model, Optimizer optimizer, Schedule schedule) {
        if (model == null || optimizer == null || schedule == null) throw new IllegalArgumentException("TranslationTraining needs a model, an optimizer and a schedule.");
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
    }

    /** Steps between printed progress lines outside a notebook (default 100). */
    public TranslationTraining printEvery(int steps) { this.printEvery = Math.max(1, steps); return this; }

    /** No progress at all. */
    public TranslationTraining quiet() { quiet = true; return this; }

    /** Trains order.length steps, step k on batches.get(order[k]). */
    public Curve fit(List<TokenBatches.Batch> batches, int[] order) {
        List<Parameter> params = Parameters.distinct(model.parameters());
        SparseCrossEntropy loss = new SparseCrossEntropy(BytePairEncoding.PAD);
        Display display = quiet ? Display.none() : Display.kernel();
        Object handle = display.available() ? display.show("training...") : null;
        double[] losses = new double[order.length];
        double seconds = 0;
        long targetTokens = 0, sourceTokens = 0, lastShown = System.nanoTime();
        for (int step = 0; step < order.length; step++) {
            TokenBatches.Batch batch = batches.get(order[step]);
            optimizer.lr(schedule.lr(0, step));
            long t0 = System.nanoTime();
            double l = StepMemory.trainingStep(() -> batch, b -> List.of(b.source(), b.targetIn()), b -> {
                for (Parameter p : params) p.zeroGrad();
                double value = loss.forward(model.forward(b.inputs(), true), b.targetOut());
                model.backward(loss.backward());
                if (Double.isFinite(value)) optimizer.step(params);
                return value;
            });
            seconds += (System.nanoTime() - t0) / 1e9;
            if (!Double.isFinite(l))
                throw new IllegalStateException("The training loss became " + l + " at step " + step + "; that step was not applied. Lower the learning rate"
                        + " (now " + optimizer.lr() + ") or clip the gradients (optimizer.clipGradNorm(1)).");
            losses[step] = l;
            targetTokens += batch.targetTokens();
            sourceTokens += batch.sourceTokens();
            boolean last = step == order.length - 1;
            String line = String.format("step %d/%d  loss %.3f (last 20: %.3f)  lr %.2e  %.0f target tokens/s  %.0f s, about %.0f s left", step + 1, order.length, l,
                    Arrays.stream(losses, Math.max(0, step - 19), step + 1).average().orElse(l), optimizer.lr(), targetTokens / seconds, seconds,
                    seconds / (step + 1) * (order.length - step - 1));
            if (handle != null && (last || System.nanoTime() - lastShown > 500_000_000L)) {
                display.update(handle, line);
                lastShown = System.nanoTime();
            } else if (handle == null && !quiet && ((step + 1) % printEvery == 0 || last)) System.out.println(line);
        }
        return new Curve(losses, seconds, targetTokens, sourceTokens);
    }
}
