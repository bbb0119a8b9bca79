package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Shapes;

/**
 * Softmax over the last axis of (N, C) scores: {@code p_c = e^{x_c} / Σ_k e^{x_k}}, computed after
 * subtracting each row's maximum so that it never overflows. Gradient: p ⊙ (g − Σ_c g_c p_c).
 *
 * <p>To train a classifier, end the network with the last {@code Dense} and use
 * {@code CrossEntropy}, which applies softmax itself in a numerically stable way; put this layer
 * on top only to read probabilities.
 */
public final class Softmax implements Layer {
    private INDArray p;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.requireRank("Softmax", x, 2, "(N, C)", "Flatten the input first.");
        p = probabilities(x);
        return p;
    }

    /** Row-wise softmax of (N, C) scores, as a new array. */
    public static INDArray probabilities(INDArray x) {
        INDArray e = Transforms.exp(x.sub(x.max(true, 1)), false);
        return e.divi(e.sum(true, 1));
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (p == null) throw new IllegalStateException("Softmax: backward called before forward.");
        INDArray dot = gradOut.mul(p).sum(true, 1);
        return gradOut.sub(dot).muli(p);
    }

    @Override
    public String toString() { return "Softmax"; }
}
