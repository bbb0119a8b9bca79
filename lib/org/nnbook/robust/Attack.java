package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.loss.Loss;

/**
 * An evasion attack: small changes of the inputs, at most ε per pixel (the L∞ ball), chosen to raise
 * the model's loss. Implementations: {@link Fgsm} (one step) and {@link Pgd} (many steps).
 * Inputs are images with pixels in [0, 1]; the adversarial images stay in [0, 1].
 */
public interface Attack {

    /**
     * Adversarial versions of {@code x} (N, ...) for targets {@code y} (N, C), a new array of x's shape:
     * every pixel within ε of x's and in [0, 1]. Runs {@code model} forward (evaluation mode) and
     * backward, so it adds into the parameters' gradients (the Trainer zeroes them every step).
     */
    INDArray perturb(Model model, Loss loss, INDArray x, INDArray y);

    /** The largest change of any pixel, ε. */
    double eps();
}
