package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

import java.util.Arrays;

/**
 * What the image layers share: the entry checks ((N, C, H, W) input, the right C, a window that
 * fits, a gradient of the output's shape) and the pooled shape.
 */
final class Images {
    private Images() {}

    /** Requires rank 4; {@code channels} is the required C, or -1 for any. */
    static void require(String layer, INDArray x, long channels) {
        String layout = "(N, " + (channels < 0 ? "C" : channels) + ", H, W)";
        String hint = x != null && x.rank() == 2
                ? "Reshape MNIST rows with Mnist.asImages(dataset), or any rows with x.reshape(N, C, H, W)."
                : "Image layers take channels-first batches (N, C, H, W).";
        Shapes.requireRank(layer, x, 4, layout, hint);
        if (channels >= 0 && x.size(1) != channels) {
            String fix = x.size(3) == channels
                    ? "The images look channels-last (N, H, W, C); make them channels-first with x.permute(0, 3, 1, 2)."
                    : "Make the layer's input channels equal the previous layer's output channels (" + x.size(1) + ").";
            Shapes.requireDim(layer, x, 1, channels, layout, fix);
        }
    }

    /** Requires a {@code window}x{@code window} window to fit once in x's height and width. */
    static void requireFits(String layer, INDArray x, int window, Padding padding) {
        if (padding == Padding.VALID && (x.size(2) < window || x.size(3) < window))
            throw new ShapeException(layer + " needs H and W >= " + window + " with valid padding but got "
                    + Shapes.of(x) + "; use fewer pooling layers, a smaller window, or Padding.SAME.");
    }

    /** Requires dL/dy, given to backward, to have the shape of the layer's output. */
    static void requireGradient(String layer, INDArray gradOut, long[] outShape) {
        if (!Arrays.equals(gradOut.shape(), outShape))
            throw new ShapeException(layer + ": backward expects dL/dy of the output's shape " + Arrays.toString(outShape)
                    + " but got " + Shapes.of(gradOut) + ".");
    }

    /** The pooled shape (N, C, H', W') of x. */
    static long[] pooledShape(INDArray x, int window, int stride, Padding padding) {
        return new long[]{x.size(0), x.size(1), padding.outputSize(x.size(2), window, stride), padding.outputSize(x.size(3), window, stride)};
    }

    /**
     * The patches ("im2col") of x (N, C, H, W) under every position of a k x k window moved by
     * {@code stride}: (N, C, k, k, H', W'), P[n, c, i, j, y, x] = x[n, c, y·stride + i − top, x·stride + j − left],
     * 0 in the padding. (ND4J's im2col, given an output of x's own type.)
     */
    static INDArray patches(INDArray x, int k, int stride, Padding padding) {
        long oh = padding.outputSize(x.size(2), k, stride), ow = padding.outputSize(x.size(3), k, stride);
        INDArray out = Nd4j.create(x.dataType(), x.size(0), x.size(1), k, k, oh, ow);
        return Convolution.im2col(x, k, k, stride, stride, padding.before(x.size(2), k, stride), padding.before(x.size(3), k, stride),
                1, 1, padding == Padding.SAME, out);
    }

    /** The adjoint of {@link #patches}: adds each entry of dP (N, C, k, k, H', W') back to its pixel of an (N, C, h, w) image. */
    static INDArray unpatch(INDArray dPatches, int stride, Padding padding, long h, long w) {
        int k = (int) dPatches.size(2);
        return Convolution.col2im(dPatches, stride, stride, padding.before(h, k, stride), padding.before(w, k, stride), (int) h, (int) w);
    }
}
