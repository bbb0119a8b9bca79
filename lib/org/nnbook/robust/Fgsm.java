package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Model;
import org.nnbook.loss.Loss;

/**
 * The fast gradient sign method (Goodfellow, Shlens and Szegedy, 2015, "Explaining and Harnessing
 * Adversarial Examples"): one step of size ε in the direction of the sign of the input gradient,
 * {@code x' = clip(x + ε · sign(∇ₓ L(x, y)), 0, 1)}. The sign makes the best first-order use of an
 * L∞ budget: every pixel moves by ±ε (less only where [0, 1] stops it; not at all where the gradient is 0).
 */
public final class Fgsm implements Attack {
    private final double eps;

    /** The attack with budget ε in [0, 1] per pixel (MNIST: 0.1 is barely visible, 0.3 is Madry et al.'s). */
    public Fgsm(double eps) {
        if (!(eps >= 0 && eps <= 1))
            throw new IllegalArgumentException("Fgsm: ε must be in [0, 1] (a change of a pixel in [0, 1]), got " + eps + ".");
        this.eps = eps;
    }

    @Override
    public INDArray perturb(Model model, Loss loss, INDArray x, INDArray y) {
        InputGradient.requireArguments("Fgsm", model, loss, x, y);
        if (eps == 0) return x.dup();
        INDArray g = InputGradient.of(model, loss, x, y);
        return InputGradient.clip(Transforms.sign(g, true).muli(eps).addi(x), 0, 1);
    }

    @Override
    public double eps() { return eps; }

    @Override
    public String toString() { return "Fgsm(ε=" + eps + ")"; }
}
