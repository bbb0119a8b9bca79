package org.nnbook.text;

import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.data.Batch;
import org.nnbook.data.Dataset;
import org.nnbook.kernels.StepMemory;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a {@link CharLanguageModel} for a number of optimizer steps by truncated backpropagation
 * through time, and measures it on validation text as it goes:
 * <pre>{@code
 * var curve = new CharLanguageModelTraining(model, new Adam(1e-2).clipGradNorm(1))
 *         .streams(32).window(64).evalEvery(100).evalChars(20_000)
 *         .fit(vocab.encode(MobyDick.training()), vocab.encode(MobyDick.validation()), 1_000);
 * }</pre>
 *
 * <p>The training text is cut by {@link TextStreams#of}{@code (ids, streams, window)}; step k trains on
 * batch k (mod the number of batches), in order, the recurrent state carried from each batch to the
 * next and reset to zero when the text starts over and after each evaluation. At step 0 and every
 * {@code evalEvery} steps (and after the last), the bits per character on the first {@code evalChars}
 * characters of the validation text are measured ({@link CharLanguageModel#bitsPerChar}, 32 streams).
 * {@code src/bench/python/char_lm_torch.py} does exactly this with PyTorch, on the same batches.
 */
public final class CharLanguageModelTraining {
    /** Validation bits per character at each measured step, training bpc (mean since the previous point), and the training speed. */
    public record Curve(int[] steps, double[] validationBpc, double[] trainingBpc, double trainingSeconds, long trainedChars) {
        /** Characters trained on per second of training (evaluation not counted). */
        public double charsPerSecond() { return trainedChars / trainingSeconds; }

        /** The last validation bpc. */
        public double lastValidationBpc() { return validationBpc[validationBpc.length - 1]; }

        @Override
        public String toString() {
            return String.format("Curve(steps %s, validation bpc %s, %.0f chars/s)", Arrays.toString(steps),
                    Arrays.toString(Arrays.stream(validationBpc).map(v -> Math.round(v * 1000) / 1000.0).toArray()), charsPerSecond());
        }
    }

    /** Streams of the validation measurements. */
    public static final int EVAL_STREAMS = 32;

    private final CharLanguageModel model;
    private final Optimizer optimizer;
    private int streams = 32, window = 64, evalEvery = 100, evalChars = Integer.MAX_VALUE;
    private boolean print = true;

    public CharLanguageModelTraining(CharLanguageModel model, Optimizer optimizer) {
        if (model == null || optimizer == null) throw new IllegalArgumentException("CharLanguageModelTraining needs a model and an optimizer.");
        this.model = model;
        this.optimizer = optimizer;
    }

    /** Rows per batch: parts of the text read side by side (default 32). */
    public CharLanguageModelTraining streams(int streams) { this.streams = positive("streams", streams); return this; }

    /** Characters per window: how far back the gradient flows (default 64). */
    public CharLanguageModelTraining window(int window) { this.window = positive("window", window); return this; }

    /** Steps between validation measurements (default 100). */
    public CharLanguageModelTraining evalEvery(int steps) { this.evalEvery = positive("evalEvery", steps); return this; }

    /** How many characters of the validation text the measurements read (default: all). */
    public CharLanguageModelTraining evalChars(int chars) { this.evalChars = positive("evalChars", chars); return this; }

    /** No line per measurement. */
    public CharLanguageModelTraining quiet() { print = false; return this; }

    private static int positive(String what, int v) {
        if (v < 1) throw new IllegalArgumentException("CharLanguageModelTraining: " + what + " must be >= 1, got " + v + ".");
        return v;
    }

    /** Trains for {@code steps} optimizer steps on {@code trainIds}, measuring on {@code validationIds}. */
    public Curve fit(int[] trainIds, int[] validationIds, int steps) {
        positive("steps", steps);
        Dataset batches = TextStreams.of(trainIds, streams, window);
        int numBatches = batches.size() / streams;
        int[] val = validationIds.length > evalChars ? Arrays.copyOf(validationIds, evalChars) : validationIds;
        List<Parameter> params = Parameters.distinct(model.net().parameters());
        SparseCrossEntropy loss = new SparseCrossEntropy();
        List<Integer> at = new ArrayList<>();
        List<Double> valBpc = new ArrayList<>(), trainBpc = new ArrayList<>();
        double sinceNats = 0, seconds = 0;
        int sinceSteps = 0;
        model.recurrent().resetState();
        measure(0, val, at, valBpc, trainBpc, Double.NaN);
        for (int step = 1; step <= steps; step++) {
            int k = (step - 1) % numBatches;
            if (k == 0) model.recurrent().resetState();                     // the text starts over
            Batch batch = new Batch(batches.range(k * streams, (k + 1) * streams).x(), batches.range(k * streams, (k + 1) * streams).y());
            long t0 = System.nanoTime();
            double l = StepMemory.trainingStep(() -> batch, b -> b.inputs().arrays(), b -> {
                for (Parameter p : params) p.zeroGrad();
                double value = loss.forward(model.net().forward(b.x(), true), b.y());
                model.net().backward(loss.backward());
                if (Double.isFinite(value)) optimizer.step(params);
                return value;
            });
            seconds += (System.nanoTime() - t0) / 1e9;
            if (!Double.isFinite(l))
                throw new IllegalStateException("The training loss became " + l + " at step " + step + "; that step was not applied. Lower the"
                        + " learning rate (now " + optimizer.lr() + ") or clip the gradients (optimizer.clipGradNorm(1)).");
            sinceNats += l;
            sinceSteps++;
            if (step % evalEvery == 0 || step == steps) {
                measure(step, val, at, valBpc, trainBpc, sinceNats / sinceSteps / Math.log(2));
                sinceNats = 0;
                sinceSteps = 0;
                if (step < steps) model.recurrent().resetState();
            }
        }
        return new Curve(at.stream().mapToInt(Integer::intValue).toArray(), valBpc.stream().mapToDouble(Double::doubleValue).toArray(),
                trainBpc.stream().mapToDouble(Double::doubleValue).toArray(), seconds, (long) steps * streams * window);
    }

    private void measure(int step, int[] val, List<Integer> at, List<Double> valBpc, List<Double> trainBpc, double train) {
        double v = model.bitsPerChar(val, EVAL_STREAMS, window);
        at.add(step);
        valBpc.add(v);
        trainBpc.add(train);
        if (print) System.out.println(String.format("%s step %5d: training %s bpc, validation %.3f bpc", model.cell(), step,
                Double.isNaN(train) ? "  -  " : String.format("%.3f", train), v));
    }
}
