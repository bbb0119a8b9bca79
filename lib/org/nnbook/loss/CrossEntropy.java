package org.nnbook.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Memory;
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
 *
 * <p>For the logits of a mini-batch (up to {@value #JAVA_MAX_ENTRIES} entries) the loss, its gradient
 * and the count of correct rows are computed together in plain Java, in double precision; larger
 * logits use ND4J ops.
 */
public final class CrossEntropy implements Loss {
    /**
     * Logits with at most this many entries (a mini-batch of a classifier: 64 x 10 is 640) are
     * handled in plain Java: reading them, computing the loss, the gradient and the predicted classes
     * costs a few microseconds there, while each ND4J op costs tens of microseconds of call overhead
     * whatever its size. Larger logits (long sequences, big vocabularies) use ND4J's vectorised ops.
     */
    static final long JAVA_MAX_ENTRIES = 1 << 15;
    private final double labelSmoothing;
    private INDArray p;
    private INDArray y;
    // the small-logits path: the last forward's inputs (to recognise them in countCorrect), gradient and classes
    private INDArray lastLogits, lastTargets;
    private double[] grad;
    private long[] gradShape;
    private DataType gradType;
    private int correct = -1;

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
        if (logits.length() <= JAVA_MAX_ENTRIES && isFloatOrDouble(logits) && logits.length() > 0) return forwardSmall(logits, y);
        this.grad = null;
        this.lastLogits = this.lastTargets = null;
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
        if (grad != null) return Nd4j.create(grad, gradShape, gradType);
        if (p == null) throw new IllegalStateException("CrossEntropy: backward called before forward.");
        return p.sub(y).divi(p.size(0));
    }

    /** Counts from the classes found by the last forward when asked about its own logits and targets (the Trainer's case). */
    @Override
    public long countCorrect(INDArray yHat, INDArray y) {
        if (yHat == lastLogits && y == lastTargets && correct >= 0) return correct;
        return Loss.super.countCorrect(yHat, y);
    }

    /** forward for small logits, in Java (see {@link #JAVA_MAX_ENTRIES}); also keeps the gradient and counts the correct rows. */
    private double forwardSmall(INDArray logits, INDArray targets) {
        int n = (int) logits.size(0), c = (int) logits.size(1);
        double[] z = read(logits);
        double[] t = read(isFloatOrDouble(targets) ? targets : targets.castTo(logits.dataType()));
        double smooth = labelSmoothing / c, keep = 1 - labelSmoothing;
        double[] g = grad != null && grad.length == z.length ? grad : new double[z.length];
        double loss = 0;
        int right = 0;
        for (int r = 0; r < n; r++) {
            int o = r * c;
            double max = Double.NEGATIVE_INFINITY;
            int predicted = 0, target = 0;
            for (int k = 0; k < c; k++) {
                if (z[o + k] > max || k == 0) { max = z[o + k]; predicted = k; }
                if (t[o + k] > t[o + target]) target = k;
            }
            double sum = 0;
            for (int k = 0; k < c; k++) sum += Math.exp(z[o + k] - max);
            double logSum = Math.log(sum);
            for (int k = 0; k < c; k++) {
                double logP = z[o + k] - max - logSum;
                double tk = labelSmoothing > 0 ? t[o + k] * keep + smooth : t[o + k];
                if (tk != 0) loss -= tk * logP;
                g[o + k] = (Math.exp(logP) - tk) / n;
            }
            if (predicted == target) right++;
        }
        this.p = this.y = null;
        this.grad = g;
        this.gradShape = logits.shape();
        this.gradType = logits.dataType();
        this.lastLogits = logits;
        this.lastTargets = targets;
        this.correct = right;
        return loss / n;
    }

    private static boolean isFloatOrDouble(INDArray a) {
        return a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE;
    }

    /** The entries of a float or double array in row-major order, read straight from its memory (no ND4J op unless it must be copied into row-major order first). */
    private static double[] read(INDArray a) {
        INDArray c = a.ordering() == 'c' && Memory.defaultStrides(a) ? a : a.dup('c');
        int len = (int) c.length();
        double[] out = new double[len];
        int offset = (int) c.offset();
        if (c.dataType() == DataType.DOUBLE) {
            Memory.doubles(c).get(offset, out, 0, len);
        } else {
            float[] f = new float[len];
            Memory.floats(c).get(offset, f, 0, len);
            for (int i = 0; i < len; i++) out[i] = f[i];
        }
        return out;
    }

    @Override
    public boolean isClassification() { return true; }

    @Override
    public String toString() { return labelSmoothing == 0 ? "CrossEntropy" : "CrossEntropy(labelSmoothing=" + labelSmoothing + ")"; }
}
