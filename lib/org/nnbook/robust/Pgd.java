package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Model;
import org.nnbook.loss.Loss;

/**
 * Projected gradient descent on the loss, upwards (Madry, Makelov, Schmidt, Tsipras and Vladu, 2018,
 * "Towards Deep Learning Models Resistant to Adversarial Attacks"): start at a random point of the
 * ε-ball around x, then {@code steps} times take an FGSM step of size α and project back:
 * <pre>
 *   x⁰ = clip(x + U(−ε, ε), 0, 1)
 *   xᵗ⁺¹ = clip(clip(xᵗ + α · sign(∇ₓ L(xᵗ, y)), x − ε, x + ε), 0, 1)
 * </pre>
 * Several small steps follow the loss where one large step (FGSM) overshoots, so PGD finds stronger
 * adversarial examples; Madry et al. call it the strongest first-order attack. The random start comes
 * from ND4J's generator ({@code Seed.set}, and the Trainer seeds it in {@code fit}).
 */
public final class Pgd implements Attack {
    private final double eps, stepSize;
    private final int steps;
    private boolean randomStart = true;

    /** {@code steps} steps of size {@code stepSize} (α) within the ε-ball; α ≈ 2.5 ε / steps is Madry et al.'s rule of thumb. */
    public Pgd(double eps, double stepSize, int steps) {
        if (!(eps >= 0 && eps <= 1))
            throw new IllegalArgumentException("Pgd: ε must be in [0, 1] (a change of a pixel in [0, 1]), got " + eps + ".");
        if (!(stepSize > 0) || Double.isInfinite(stepSize))
            throw new IllegalArgumentException("Pgd: the step size α must be > 0 (e.g. 2.5 ε / steps), got " + stepSize + ".");
        if (steps < 1) throw new IllegalArgumentException("Pgd: steps must be >= 1 (7 to 40 are usual), got " + steps + ".");
        this.eps = eps;
        this.stepSize = stepSize;
        this.steps = steps;
    }

    /** PGD with α = 2.5 ε / steps. */
    public static Pgd of(double eps, int steps) {
        if (steps < 1) throw new IllegalArgumentException("Pgd: steps must be >= 1 (7 to 40 are usual), got " + steps + ".");
        return new Pgd(eps, eps == 0 ? 1 : 2.5 * eps / steps, steps);
    }

    /** Whether to start at a random point of the ball (default true) or at x itself. */
    public Pgd randomStart(boolean randomStart) {
        this.randomStart = randomStart;
        return this;
    }

    @Override
    public INDArray perturb(Model model, Loss loss, INDArray x, INDArray y) {
        InputGradient.requireArguments("Pgd", model, loss, x, y);
        if (eps == 0) return x.dup();
        INDArray lower = x.sub(eps), upper = x.add(eps);
        INDArray adv = randomStart ? InputGradient.clip(Nd4j.rand(x.dataType(), x.shape()).muli(2 * eps).subi(eps).addi(x), 0, 1) : x.dup();
        for (int t = 0; t < steps; t++) {
            INDArray g = InputGradient.of(model, loss, adv, y);
            adv.addi(Transforms.sign(g, true).muli(stepSize));
            adv = Transforms.min(Transforms.max(adv, lower, false), upper, false);   // back into the ε-ball around x
            InputGradient.clip(adv, 0, 1);
        }
        return adv;
    }

    @Override
    public double eps() { return eps; }

    public double stepSize() { return stepSize; }

    public int steps() { return steps; }

    @Override
    public String toString() { return "Pgd(ε=" + eps + ", α=" + stepSize + ", steps=" + steps + (randomStart ? "" : ", no random start") + ")"; }
}
