package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Shapes;

import java.util.List;
import java.util.Locale;

/**
 * Batch normalisation for feature vectors (Ioffe and Szegedy, 2015, "Batch Normalization:
 * Accelerating Deep Network Training by Reducing Internal Covariate Shift"): each feature is
 * standardised with its mean and variance over the batch, then scaled and shifted by learnable γ and
 * β: y = γ · (x − μ) / √(σ² + ε) + β. Usually placed between a {@link Dense} layer and its activation.
 *
 * <p>Shapes: x (N, features) → y (N, features); γ, β, running mean and running variance (1, features).
 *
 * <ul>
 *   <li>Training ({@code forward(x, true)}): μ and σ² are the batch's (σ² biased, over the N rows),
 *       and the running statistics move towards them, in place:
 *       running ← (1 − momentum) · running + momentum · batch, with the unbiased variance
 *       N/(N−1)·σ². Momentum 0.1 is PyTorch's convention; Keras's {@code momentum=0.9} is the same
 *       average written as 1 − 0.1.</li>
 *   <li>Evaluation ({@code forward(x, false)}): μ and σ² are the running statistics, so a
 *       prediction does not depend on the other examples of its batch.</li>
 * </ul>
 * γ starts at 1, β at 0, the running mean at 0, the running variance at 1. γ and β are exempt from
 * weight penalties. The running statistics are not parameters: no optimizer touches them.
 *
 * <p>Backward in training mode includes the paths through μ and σ²:
 * dx = γ/√(σ²+ε) · (g − mean(g) − x̂ · mean(g ⊙ x̂)), the means over the batch.
 */
public final class BatchNorm implements Layer {
    private final int features;
    private final double momentum, eps;
    private final Parameter gamma, beta;
    private INDArray runningMean, runningVar;
    // cached by forward for backward
    private INDArray xHat, invStd;
    private boolean training;

    /** Momentum 0.1 and ε = 1e-5, as in PyTorch's {@code BatchNorm1d}. */
    public BatchNorm(int features) { this(features, 0.1, 1e-5); }

    public BatchNorm(int features, double momentum, double eps) {
        if (features < 1) throw new IllegalArgumentException("BatchNorm needs features >= 1, got " + features + ".");
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException("BatchNorm momentum must be in [0, 1] (PyTorch convention, e.g. 0.1), got " + momentum + ".");
        if (!(eps > 0)) throw new IllegalArgumentException("BatchNorm eps must be > 0 (e.g. 1e-5), got " + eps + ".");
        this.features = features;
        this.momentum = momentum;
        this.eps = eps;
        DataType type = Nd4j.defaultFloatingPointType();
        this.gamma = new Parameter("gamma", Nd4j.ones(type, 1, features)).regularized(false);
        this.beta = new Parameter("beta", Nd4j.zeros(type, 1, features)).regularized(false);
        this.runningMean = Nd4j.zeros(type, 1, features);
        this.runningVar = Nd4j.ones(type, 1, features);
    }

    public int features() { return features; }

    public double momentum() { return momentum; }

    public double eps() { return eps; }

    /** The scale γ (1, features). */
    public Parameter gamma() { return gamma; }

    /** The shift β (1, features). */
    public Parameter beta() { return beta; }

    /** The running mean (1, features), used in evaluation; training updates it in place. */
    public INDArray runningMean() { return runningMean; }

    /** The running unbiased variance (1, features), used in evaluation; training updates it in place. */
    public INDArray runningVar() { return runningVar; }

    /** The running mean and variance. */
    @Override
    public java.util.List<INDArray> state() { return java.util.List.of(runningMean, runningVar); }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        String layout = "(N, " + features + ")";
        Shapes.requireRank(toString(), x, 2, layout,
                x != null && x.rank() == 4 ? "For images (N, C, H, W) use BatchNorm2D(C)." : null);
        Shapes.requireDim(toString(), x, 1, features, layout, "Make features equal the previous layer's output size (" + x.size(1) + ").");
        this.training = training;
        INDArray mean, var;
        if (training) {
            long n = x.size(0);
            if (n < 2)
                throw new IllegalArgumentException(this + " needs at least 2 examples per batch in training to compute batch statistics, got "
                        + Shapes.of(x) + ". Use a larger batch size, or one that does not leave a last batch of 1 example.");
            mean = x.mean(true, 0);                                  // (1, F)
            var = x.var(false, 0).reshape(1, features);              // (1, F), biased
            // the running statistics outlive the step's workspace: update them in place
            // (the casts matter only when x's type differs from theirs, e.g. in a double-precision check)
            runningMean.muli(1 - momentum).addi(mean.mul(momentum).castTo(runningMean.dataType()));
            runningVar.muli(1 - momentum).addi(var.mul(momentum * n / (n - 1)).castTo(runningVar.dataType()));
        } else {
            mean = runningMean.castTo(x.dataType());
            var = runningVar.castTo(x.dataType());
        }
        invStd = Transforms.pow(var.add(eps), -0.5, false);         // (1, F)
        xHat = x.subRowVector(mean).muliRowVector(invStd);
        return xHat.mulRowVector(gamma.value()).addiRowVector(beta.value());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (xHat == null) throw new IllegalStateException(this + ": backward called before forward.");
        Shapes.requireSame(this + " backward", gradOut, "gradOut", xHat, "the output");
        INDArray dBeta = gradOut.sum(true, 0);                       // (1, F)
        INDArray dGamma = gradOut.mul(xHat).sum(true, 0);            // (1, F)
        beta.grad().addi(dBeta);
        gamma.grad().addi(dGamma);
        INDArray scale = invStd.mul(gamma.value());                  // γ / √(σ² + ε), (1, F)
        if (!training) return gradOut.mulRowVector(scale);           // μ, σ² are constants
        double n = gradOut.size(0);
        INDArray dx = xHat.mulRowVector(dGamma.div(-n));             // − x̂ · mean(g ⊙ x̂)
        dx.addi(gradOut).subiRowVector(dBeta.div(n));                // + g − mean(g)
        return dx.muliRowVector(scale);
    }

    @Override
    public List<Parameter> parameters() { return List.of(gamma, beta); }

    /** Also converts the running statistics (before training only: the arrays are replaced). */
    @Override
    public void castTo(DataType type) {
        Layer.super.castTo(type);
        runningMean = runningMean.castTo(type);
        runningVar = runningVar.castTo(type);
    }

    /** E.g. "BatchNorm(256, momentum 0.1, eps 1e-05)". */
    @Override
    public String toString() {
        return "BatchNorm(" + features + ", momentum " + momentum + ", eps " + String.format(Locale.ROOT, "%.1g", eps) + ")";
    }
}
