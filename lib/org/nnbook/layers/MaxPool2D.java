package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling: each size x size window of each channel is replaced by its largest value, which
 * shrinks the image and makes the features a little insensitive to small shifts (the subsampling
 * layers of LeCun et al., 1998, "Gradient-Based Learning Applied to Document Recognition", here with
 * the maximum instead of a weighted average). No parameters. Backward routes each gradient to the
 * position that held the maximum; the other positions get zero.
 *
 * <pre>{@code new MaxPool2D(2)   // (N, C, 24, 24) -> (N, C, 12, 12)}</pre>
 *
 * <p>Shapes: x (N, C, H, W) → y (N, C, H', W') with H' = {@link Padding#outputSize}. In training
 * the forward pass records where each maximum was ({@code MaxPoolIndices}, as PyTorch does) and
 * backward scatters the gradients there; in evaluation, and for arrays that path does not take,
 * forward and backward are ND4J's {@code maxpool2d} and {@code maxpool2d_bp} ops (libnd4j's own
 * kernels: faster here than oneDNN's for NCHW arrays; {@code maxpool2d_bp} finds the maxima again).
 */
public final class MaxPool2D extends Pool2D {
    private final MaxPoolIndices indices = new MaxPoolIndices();

    /** Non-overlapping size x size windows: stride = size, no padding. */
    public MaxPool2D(int size) { this(size, size, Padding.VALID); }

    public MaxPool2D(int size, int stride, Padding padding) { super("MaxPool2D", "maxpool2d", size, stride, padding, 0); }   // 0: the extra argument is unused by max pooling

    @Override
    INDArray forwardOwn(INDArray x, boolean training) {
        if (training) return indices.forward(x, size(), stride(), padding());
        indices.clear();
        return null;
    }

    @Override
    INDArray backwardOwn(INDArray gradOut) { return indices.backward(gradOut); }
}
