package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
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
}
