package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;

/**
 * Global average pooling: the mean of each channel over the whole image, (N, C, H, W) → (N, C).
 * It replaces Flatten + a large Dense layer at the end of a CNN, has no parameters and accepts any
 * image size (Lin, Chen and Yan, 2014, "Network In Network"). Backward spreads each gradient evenly
 * over the H·W positions of its channel.
 *
 * <pre>{@code Sequential.of(new Conv2D(1, 32, 3), new ReLU(), new GlobalAvgPool2D(), new Dense(32, 10))}</pre>
 */
public final class GlobalAvgPool2D implements Layer {
    private long[] inShape;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Images.require(toString(), x, -1);
        inShape = x.shape();
        return x.mean(2, 3);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (inShape == null) throw new IllegalStateException(this + ": backward called before forward.");
        long n = inShape[0], c = inShape[1], hw = inShape[2] * inShape[3];
        Images.requireGradient(toString(), gradOut, new long[]{n, c});
        INDArray share = gradOut.reshape(n, c, 1, 1).div(hw);     // (N, C, 1, 1), broadcast over H, W
        return Nd4j.zeros(gradOut.dataType(), inShape).addi(share);
    }

    @Override
    public String toString() { return "GlobalAvgPool2D"; }
}
