package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Model;
import org.nnbook.data.Batch;
import org.nnbook.loss.Loss;

import java.util.function.UnaryOperator;

/**
 * Adversarial training: train on the adversarial examples of the model being trained, made afresh at
 * every step. Goodfellow et al. (2015) mixed clean and FGSM examples half and half (their loss
 * {@code α L(x) + (1 − α) L(x')}, α = 0.5); Madry et al. (2018) trained on PGD examples only, a
 * min-max problem: {@code min_θ E[max_{|δ|∞ ≤ ε} L(x + δ, y; θ)]}. Both are
 * {@link #batches(Model, Loss, Attack, double)} with a {@code fraction} of 0.5 and 1, given to the
 * Trainer:
 * <pre>{@code
 * new Trainer(net, new CrossEntropy(), new Adam(1e-3))
 *         .perturb(AdversarialTraining.batches(net, new CrossEntropy(), Pgd.of(0.1, 7), 0.5))
 *         .fit(train, val);
 * }</pre>
 * A step then costs one forward-backward pass more per attack step (FGSM 2x, PGD with 7 steps ~8x).
 */
public final class AdversarialTraining {
    private AdversarialTraining() {}

    /**
     * The batch changer for {@code Trainer.perturb}: the first {@code fraction} of each (shuffled) batch's
     * rows replaced by their adversarial versions against {@code model}, the rest left clean. Use a
     * loss object of its own (not the Trainer's).
     */
    public static UnaryOperator<Batch> batches(Model model, Loss loss, Attack attack, double fraction) {
        if (model == null || loss == null || attack == null)
            throw new IllegalArgumentException("AdversarialTraining.batches needs the model being trained, a loss and an attack; got "
                    + java.util.Arrays.asList(model, loss, attack) + ".");
        if (!(fraction > 0 && fraction <= 1))
            throw new IllegalArgumentException("AdversarialTraining: the adversarial fraction of a batch must be in (0, 1] (0.5: half clean,"
                    + " half adversarial, as Goodfellow et al.; 1: Madry et al.), got " + fraction + ".");
        return batch -> {
            if (batch.inputs().count() != 1 || batch.mask() != null)
                throw new IllegalArgumentException("AdversarialTraining: batches of one input array without a mask only (images), got " + batch.inputs() + ".");
            int n = batch.size(), k = (int) Math.max(1, Math.round(fraction * n));
            INDArray x = batch.x(), y = batch.y();
            if (k == n) return new Batch(attack.perturb(model, loss, x, y), y);
            INDArray adv = attack.perturb(model, loss, x.get(NDArrayIndex.interval(0, k)).dup(), y.get(NDArrayIndex.interval(0, k)).dup());
            INDArray mixed = x.dup();
            mixed.get(NDArrayIndex.interval(0, k)).assign(adv);
            return new Batch(mixed, y);
        };
    }
}
