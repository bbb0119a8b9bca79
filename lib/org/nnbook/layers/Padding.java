package org.nnbook.layers;

/**
 * How {@link Conv2D}, {@link MaxPool2D} and {@link AvgPool2D} treat the border of an image.
 *
 * <ul>
 *   <li>{@link #VALID}: no padding; the window only visits positions where it fits entirely, so the
 *       output shrinks: out = ⌊(in − kernel) / stride⌋ + 1 (a 28x28 image and a 5x5 kernel give 24x24).</li>
 *   <li>{@link #SAME}: pad with zeros (for pooling: ignore the padding) so that out = ⌈in / stride⌉;
 *       with stride 1 the output has the input's height and width. As in TensorFlow/Keras, an odd
 *       amount of padding puts the extra row/column at the bottom/right.</li>
 * </ul>
 */
public enum Padding {
    VALID, SAME;

    /**
     * Rows (or columns) of zeros added before the first one: none for VALID; for SAME half of what
     * the output size needs, the odd one out going after (at the bottom or right), as in libnd4j.
     */
    public int before(long in, int kernel, int stride) {
        if (this == VALID) return 0;
        long out = outputSize(in, kernel, stride);
        return (int) Math.max(0, ((out - 1) * stride + kernel - in) / 2);
    }

    /** Output height or width for an input of size {@code in}, a window of size {@code kernel} and {@code stride}. */
    public long outputSize(long in, int kernel, int stride) {
        return this == SAME ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
    }

    /** "valid" or "same", as Keras writes it. */
    @Override
    public String toString() { return name().toLowerCase(); }
}
