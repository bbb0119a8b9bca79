package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Layer;
import org.nnbook.core.Shapes;

/**
 * The inverse of {@link Flatten}: rows of C·H·W numbers become (C, H, W) images, e.g. after the
 * first Dense layer of an image generator.
 *
 * <p>Shapes: x (N, C·H·W) → y (N, C, H, W); dx is dL/dy reshaped back. No parameters.
 */
public final class Unflatten implements Layer {
    private final int channels, height, width;

    public Unflatten(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1)
            throw new IllegalArgumentException("Unflatten needs channels, height, width >= 1, got (" + channels + ", " + height + ", " + width + ").");
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int channels() { return channels; }

    public int height() { return height; }

    public int width() { return width; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.requireRank(toString(), x, 2, "(N, " + (long) channels * height * width + ")", "Unflatten takes rows, e.g. a Dense layer's output.");
        Shapes.requireDim(toString(), x, 1, (long) channels * height * width, "(N, " + (long) channels * height * width + ")",
                "Make the previous layer output C·H·W = " + (long) channels * height * width + " numbers per row.");
        return x.dup('c').reshape(x.size(0), channels, height, width);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return gradOut.dup('c').reshape(gradOut.size(0), (long) channels * height * width);
    }

    /** E.g. "Unflatten(32, 7, 7)". */
    @Override
    public String toString() { return "Unflatten(" + channels + ", " + height + ", " + width + ")"; }
}
