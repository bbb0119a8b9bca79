package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;

/**
 * Nearest-neighbour upsampling: every pixel becomes a factor x factor block of copies. Followed by a
 * {@link Conv2D} with {@link Padding#SAME} it is the "resize-convolution" alternative to
 * {@link ConvTranspose2D}, which avoids the checkerboard pattern of overlapping stamps (Odena,
 * Dumoulin and Olah, 2016, "Deconvolution and Checkerboard Artifacts", Distill).
 *
 * <p>Shapes: x (N, C, H, W) → y (N, C, factor·H, factor·W); no parameters.
 * <pre>
 *   y[n, c, y, x] = x[n, c, ⌊y / factor⌋, ⌊x / factor⌋]
 *   dx[n, c, i, j] = Σ of g over the factor x factor block that pixel (i, j) was copied to
 * </pre>
 */
public final class Upsample2D implements Layer {
    private final int factor;
    private long[] inShape, outShape;

    public Upsample2D(int factor) {
        if (factor < 1) throw new IllegalArgumentException("Upsample2D needs a factor >= 1, got " + factor + ".");
        this.factor = factor;
    }

    public int factor() { return factor; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, -1);
        long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        inShape = x.shape();
        INDArray blocks = Nd4j.zeros(x.dataType(), n, c, h, factor, w, factor)         // (N, C, H, f, W, f)
                .addi(x.dup('c').reshape(n, c, h, 1, w, 1));                        // numpy-style broadcast: a copy into each block
        INDArray y = blocks.reshape('c', n, c, h * factor, w * factor);
        outShape = y.shape();
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (inShape == null) throw new IllegalStateException(this + ": backward called before forward.");
        Images.requireGradient(toString(), gradOut, outShape);
        return gradOut.dup('c').reshape(inShape[0], inShape[1], inShape[2], factor, inShape[3], factor).sum(3, 5);
    }

    /** E.g. "Upsample2D(x2, nearest)". */
    @Override
    public String toString() { return "Upsample2D(x" + factor + ", nearest)"; }
}
