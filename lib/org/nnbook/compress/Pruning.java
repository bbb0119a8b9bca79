package org.nnbook.compress;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Model;
import org.nnbook.kernels.StepMemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Magnitude pruning (Han, Pool, Tran and Dally, 2015, "Learning both Weights and Connections for
 * Efficient Neural Networks"): the weights of smallest magnitude matter least, so they are set to
 * zero, and the network is retrained with them held at zero. On MNIST the paper prunes LeNet-300-100
 * to 12x fewer weights (8% kept) with the error going from 1.64% to 1.59%, after several rounds of
 * pruning and retraining ("iterative pruning", much better than pruning once to the final sparsity).
 *
 * <p>Four ways to choose what goes, each returning {@link Masks} (call {@link Masks#apply()} to zero
 * the weights):
 * <ul>
 *   <li>{@link #layerwise(Model, double)}: the same fraction of every layer's weights, each layer by
 *       its own threshold; {@link #layerwise(Model, double...)}: a fraction per layer (from a
 *       sensitivity analysis: each layer pruned alone, to see how much it tolerates);</li>
 *   <li>{@link #global(Model, double)}: one threshold for all layers, chosen so that the fraction
 *       {@code sparsity} of all weights goes: layers with small weights lose more;</li>
 *   <li>{@link #magnitude(Model, double)} and {@link #magnitude(Model, double...)}: a magnitude
 *       threshold, for all layers or per layer.</li>
 * </ul>
 * A weight goes when |w| ≤ the threshold; the threshold for a fraction s of n weights is the
 * round(s·n)-th smallest |w| (so ties at it go together). A weight that is already zero always goes,
 * so that pruning again after retraining never brings a pruned weight back. Only weights are pruned
 * (Dense and Conv2D W), never biases.
 */
public final class Pruning {
    private Pruning() {}

    /** Prunes the fraction {@code sparsity} (0 to 1) of each weight tensor, by its own magnitude threshold. */
    public static Masks layerwise(Model model, double sparsity) {
        List<Weights.Weight> ws = weights(model);
        double[] s = new double[ws.size()];
        Arrays.fill(s, sparsity);
        return layerwise(model, s);
    }

    /** Prunes the fraction {@code sparsities[i]} of weight tensor i (in the model's order: one per Dense or Conv2D). */
    public static Masks layerwise(Model model, double... sparsities) {
        List<Weights.Weight> ws = weights(model);
        requireCount(ws, sparsities.length, "sparsities");
        double[] t = new double[ws.size()];
        for (int i = 0; i < ws.size(); i++) t[i] = threshold(abs(ws.get(i).parameter().value()), fraction(sparsities[i]));
        return masks(ws, t);
    }

    /** Prunes the fraction {@code sparsity} of all weights together, with one magnitude threshold for every layer. */
    public static Masks global(Model model, double sparsity) {
        List<Weights.Weight> ws = weights(model);
        List<double[]> all = new ArrayList<>();
        for (Weights.Weight w : ws) all.add(abs(w.parameter().value()));
        double[] joined = all.stream().flatMapToDouble(Arrays::stream).toArray();
        double[] t = new double[ws.size()];
        Arrays.fill(t, threshold(joined, fraction(sparsity)));
        return masks(ws, t);
    }

    /** Prunes every weight with |w| ≤ {@code threshold}, in all layers. */
    public static Masks magnitude(Model model, double threshold) {
        List<Weights.Weight> ws = weights(model);
        double[] t = new double[ws.size()];
        Arrays.fill(t, requireThreshold(threshold));
        return masks(ws, t);
    }

    /** Prunes the weights of tensor i with |w| ≤ {@code thresholds[i]}. */
    public static Masks magnitude(Model model, double... thresholds) {
        List<Weights.Weight> ws = weights(model);
        requireCount(ws, thresholds.length, "thresholds");
        double[] t = new double[ws.size()];
        for (int i = 0; i < t.length; i++) t[i] = requireThreshold(thresholds[i]);
        return masks(ws, t);
    }

    /** The magnitude below which (inclusive) the fraction {@code sparsity} of {@code magnitudes} lies; 0 for a fraction of 0. */
    static double threshold(double[] magnitudes, double sparsity) {
        int k = (int) Math.round(sparsity * magnitudes.length);
        if (k == 0) return 0;
        double[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        return sorted[k - 1];
    }

    private static Masks masks(List<Weights.Weight> ws, double[] thresholds) {
        List<INDArray> ms = new ArrayList<>();
        for (int i = 0; i < ws.size(); i++) {
            INDArray v = ws.get(i).parameter().value();
            double t = thresholds[i];
            ms.add(StepMemory.lasting(() -> Transforms.abs(v, true).gt(t).castTo(v.dataType())));   // kept: |w| > t (so a zero always goes)
        }
        return new Masks(ws, ms);
    }

    private static double[] abs(INDArray v) {
        double[] a = v.dup('c').data().asDouble();
        for (int i = 0; i < a.length; i++) a[i] = Math.abs(a[i]);
        return a;
    }

    private static List<Weights.Weight> weights(Model model) {
        if (model == null) throw new IllegalArgumentException("Pruning needs a model, got null.");
        List<Weights.Weight> ws = Weights.of(model);
        if (ws.isEmpty()) throw new IllegalArgumentException("Pruning: " + model + " has no weights to prune (Dense or Conv2D W).");
        return ws;
    }

    private static double fraction(double s) {
        if (!(s >= 0 && s <= 1))
            throw new IllegalArgumentException("Pruning: a sparsity is the fraction of weights to remove, from 0 to 1 (0.9 removes 90%), got " + s + ".");
        return s;
    }

    private static double requireThreshold(double t) {
        if (!(t >= 0)) throw new IllegalArgumentException("Pruning: a magnitude threshold is >= 0, got " + t + ".");
        return t;
    }

    private static void requireCount(List<Weights.Weight> ws, int given, String what) {
        if (given != ws.size())
            throw new IllegalArgumentException("Pruning: the model has " + ws.size() + " weight tensors " + ws + " but " + given + " " + what
                    + " were given: one per weight tensor, in order.");
    }
}
