package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Shapes;

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
public final class BatchNorm extends BatchNormalization {
    private final int features;

    /** Momentum 0.1 and ε = 1e-5, as in PyTorch's {@code BatchNorm1d}. */
    public BatchNorm(int features) { this(features, 0.1, 1e-5); }

    public BatchNorm(int features, double momentum, double eps) {
        super("BatchNorm", "features", features, momentum, eps, 1, Math.max(features, 1));
        this.features = features;
    }

    public int features() { return features; }

    @Override
    int[] axes() { return new int[] {0}; }

    @Override
    long[] broadcastShape() { return new long[] {1, features}; }

    @Override
    void requireInput(INDArray x) {
        String layout = "(N, " + features + ")";
        Shapes.requireRank(toString(), x, 2, layout,
                x != null && x.rank() == 4 ? "For images (N, C, H, W) use BatchNorm2D(C)." : null);
        Shapes.requireDim(toString(), x, 1, features, layout, "Make features equal the previous layer's output size (" + x.size(1) + ").");
    }

    @Override
    void requireGradient(INDArray gradOut, INDArray output) {
        Shapes.requireSame(this + " backward", gradOut, "gradOut", output, "the output");
    }
}
