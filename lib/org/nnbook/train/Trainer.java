package org.nnbook.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.core.Seed;
import org.nnbook.data.Batch;
import org.nnbook.data.DataLoader;
import org.nnbook.data.Dataset;
import org.nnbook.data.Transform;
import org.nnbook.kernels.StepMemory;
import org.nnbook.loss.Loss;
import org.nnbook.loss.Penalty;
import org.nnbook.optim.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The training loop, written once: for each epoch, for each shuffled mini-batch, zero the gradients,
 * forward, loss, backward, optimizer step; then evaluate on the validation data and tell the callbacks.
 *
 * <pre>{@code
 * History history = new Trainer(net, new CrossEntropy(), new Adam(1e-3))
 *         .epochs(5).batchSize(64).seed(42)
 *         .fit(train, val);
 * }</pre>
 *
 * <p>Logs per epoch: {@code loss}, {@code accuracy} (for classification losses), {@code val_loss},
 * {@code val_accuracy} (with validation data), {@code lr} and {@code seconds}; the means are over
 * the epoch's predictions (rows, or the tokens that are not padding).
 *
 * <p>Regularisation options, all off by default:
 * <ul>
 *   <li>{@link #penalty(Penalty)}: an L1/L2 weight penalty joins the loss and its gradient. As in
 *       Keras, the logged {@code loss} is the objective being minimised, data loss <em>plus</em>
 *       penalty; the penalty alone is logged as {@code penalty}, so the data loss is
 *       {@code loss − penalty}. {@code val_loss} and {@link #evaluate} are the data loss only.</li>
 *   <li>Gradient clipping is the optimizer's: {@code new Adam(1e-3).clipGradNorm(1)}; the norm
 *       before clipping is then logged as {@code grad_norm} (mean over the epoch's steps).</li>
 *   <li>Dropout and batch normalisation are layers; early stopping is a {@link Callback},
 *       {@link EarlyStopping}; data augmentation is {@link #augment(Transform)}.</li>
 * </ul>
 *
 * <p>A step whose loss is not a finite number (too high a learning rate, NaN in the data) is never
 * applied: the Trainer puts back the weights of the last epoch whose weights gave a finite loss (or
 * those from before training) and stops with an error that says so. Seeding: {@link #seed(long)} fixes the shuffling and augmentation, and
 * each {@code fit} also seeds ND4J's random generator with it, so dropout masks repeat too.
 */
public final class Trainer {
    private final Model model;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 10;
    private int batchSize = 64;
    private long seed = 42;
    private boolean shuffle = true;
    private boolean printProgress = true;
    private Transform augment;
    private Penalty penalty;
    private UnaryOperator<Batch> perturb;
    private final List<Callback> callbacks = new ArrayList<>();
    private final LastGoodWeights lastGood;     // what a step with a non-finite loss falls back on

    public Trainer(Model model, Loss loss, Optimizer optimizer) {
        if (model == null || loss == null || optimizer == null)
            throw new IllegalArgumentException("Trainer needs a model, a loss and an optimizer; got "
                    + Arrays.asList(model, loss, optimizer) + ".");
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.lastGood = new LastGoodWeights(model);
    }

    /** Number of passes over the training data (default 10). */
    public Trainer epochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + epochs + ".");
        this.epochs = epochs;
        return this;
    }

    /** Examples per mini-batch (default 64). */
    public Trainer batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("Trainer: batchSize must be >= 1, got " + batchSize + ".");
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Seed of the run (default 42): the shuffling, and ND4J's generator at the start of {@link #fit}
     * (dropout masks); with the same model initialisation, the same seed gives the same run.
     */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Whether each epoch visits the training batches in a new random order (default true). Off, the
     * batches come in the data's order, as truncated backpropagation through time needs: a recurrent
     * layer that carries its state ({@code carryState(true)}) continues row j of one batch with row j
     * of the next (see {@code org.nnbook.text.TextStreams}).
     */
    public Trainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Adds callbacks, told after every epoch. */
    public Trainer callbacks(Callback... callbacks) {
        this.callbacks.addAll(Arrays.asList(callbacks));
        return this;
    }

    /**
     * Transforms the inputs of every training batch, e.g. {@code Augment.compose(Augment.rotate(10), Augment.shift(2))}:
     * new variants each epoch, reproducible by the seed. Validation data is never transformed. {@code null} turns it off.
     */
    public Trainer augment(Transform augment) {
        this.augment = augment;
        return this;
    }

    /**
     * Adds a weight penalty to the loss, e.g. {@code Penalty.l2(1e-4)}; only trainable, regularized
     * parameters (weights, not biases) are penalised. {@code null} turns it off. See the class comment
     * for what the logged {@code loss} then contains.
     */
    public Trainer penalty(Penalty penalty) {
        this.penalty = penalty;
        return this;
    }

    /**
     * Replaces every training batch by {@code perturb.apply(batch)} just before its step, computed with
     * the model as it is at that step: adversarial training, e.g.
     * {@code .perturb(AdversarialTraining.batches(net, new CrossEntropy(), new Pgd(0.1, 0.025, 7), 0.5))}
     * ({@code org.nnbook.robust}). It may run the model forward and backward (its parameter gradients
     * are zeroed after it); the logged training loss and accuracy are those of the perturbed batches.
     * Validation data is never perturbed. {@code null} turns it off.
     */
    public Trainer perturb(UnaryOperator<Batch> perturb) {
        this.perturb = perturb;
        return this;
    }

    /** The weight penalty, or null. */
    public Penalty penalty() { return penalty; }

    /** No progress display (no per-epoch lines, no live chart). */
    public Trainer quiet() {
        this.printProgress = false;
        return this;
    }

    public Model model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    /** Trains on {@code train} without validation data. */
    public History fit(Dataset train) { return fit(train, null); }

    /** Trains on {@code train}, evaluating on {@code val} (may be null) after each epoch. */
    public History fit(Dataset train, Dataset val) {
        if (train == null) throw new IllegalArgumentException("Trainer.fit needs training data, got null.");
        List<Callback> all = new ArrayList<>(callbacks);
        if (printProgress) all.add(0, LiveProgress.auto());
        DataLoader loader = new DataLoader(train, batchSize, shuffle, seed).transform(augment);
        List<Parameter> params = Parameters.distinct(model.parameters());
        lastGood.start();
        History history = new History();
        Seed.set(seed);                      // dropout masks and other random ops in the layers (Seed: ND4J ignores seed 0)
        all.forEach(c -> c.onTrainBegin(this, epochs));
        for (int epoch = 0; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            EpochTotals totals = new EpochTotals();
            int b = 0;
            for (Iterator<Batch> batches = loader.iterator(); batches.hasNext(); b++) {
                // the step's arrays reuse one block of memory, and the data is marked as needing no gradient (org.nnbook.kernels)
                StepResult step = StepMemory.trainingStep(batches::next, batch -> batch.inputs().arrays(), batch -> step(batch, params));
                if (!step.finite())
                    throw new IllegalStateException("The training loss became " + step.objective() + " at epoch " + (epoch + 1) + ", batch " + (b + 1)
                            + "; that step was not applied, and the weights " + lastGood.restore() + " are back. Lower the learning rate"
                            + " (now " + optimizer.lr() + ") or check the inputs for NaN or huge values.");
                if (b == 0) lastGood.confirm();               // the weights this epoch started from gave a finite loss
                totals.add(step);
                for (Callback c : all) c.onBatchEnd(epoch, b, loader.numBatches(), step.objective());
            }
            Map<String, Double> logs = totals.logs(loss.isClassification(), penalty != null, optimizer.clips());
            if (val != null) evaluate(val).forEach((k, value) -> logs.put("val_" + k, value));
            logs.put("lr", optimizer.lr());
            logs.put("seconds", (System.nanoTime() - t0) / 1e9);
            history.add(logs);
            if (epoch + 1 < epochs) lastGood.epochEnded(epoch + 1);
            boolean stop = false;
            for (Callback c : all) stop |= c.onEpochEnd(epoch, logs);
            if (stop) break;
        }
        all.forEach(c -> c.onTrainEnd(history));
        return history;
    }

    /** One optimisation step on {@code batch}; the update is made only when the loss is a finite number. */
    private StepResult step(Batch batch, List<Parameter> params) {
        if (perturb != null) batch = perturb.apply(batch);
        for (Parameter p : params) p.zeroGrad();
        INDArray yHat = model.forward(batch.inputs(), true);
        double l = loss.forward(yHat, batch);
        model.backward(loss.backward());
        double pen = penalty == null ? 0 : penalty.addGradient(params);
        long right = loss.isClassification() ? loss.countCorrect(yHat, batch.y()) : 0;
        StepResult result = new StepResult(l, pen, Double.NaN, loss.count(yHat, batch.y()), right);
        if (!result.finite()) return result;
        optimizer.step(params);
        return new StepResult(l, pen, optimizer.lastGradNorm(), result.predictions(), right);
    }

    /** Loss (and accuracy, for classification losses) of the model on {@code data}, in evaluation mode. */
    public Map<String, Double> evaluate(Dataset data) {
        EpochTotals totals = new EpochTotals();
        for (Batch batch : new DataLoader(data, Math.max(batchSize, 256)))
            totals.add(StepMemory.evaluationRound(() -> {
                INDArray yHat = model.forward(batch.inputs(), false);
                double l = loss.forward(yHat, batch);
                return new StepResult(l, 0, Double.NaN, loss.count(yHat, batch.y()), loss.isClassification() ? loss.countCorrect(yHat, batch.y()) : 0);
            }));
        Map<String, Double> logs = totals.logs(loss.isClassification(), false, false);
        if (!Double.isFinite(logs.get("loss")))
            throw new IllegalStateException("The model's loss on this data is " + logs.get("loss") + ": its outputs are not finite numbers."
                    + " Check its weights (a training run that diverged?) and the data for NaN or huge values.");
        return logs;
    }

    @Override
    public String toString() {
        return "Trainer(" + loss + ", " + optimizer + ", epochs=" + epochs + ", batchSize=" + batchSize + ", seed=" + seed
                + (penalty == null ? "" : ", penalty=" + penalty) + (perturb == null ? "" : ", perturbed batches") + ")";
    }
}
