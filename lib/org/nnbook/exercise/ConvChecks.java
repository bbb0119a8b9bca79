package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Padding;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * What the checks of {@link Exercises05} compare a student's arrays with: the library's convolution in
 * double, the typical mistakes of a hand-written one (a flipped kernel, no bias, no stride, one input
 * channel).
 */
final class ConvChecks {
    private ConvChecks() {}

    /** Which typical mistake the student's convolution output {@code got} is: {what, hint}, or null. */
    static String[] mistake(INDArray got, INDArray x, INDArray w, INDArray b, int stride) {
        long o = w.size(0), c = w.size(1), k = w.size(2);
        INDArray flipped = Nd4j.create(DataType.DOUBLE, w.shape());
        for (long i = 0; i < o; i++) for (long j = 0; j < c; j++) for (long u = 0; u < k; u++) for (long v = 0; v < k; v++)
            flipped.putScalar(new long[]{i, j, k - 1 - u, k - 1 - v}, w.getDouble(i, j, u, v));
        if (ArrayChecks.firstDifference(got, conv(x, flipped, b, stride)) == null)
            return new String[]{"yours is Conv2D with every kernel turned by 180°.", "that is the mathematician's convolution; deep-learning"
                    + " libraries do not flip the kernel (section 1): entry (u, v) weighs the pixel at offset (u, v) in the window."};
        if (ArrayChecks.firstDifference(got, conv(x, w, b.mul(0), stride)) == null)
            return new String[]{"yours is Conv2D without its biases.", "each output channel has a bias."};
        if (stride > 1 && ArrayChecks.firstDifference(got, conv(x, w, b, 1).get(all(), all(), interval(0, got.size(2)), interval(0, got.size(3)))) == null)
            return new String[]{"your windows move one pixel at a time.", "with stride s, the window of output (i, j) starts s times further."};
        if (c > 1 && ArrayChecks.firstDifference(got, conv(x.get(all(), interval(0, 1)).dup(), w.get(all(), interval(0, 1)).dup(), b, stride)) == null)
            return new String[]{"yours only reads the first input channel.", "a kernel spans every input channel."};
        return null;
    }

    /** The library's convolution, in double, with weights w (O, C, k, k) and biases b (O). */
    static INDArray conv(INDArray x, INDArray w, INDArray b, int stride) {
        Conv2D c = new Conv2D((int) w.size(1), (int) w.size(0), (int) w.size(2), stride, Padding.VALID);
        c.castTo(DataType.DOUBLE);
        c.weight().set(w);
        c.bias().set(b);
        return c.forward(x, false);
    }
}
