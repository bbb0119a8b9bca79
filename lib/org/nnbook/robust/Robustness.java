package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.data.Dataset;
import org.nnbook.loss.Loss;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * How a classifier holds up under an {@link Attack}: the attacked copy of a data set, the accuracy on
 * it, and the accuracy against ε. The data is attacked in batches of {@link #BATCH} examples, each
 * example with its own perturbation (a white-box attack: the attacker knows the weights).
 */
public final class Robustness {
    /** Examples attacked at once. */
    public static final int BATCH = 500;

    private Robustness() {}

    /** {@code data} with every input replaced by its adversarial version (targets and class names kept). */
    public static Dataset perturb(Model model, Loss loss, Attack attack, Dataset data) {
        if (attack == null || data == null) throw new IllegalArgumentException("Robustness.perturb needs an attack and data, got " + attack + " and " + data + ".");
        List<INDArray> parts = new ArrayList<>();
        for (int from = 0; from < data.size(); from += BATCH) {
            Dataset part = data.range(from, Math.min(data.size(), from + BATCH));
            parts.add(attack.perturb(model, loss, part.x(), part.y()));
        }
        return new Dataset(parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new)), data.y(), data.classNames());
    }

    /** The share of {@code data} (one-hot targets) whose largest score is the target's class. */
    public static double accuracy(Model model, Dataset data) {
        if (model == null || data == null || data.size() == 0)
            throw new IllegalArgumentException("Robustness.accuracy needs a model and some data, got " + model + " and " + data + ".");
        long right = 0;
        for (int from = 0; from < data.size(); from += BATCH) {
            int to = Math.min(data.size(), from + BATCH);
            INDArray scores = model.predict(Inputs.of(data.x().get(NDArrayIndex.interval(from, to)).dup()));
            INDArray y = data.y().get(NDArrayIndex.interval(from, to));
            right += scores.argMax(1).eq(y.argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        return (double) right / data.size();
    }

    /** The accuracy on {@code data} attacked by {@code attack}. */
    public static double accuracy(Model model, Loss loss, Attack attack, Dataset data) {
        return accuracy(model, perturb(model, loss, attack, data));
    }

    /**
     * The accuracy under {@code attackAt.apply(ε)} for each ε of {@code eps}, e.g.
     * {@code Robustness.curve(net, new CrossEntropy(), Fgsm::new, new double[] {0, 0.05, 0.1}, test)}.
     */
    public static double[] curve(Model model, Loss loss, DoubleFunction<Attack> attackAt, double[] eps, Dataset data) {
        if (attackAt == null || eps == null || eps.length == 0)
            throw new IllegalArgumentException("Robustness.curve needs an attack for each ε and at least one ε, e.g. Fgsm::new and {0, 0.1, 0.2}.");
        double[] acc = new double[eps.length];
        for (int k = 0; k < eps.length; k++) acc[k] = accuracy(model, loss, attackAt.apply(eps[k]), data);
        return acc;
    }
}
