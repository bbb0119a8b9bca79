package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max pooling: each size x size window of each channel is replaced by its largest value, which
 * shrinks the image and makes the features a little insensitive to small shifts (the subsampling
 * layers of LeCun et al., 1998, "Gradient-Based Learning Applied to Document Recognition", here with
 * the maximum instead of a weighted average). No parameters. Backward routes each gradient to the
 * position that held the maximum (the first one, if several tie); the other positions get zero.
 * The padding of {@link Padding#SAME} never wins a window.
 *
 * <pre>{@code new MaxPool2D(2)   // (N, C, 24, 24) -> (N, C, 12, 12)}</pre>
 *
 * <p>Shapes: x (N, C, H, W) → y (N, C, H', W') with H' = {@link Padding#outputSize}.
 */
public final class MaxPool2D extends Pool2D {

    /** Non-overlapping size x size windows: stride = size, no padding. */
    public MaxPool2D(int size) { this(size, size, Padding.VALID); }

    public MaxPool2D(int size, int stride, Padding padding) { super("MaxPool2D", true, size, stride, padding); }

    /** y = max over the window (padding pushed to −∞ first, so it never wins). */
    @Override
    INDArray reduce(INDArray windows, INDArray real) { return withoutPadding(windows, real).max(2); }

    /** The gradient goes to the window's (first) maximum: one-hot at the argmax, times g. */
    @Override
    INDArray spread(INDArray gradOut, INDArray windows, INDArray real) {
        INDArray argmax = withoutPadding(windows, real).argMax(2);                                 // (N, C, H', W')
        INDArray atMax = Nd4j.exec(new OneHot(argmax, (int) windows.size(2), 2, 1.0, 0.0, windows.dataType()))[0];   // (N, C, k·k, H', W')
        long[] s = gradOut.shape();
        return atMax.muli(gradOut.reshape(s[0], s[1], 1, s[2], s[3]));
    }

    /** The windows with every padded entry set to the lowest value of the type. */
    private static INDArray withoutPadding(INDArray windows, INDArray real) {
        double lowest = windows.dataType() == DataType.DOUBLE ? -Double.MAX_VALUE : -Float.MAX_VALUE;
        return windows.add(real.rsub(1).muli(lowest));
    }
}
