package org.nnbook.train;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Memory;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.data.Batch;
import org.nnbook.data.DataLoader;
import org.nnbook.data.Dataset;
import org.nnbook.data.Transform;
import org.nnbook.loss.Loss;
import org.nnbook.optim.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * {@code val_accuracy} (with validation data), {@code lr} and {@code seconds}. Every step runs inside
 * an ND4J workspace that is reused from step to step, so the loop allocates almost nothing; the
 * mini-batch is gathered, and augmented, inside it too (so a {@link Transform} must not keep the
 * arrays it makes from one call to the next).
 *
 * <p>Regularisation options, all off by default (and then costing nothing):
 * <ul>
 *   <li>{@link #penalty(Penalty)}: an L1/L2 weight penalty joins the loss and its gradient. As in
 *       Keras, the logged {@code loss} is the objective being minimised, data loss <em>plus</em>
 *       penalty; the penalty alone is logged as {@code penalty} (its mean over the epoch's steps), so
 *       the data loss is {@code loss − penalty}. {@code val_loss} and {@link #evaluate} are the data
 *       loss only (Keras adds the penalty there too), so runs with different penalties compare.</li>
 *   <li>{@link #clipGradNorm(double)}: after backward (and the penalty's gradient), before the
 *       optimizer step, all gradients are scaled together so that their global L2 norm is at most
 *       the limit; the norm before clipping is logged as {@code grad_norm} (mean over the epoch's steps).</li>
 *   <li>Dropout and batch normalisation are layers; early stopping is a {@link Callback},
 *       {@link EarlyStopping}; data augmentation is {@link #augment(Transform)}.</li>
 * </ul>
 *
 * <p>Seeding: {@link #seed(long)} fixes the shuffling and augmentation, and each {@code fit} also
 * seeds ND4J's random generator with it, so dropout masks repeat from run to run too.
 */
public final class Trainer {
    private static final String WORKSPACE_ID = "NNBOOK_TRAIN_STEP";

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 10;
    private int batchSize = 64;
    private long seed = 42;
    private boolean printProgress = true;
    private Transform augment;
    private Penalty penalty;
    private double maxGradNorm = Double.POSITIVE_INFINITY;
    private final List<Callback> callbacks = new ArrayList<>();

    public Trainer(Layer model, Loss loss, Optimizer optimizer) {
        if (model == null || loss == null || optimizer == null)
            throw new IllegalArgumentException("Trainer needs a model, a loss and an optimizer; got "
                    + Arrays.asList(model, loss, optimizer) + ".");
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
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

    /** The weight penalty, or null. */
    public Penalty penalty() { return penalty; }

    /**
     * Clips gradients by their global norm: when √(Σ over trainable parameters of ‖grad‖²) exceeds
     * {@code maxNorm}, every gradient is multiplied by maxNorm / norm, which keeps its direction
     * (Pascanu et al., 2013, "On the difficulty of training recurrent neural networks"; PyTorch's
     * {@code clip_grad_norm_}). The pre-clip norm is logged as {@code grad_norm}.
     * {@code Double.POSITIVE_INFINITY} turns it off (the default).
     */
    public Trainer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0))
            throw new IllegalArgumentException("Trainer: clipGradNorm needs a positive norm (typically 1 to 5), got " + maxNorm
                    + ". Pass Double.POSITIVE_INFINITY to turn clipping off.");
        this.maxGradNorm = maxNorm;
        return this;
    }

    /** No per-epoch lines on standard output. */
    public Trainer quiet() {
        this.printProgress = false;
        return this;
    }

    public Layer model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    /** Trains on {@code train} without validation data. */
    public History fit(Dataset train) { return fit(train, null); }

    /** Trains on {@code train}, evaluating on {@code val} (may be null) after each epoch. */
    public History fit(Dataset train, Dataset val) {
        if (train == null) throw new IllegalArgumentException("Trainer.fit needs training data, got null.");
        List<Callback> all = new ArrayList<>(callbacks);
        if (printProgress) all.add(0, LiveProgress.auto());
        DataLoader loader = new DataLoader(train, batchSize, true, seed).transform(augment);
        List<Parameter> params = model.parameters();
        History history = new History();
        Seed.set(seed);                      // dropout masks and other random ops in the layers (Seed: ND4J ignores seed 0)
        all.forEach(c -> c.onTrainBegin(this, epochs));
        for (int epoch = 0; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            double lossSum = 0, penaltySum = 0, normSum = 0;
            long correct = 0;
            int seen = 0;
            int b = 0;
            for (Iterator<Batch> batches = loader.iterator(); batches.hasNext(); ) {
                double[] step = step(batches, params);
                if (!Double.isFinite(step[0]))
                    throw new IllegalStateException("The training loss became " + step[0] + " at epoch " + (epoch + 1) + ", batch " + (b + 1)
                            + ". Lower the learning rate (now " + optimizer.lr() + ") or check the inputs for NaN or huge values.");
                int size = (int) step[4];
                lossSum += step[0] * size;
                correct += (long) step[1];
                penaltySum += step[2] * size;
                normSum += step[3];
                seen += size;
                for (Callback c : all) c.onBatchEnd(epoch, b, loader.numBatches(), step[0]);
                b++;
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            if (loss.isClassification()) logs.put("accuracy", (double) correct / seen);
            if (penalty != null) logs.put("penalty", penaltySum / seen);
            if (clipping()) logs.put("grad_norm", normSum / b);
            if (val != null) {
                Map<String, Double> v = evaluate(val);
                v.forEach((k, value) -> logs.put("val_" + k, value));
            }
            logs.put("lr", optimizer.lr());
            logs.put("seconds", (System.nanoTime() - t0) / 1e9);
            history.add(logs);
            boolean stop = false;
            for (Callback c : all) stop |= c.onEpochEnd(epoch, logs);
            if (stop) break;
        }
        all.forEach(c -> c.onTrainEnd(history));
        return history;
    }

    private boolean clipping() { return maxGradNorm != Double.POSITIVE_INFINITY; }

    /**
     * One optimisation step on the next batch of {@code batches}; returns {loss including any penalty,
     * number of correct predictions, penalty, gradient norm before clipping (0 when not clipping),
     * batch size}. The batch is gathered (and augmented) inside the step's workspace too: an array
     * allocated outside a workspace costs a hundred microseconds or more, as much as a small layer.
     */
    private double[] step(Iterator<Batch> batches, List<Parameter> params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(Memory.LOOP_WORKSPACE, WORKSPACE_ID)) {
            Batch batch = batches.next();
            for (Parameter p : params) p.zeroGrad();
            INDArray yHat = model.forward(batch.x(), true);
            double l = loss.forward(yHat, batch.y());
            model.backward(loss.backward(), false);    // nothing needs dL/d(data): the first layer may skip it
            double pen = penalty == null ? 0 : penalty.addGradient(params);
            double norm = clipping() ? clipGradients(params) : 0;
            optimizer.step(params);
            return new double[]{l + pen, loss.isClassification() ? loss.countCorrect(yHat, batch.y()) : 0, pen, norm, batch.size()};
        }
    }

    /** Scales the trainable parameters' gradients in place so their global norm is at most maxGradNorm; returns the norm before. */
    private double clipGradients(List<Parameter> params) {
        double sumSq = 0;
        for (Parameter p : params) {
            if (!p.isTrainable()) continue;
            double n = p.grad().norm2Number().doubleValue();
            sumSq += n * n;
        }
        double norm = Math.sqrt(sumSq);
        if (norm > maxGradNorm) {
            double scale = maxGradNorm / norm;
            for (Parameter p : params) if (p.isTrainable()) p.grad().muli(scale);
        }
        return norm;
    }

    /** Loss (and accuracy, for classification losses) of the model on {@code data}, in evaluation mode. */
    public Map<String, Double> evaluate(Dataset data) {
        double lossSum = 0;
        long correct = 0;
        for (Batch batch : new DataLoader(data, Math.max(batchSize, 256))) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(Memory.LOOP_WORKSPACE, WORKSPACE_ID)) {
                INDArray yHat = model.forward(batch.x(), false);
                lossSum += loss.forward(yHat, batch.y()) * batch.size();
                if (loss.isClassification()) correct += loss.countCorrect(yHat, batch.y());
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / data.size());
        if (loss.isClassification()) logs.put("accuracy", (double) correct / data.size());
        return logs;
    }

    @Override
    public String toString() {
        return "Trainer(" + loss + ", " + optimizer + ", epochs=" + epochs + ", batchSize=" + batchSize + ", seed=" + seed
                + (penalty == null ? "" : ", penalty=" + penalty) + (clipping() ? ", clipGradNorm=" + maxGradNorm : "") + ")";
    }
}
