package org.nnbook.train;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.data.Batch;
import org.nnbook.data.DataLoader;
import org.nnbook.data.Dataset;
import org.nnbook.data.Transform;
import org.nnbook.loss.Loss;
import org.nnbook.optim.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
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
 * an ND4J workspace that is reused from step to step, so the loop allocates almost nothing.
 */
public final class Trainer {
    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();
    private static final String WORKSPACE_ID = "NNBOOK_TRAIN_STEP";

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 10;
    private int batchSize = 64;
    private long seed = 42;
    private boolean printProgress = true;
    private Transform augment;
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

    /** Seed of the shuffling (default 42); the same seed gives the same run. */
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
        if (printProgress) all.add(0, new ProgressPrinter());
        DataLoader loader = new DataLoader(train, batchSize, true, seed).transform(augment);
        List<Parameter> params = model.parameters();
        History history = new History();
        all.forEach(c -> c.onTrainBegin(this, epochs));
        for (int epoch = 0; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            int b = 0;
            for (Batch batch : loader) {
                double[] step = step(batch, params);
                if (!Double.isFinite(step[0]))
                    throw new IllegalStateException("The training loss became " + step[0] + " at epoch " + (epoch + 1) + ", batch " + (b + 1)
                            + ". Lower the learning rate (now " + optimizer.lr() + ") or check the inputs for NaN or huge values.");
                lossSum += step[0] * batch.size();
                correct += (long) step[1];
                seen += batch.size();
                for (Callback c : all) c.onBatchEnd(epoch, b, loader.numBatches(), step[0]);
                b++;
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            if (loss.isClassification()) logs.put("accuracy", (double) correct / seen);
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

    /** One optimisation step on {@code batch}; returns {loss, number of correct predictions}. */
    private double[] step(Batch batch, List<Parameter> params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, WORKSPACE_ID)) {
            for (Parameter p : params) p.zeroGrad();
            INDArray yHat = model.forward(batch.x(), true);
            double l = loss.forward(yHat, batch.y());
            model.backward(loss.backward());
            optimizer.step(params);
            return new double[]{l, loss.isClassification() ? loss.countCorrect(yHat, batch.y()) : 0};
        }
    }

    /** Loss (and accuracy, for classification losses) of the model on {@code data}, in evaluation mode. */
    public Map<String, Double> evaluate(Dataset data) {
        double lossSum = 0;
        long correct = 0;
        for (Batch batch : new DataLoader(data, Math.max(batchSize, 256))) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, WORKSPACE_ID)) {
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
        return "Trainer(" + loss + ", " + optimizer + ", epochs=" + epochs + ", batchSize=" + batchSize + ", seed=" + seed + ")";
    }
}
