package org.nnbook.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

import java.util.Arrays;

/**
 * Softmax cross-entropy on raw scores (logits): {@code L = −(1/N) Σₙ Σ_c y_{nc} log softmax(z)_{nc}}.
 *
 * <p>Softmax and log are fused, with each row's maximum subtracted first, so large logits never
 * overflow; the gradient is the famously simple {@code (softmax(z) − y) / N}. Shapes: logits z and
 * one-hot (or probability) targets y, both (N, C). Do not put a {@code Softmax} layer before it.
 *
 * <p>With label smoothing ε (Szegedy et al., 2016, "Rethinking the Inception Architecture for
 * Computer Vision", section 7) the targets become {@code (1 − ε) y + ε / C}: the net is no longer
 * pushed towards infinite logits, which often calibrates it better. The loss of a perfect net is then
 * the entropy of the smoothed targets, not 0.
 */
public final class CrossEntropy implements Loss {
    private final double labelSmoothing;
    private INDArray p;
    private INDArray y;

    /** Plain cross-entropy. */
    public CrossEntropy() { this(0); }

    /** Cross-entropy against targets smoothed by ε = {@code labelSmoothing} in [0, 1), typically 0.1. */
    public CrossEntropy(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1))
            throw new IllegalArgumentException("CrossEntropy: labelSmoothing must be in [0, 1) (typically 0.1), got " + labelSmoothing + ".");
        this.labelSmoothing = labelSmoothing;
    }

    public double labelSmoothing() { return labelSmoothing; }

    @Override
    public double forward(INDArray logits, INDArray y) {
        if (y.rank() != 2 || y.size(1) == 1 && logits.size(1) > 1)
            throw new ShapeException("CrossEntropy expects one-hot targets of shape (N, C) = " + Arrays.toString(logits.shape())
                    + " but got " + Arrays.toString(y.shape()) + ". One-hot encode labels with Dataset.oneHot(labels, numClasses).");
        Shapes.requireSame("CrossEntropy", logits, "logits", y, "y");
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray e = Transforms.exp(shifted, true);
        INDArray sum = e.sum(true, 1);
        this.p = e.diviColumnVector(sum);
        this.y = y.castTo(logits.dataType());
        if (labelSmoothing > 0) this.y = this.y.mul(1 - labelSmoothing).addi(labelSmoothing / y.size(1));
        // log softmax = shifted − log Σ e^shifted
        INDArray logP = shifted.subiColumnVector(Transforms.log(sum, false));
        return -logP.muli(this.y).sumNumber().doubleValue() / logits.size(0);
    }

    @Override
    public INDArray backward() {
        if (p == null) throw new IllegalStateException("CrossEntropy: backward called before forward.");
        return p.sub(y).divi(p.size(0));
    }

    @Override
    public boolean isClassification() { return true; }

    @Override
    public String toString() { return labelSmoothing == 0 ? "CrossEntropy" : "CrossEntropy(labelSmoothing=" + labelSmoothing + ")"; }
}
