package org.nnbook.kernels;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reused memory for the rounds of a loop (training steps, prediction batches). Allocating an
 * off-heap array costs ~2.5 ms per 800 KB on the course's machines, as much as a small layer's
 * arithmetic; inside an ND4J workspace the arrays of one round take the memory of the round before.
 * The workspace is sized during the first round (20% spare) and grows when a round needs more.
 * Arrays made in a round are valid until the next one: what must last is copied out
 * ({@code detach()}) or made by {@link #lasting}.
 *
 * <p>With {@link Kernels#off()} every method runs its code plainly.
 */
public final class StepMemory {
    private static final String TRAIN = "NNBOOK_STEP", PREDICT = "NNBOOK_PREDICT";
    /** A prediction workspace larger than this (a whole test set in one call) is given back after the call. */
    private static final long KEEP_BYTES = 128L << 20;

    private StepMemory() {}

    /**
     * One training step: takes the next batch and runs {@code step} on it, with the step's arrays
     * (the batch's too) in reused memory and the batch's inputs ({@code dataOf}) marked as data,
     * whose gradient nobody needs ({@link NoInputGradient}). {@code step} must return no array made
     * during the step.
     */
    public static <B, R> R trainingStep(Supplier<B> next, Function<B, List<INDArray>> dataOf, Function<B, R> step) {
        if (!Kernels.on()) return step.apply(next.get());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(Memory.LOOP_WORKSPACE, TRAIN)) {
            B batch = next.get();
            NoInputGradient.mark(dataOf.apply(batch));
            try {
                return step.apply(batch);
            } finally {
                NoInputGradient.clear();
            }
        }
    }

    /** One round of evaluation (a batch's loss and counts), its arrays in reused memory; {@code round} must return no array. */
    public static <R> R evaluationRound(Supplier<R> round) {
        if (!Kernels.on()) return round.get();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(Memory.LOOP_WORKSPACE, TRAIN)) {
            return round.get();
        }
    }

    /**
     * The output of an evaluation-mode forward pass with its intermediate arrays in reused memory
     * (for LeNet on 256 images a quarter of the time); the result is copied out and lasts.
     */
    public static INDArray predict(Supplier<INDArray> forward) {
        if (!Kernels.on()) return forward.get();
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(Memory.LOOP_WORKSPACE, PREDICT);
        try (ws) {
            return forward.get().detach();
        } finally {
            if (ws.getCurrentSize() > KEEP_BYTES && !ws.isScopeActive()) Nd4j.getWorkspaceManager().destroyWorkspace(ws);
        }
    }

    /**
     * Makes arrays that must outlive the current step (an optimizer's moment estimates, a kept
     * dropout mask, the best weights so far) outside any workspace, even when called during a step.
     */
    public static <T> T lasting(Supplier<T> make) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return make.get();
        }
    }
}
