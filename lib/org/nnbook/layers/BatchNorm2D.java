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
 * Batch normalisation for images (Ioffe and Szegedy, 2015, "Batch Normalization: Accelerating Deep
 * Network Training by Reducing Internal Covariate Shift"): each channel is standardised with the
 * mean and variance of that channel over the batch and all positions, then scaled and shifted by
 * learnable γ and β: y = γ · (x − μ) / √(σ² + ε) + β.
 *
 * <p>Shapes: x (N, C, H, W) → y (N, C, H, W); γ, β, running mean and running variance (C).
 *
 * <ul>
 *   <li>Training ({@code forward(x, true)}): μ, σ² are the batch statistics (σ² biased, over the
 *       N·H·W values of a channel), and the running statistics move towards them, in place:
 *       running ← (1 − momentum) · running + momentum · batch, with the unbiased variance. Momentum
 *       0.1 is PyTorch's convention (Keras writes the same as decay 0.9).</li>
 *   <li>Evaluation ({@code forward(x, false)}): μ, σ² are the running statistics, so a prediction
 *       does not depend on the other examples of its batch.</li>
 * </ul>
 * γ starts at 1, β at 0, the running mean at 0 and the running variance at 1.
 */
public final class BatchNorm2D implements Layer {
    private final int channels;
    private final double momentum, eps;
    private final Parameter gamma, beta;
    private INDArray runningMean, runningVar;
    // cached by forward for backward
    private INDArray xHat, invStd;
    private boolean training;

    /** Momentum 0.1 and ε = 1e-5, as in PyTorch. */
    public BatchNorm2D(int channels) { this(channels, 0.1, 1e-5); }

    public BatchNorm2D(int channels, double momentum, double eps) {
        if (channels < 1) throw new IllegalArgumentException("BatchNorm2D needs channels >= 1, got " + channels + ".");
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("BatchNorm2D momentum must be in [0, 1], got " + momentum + ".");
        if (!(eps > 0)) throw new IllegalArgumentException("BatchNorm2D eps must be > 0, got " + eps + ".");
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        DataType type = Nd4j.defaultFloatingPointType();
        this.gamma = new Parameter("gamma", Nd4j.ones(type, channels)).regularized(false);
        this.beta = new Parameter("beta", Nd4j.zeros(type, channels)).regularized(false);
        this.runningMean = Nd4j.zeros(type, channels);
        this.runningVar = Nd4j.ones(type, channels);
    }

    public int channels() { return channels; }

    public double momentum() { return momentum; }

    public double eps() { return eps; }

    /** The scale γ (C). */
    public Parameter gamma() { return gamma; }

    /** The shift β (C). */
    public Parameter beta() { return beta; }

    /** The running mean (C), used in evaluation; training updates it in place. */
    public INDArray runningMean() { return runningMean; }

    /** The running (unbiased) variance (C), used in evaluation; training updates it in place. */
    public INDArray runningVar() { return runningVar; }

    /** The running mean and variance. */
    @Override
    public java.util.List<INDArray> state() { return java.util.List.of(runningMean, runningVar); }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, channels);
        this.training = training;
        INDArray mean, var;
        if (training) {
            long m = x.length() / channels;
            if (m < 2)
                throw new IllegalArgumentException(this + " needs more than one value per channel to compute batch statistics, got input "
                        + Shapes.of(x) + "; use a batch of at least 2 examples.");
            mean = x.mean(true, 0, 2, 3);                  // (1, C, 1, 1)
            var = x.var(false, 0, 2, 3).reshape(1, channels, 1, 1);
            // running statistics live outside the training step's workspace: update them in place
            // (the casts matter only when x's type differs from theirs, e.g. a double-precision check)
            runningMean.muli(1 - momentum).addi(mean.reshape(channels).mul(momentum).castTo(runningMean.dataType()));
            runningVar.muli(1 - momentum).addi(var.reshape(channels).mul(momentum * m / (m - 1)).castTo(runningVar.dataType()));
        } else {
            mean = runningMean.reshape(1, channels, 1, 1).castTo(x.dataType());
            var = runningVar.reshape(1, channels, 1, 1).castTo(x.dataType());
        }
        invStd = Transforms.pow(var.add(eps), -0.5, false);                  // (1, C, 1, 1)
        xHat = x.sub(mean).muli(invStd);
        return xHat.mul(gamma.value().reshape(1, channels, 1, 1)).addi(beta.value().reshape(1, channels, 1, 1));
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (xHat == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, xHat.shape());
        INDArray dBeta = gradOut.sum(0, 2, 3);                               // (C)
        INDArray dGamma = gradOut.mul(xHat).sum(0, 2, 3);                    // (C)
        beta.grad().addi(dBeta);
        gamma.grad().addi(dGamma);
        INDArray scale = invStd.mul(gamma.value().reshape(1, channels, 1, 1));  // γ / √(σ² + ε)
        if (!training) return gradOut.mul(scale);                            // μ, σ² are constants
        // μ and σ² depend on x too: dx = γ/√(σ²+ε) · (g − mean(g) − x̂ · mean(g · x̂)), means per channel
        double m = gradOut.length() / (double) channels;
        INDArray dx = xHat.mul(dGamma.reshape(1, channels, 1, 1).div(-m));
        dx.addi(gradOut).subi(dBeta.reshape(1, channels, 1, 1).div(m));
        return dx.muli(scale);
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

    /** E.g. "BatchNorm2D(32, momentum 0.1, eps 1e-05)". */
    @Override
    public String toString() {
        return "BatchNorm2D(" + channels + ", momentum " + momentum + ", eps " + String.format(Locale.ROOT, "%.1g", eps) + ")";
    }
}
