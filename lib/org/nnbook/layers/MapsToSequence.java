package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Layer;
import org.nnbook.core.ShapeException;

import java.util.Arrays;

/**
 * Turns convolutional feature maps into a sequence for a recurrent layer: (N, C, F, T) → (N, T, C·F).
 * The last axis (time, for a spectrogram) becomes the sequence; at each step the C channels of the F
 * rows are one feature vector, channel-major: feature c·F + f is channel c, row f. In PyTorch:
 * {@code x.permute(0, 3, 1, 2).reshape(N, T, C * F)}. No parameters; backward undoes the move.
 */
public final class MapsToSequence implements Layer {
    private long[] inShape;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x == null || x.rank() != 4)
            throw new ShapeException("MapsToSequence expects feature maps (N, C, F, T) but got "
                    + (x == null ? "null" : Arrays.toString(x.shape())) + ". Put it after a Conv2D or pooling layer.");
        inShape = x.shape();
        long n = inShape[0], c = inShape[1], f = inShape[2], t = inShape[3];
        return x.permute(0, 3, 1, 2).dup('c').reshape('c', n, t, c * f);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (inShape == null) throw new IllegalStateException("MapsToSequence: backward called before forward.");
        long n = inShape[0], c = inShape[1], f = inShape[2], t = inShape[3];
        if (gradOut.rank() != 3 || gradOut.size(0) != n || gradOut.size(1) != t || gradOut.size(2) != c * f)
            throw new ShapeException("MapsToSequence: gradient of shape " + Arrays.toString(gradOut.shape()) + ", expected "
                    + Arrays.toString(new long[] {n, t, c * f}) + ".");
        return gradOut.dup('c').reshape('c', n, t, c, f).permute(0, 2, 3, 1).dup('c');
    }

    @Override
    public String toString() { return "MapsToSequence"; }
}
