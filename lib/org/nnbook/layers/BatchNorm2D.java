package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

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
 * γ starts at 1, β at 0, the running mean at 0 and the running variance at 1. The same computation
 * as {@link BatchNorm}, with the statistics taken over height and width as well as the batch.
 */
public final class BatchNorm2D extends BatchNormalization {
    private final int channels;

    /** Momentum 0.1 and ε = 1e-5, as in PyTorch. */
    public BatchNorm2D(int channels) { this(channels, 0.1, 1e-5); }

    public BatchNorm2D(int channels, double momentum, double eps) {
        super("BatchNorm2D", "channels", channels, momentum, eps, Math.max(channels, 1));
        this.channels = channels;
    }

    public int channels() { return channels; }

    @Override
    int[] axes() { return new int[] {0, 2, 3}; }

    @Override
    long[] broadcastShape() { return new long[] {1, channels, 1, 1}; }

    @Override
    void requireInput(INDArray x) { Images.require(toString(), x, channels); }

    @Override
    void requireGradient(INDArray gradOut, INDArray output) { Images.requireGradient(toString(), gradOut, output.shape()); }
}
