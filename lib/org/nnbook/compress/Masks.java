package org.nnbook.compress;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.StepMemory;
import org.nnbook.train.Callback;
import org.nnbook.train.Trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which weights a pruned model keeps: one array of ones (kept) and zeros (pruned) per weight tensor,
 * of the weight's shape. {@link Pruning} makes them; {@link #apply()} zeroes the pruned weights.
 *
 * <p><b>Keeping the zeros while training.</b> Retraining a pruned network (Han et al., 2015) must
 * not let pruned weights grow back. The gradient of a pruned weight is not zero, so plain training
 * would revive it; masking the gradient is not enough either, because Adam and momentum keep moving a
 * weight from their moment estimates after its gradient is gone. {@link #callback()} therefore
 * re-applies the masks after every optimizer step (and before the first): simple, and correct with
 * every optimizer. The optimizer's moments of the pruned weights are left to drift; they never reach
 * a weight that the network uses.
 *
 * <p><b>Saving.</b> A pruned model is saved like any other ({@code ModelIO}, or the smaller
 * {@link CompressedModel}) and keeps its zeros exactly; the masks are not saved, because they are
 * the zeros: {@link #fromZeros} recovers them after loading (a trained weight is never exactly 0.0
 * by chance).
 *
 * <pre>{@code
 * Masks masks = Pruning.layerwise(net, 0.9).apply();                 // 90% of each layer's weights to zero
 * new Trainer(net, new CrossEntropy(), new Adam(1e-4)).callbacks(masks.callback()).epochs(2).fit(train);
 * }</pre>
 */
public final class Masks {
    private final List<Weights.Weight> weights;
    private final List<INDArray> masks;

    Masks(List<Weights.Weight> weights, List<INDArray> masks) {
        this.weights = List.copyOf(weights);
        this.masks = List.copyOf(masks);
    }

    /** The masks of a pruned model, read from its zeros: a weight that is exactly 0 is pruned. */
    public static Masks fromZeros(Model model) {
        List<Weights.Weight> ws = Weights.of(model);
        List<INDArray> ms = new ArrayList<>();
        for (Weights.Weight w : ws) ms.add(StepMemory.lasting(() -> w.parameter().value().neq(0).castTo(w.parameter().value().dataType())));
        return new Masks(ws, ms);
    }

    /** Zeroes the pruned weights (in place); returns these masks. */
    public Masks apply() {
        for (int i = 0; i < masks.size(); i++) {
            INDArray v = weights.get(i).parameter().value();
            INDArray m = masks.get(i);
            v.muli(m.dataType() == v.dataType() ? m : m.castTo(v.dataType()));
        }
        return this;
    }

    /** A callback for {@link Trainer#callbacks} that applies the masks before training and after every step, so that pruned weights stay zero. */
    public Callback callback() {
        return new Callback() {
            @Override
            public void onTrainBegin(Trainer trainer, int epochs) { apply(); }

            @Override
            public void onBatchEnd(int epoch, int batch, int numBatches, double loss) { apply(); }
        };
    }

    /** The mask of weight {@code p} (ones kept, zeros pruned), or null when p is not one of the masked weights. */
    public INDArray get(Parameter p) {
        for (int i = 0; i < weights.size(); i++) if (weights.get(i).parameter() == p) return masks.get(i);
        return null;
    }

    /** The masks, in the order of the model's weights. */
    public List<INDArray> all() { return masks; }

    /** The number of kept weights of each tensor. */
    public long[] kept() {
        return masks.stream().mapToLong(m -> m.sumNumber().longValue()).toArray();
    }

    /** The number of weights the masks cover. */
    public long total() { return masks.stream().mapToLong(INDArray::length).sum(); }

    /** The fraction of all masked weights that are pruned. */
    public double sparsity() { return 1.0 - (double) Arrays.stream(kept()).sum() / total(); }

    @Override
    public String toString() {
        long[] kept = kept();
        StringBuilder sb = new StringBuilder("Masks(");
        for (int i = 0; i < masks.size(); i++)
            sb.append(i == 0 ? "" : ", ").append(String.format("%s %,d/%,d", weights.get(i).path(), kept[i], masks.get(i).length()));
        return sb.append(String.format("; %.1f%% pruned)", 100 * sparsity())).toString();
    }
}
