package org.nnbook.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.CrossEntropyKernel;

import java.util.Arrays;

/**
 * Softmax cross-entropy on raw scores (logits) against target distributions:
 * {@code L = −(1/N) Σₙ Σ_c y_{nc} log softmax(z)_{nc}}.
 *
 * <p>Softmax and log are fused, with each row's maximum subtracted first, so large logits never
 * overflow; the gradient is the famously simple {@code (softmax(z) − y) / N}. Shapes: logits z and
 * targets y both (N, C), each target row a probability distribution (one-hot for a class); for
 * sequences (N, T, C), the mean is over the N·T rows. Do not put a {@code Softmax} layer before it.
 * For class ids instead of one-hot rows use {@link SparseCrossEntropy}.
 *
 * <p>With label smoothing ε (Szegedy et al., 2016, "Rethinking the Inception Architecture for
 * Computer Vision", section 7) the targets become {@code (1 − ε) y + ε / C}: the net is no longer
 * pushed towards infinite logits, which often calibrates it better. The loss of a perfect net is then
 * the entropy of the smoothed targets, not 0.
 *
 * <p>Targets that are not distributions — a value outside [0, 1], a row that does not sum to 1 —
 * are an error naming the row: they would give a plausible, meaningless loss.
 */
public final class CrossEntropy implements Loss {
    private final double labelSmoothing;
    private final CrossEntropyKernel fast = new CrossEntropyKernel();
    private boolean fastRan;
    private INDArray logits, targets;   // the last forward's arguments
    private INDArray z, y;              // the same as (M, C) rows

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
    public double forward(INDArray logits, INDArray targets) {
        requireShapes(logits, targets);
        this.logits = logits;
        this.targets = targets;
        z = rows(logits);
        y = rows(targets);
        fastRan = CrossEntropyKernel.applies(z);
        if (fastRan) {                               // the same, in one pass (org.nnbook.kernels)
            fast.dense(z, y, labelSmoothing);
            if (fast.badRow() >= 0) throw notDistributions(fast.badRow());
            return fast.loss();
        }
        requireDistributions();
        INDArray logP = logSoftmax(z);                                  // log softmax(z), (M, C)
        return -logP.muli(smoothed()).sumNumber().doubleValue() / z.size(0);
    }

    @Override
    public INDArray backward() {
        if (z == null) throw new IllegalStateException("CrossEntropy: backward called before forward.");
        INDArray g = fastRan ? fast.gradient()
                : Transforms.exp(logSoftmax(z), false).subi(smoothed()).divi(z.size(0));   // (softmax(z) − y) / N
        return g.reshape(logits.shape());
    }

    /** The targets the loss compares with: y, or (1 − ε) y + ε / C with label smoothing. */
    private INDArray smoothed() {
        INDArray t = y.castTo(z.dataType());
        return labelSmoothing == 0 ? t : t.mul(1 - labelSmoothing).addi(labelSmoothing / z.size(1));
    }

    /** log softmax(z) = (z − max) − log Σ e^(z − max), row by row: never overflows. */
    static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.sub(z.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subi(logSum);
    }

    /** The rows N (N·T for sequences). */
    @Override
    public long count(INDArray logits, INDArray y) { return logits.length() / logits.size(logits.rank() - 1); }

    /** Rows whose largest logit is in the column of the target's largest value (counted by the last forward, when asked about it). */
    @Override
    public long countCorrect(INDArray logits, INDArray targets) {
        if (fastRan && logits == this.logits && targets == this.targets) return fast.correct();
        return Loss.super.countCorrect(rows(logits), rows(targets));
    }

    /** (N, ..., C) as (M, C) rows: the array itself for rank 2, a view otherwise. */
    private static INDArray rows(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', a.length() / a.size(a.rank() - 1), a.size(a.rank() - 1));
    }

    private static void requireShapes(INDArray logits, INDArray y) {
        if (logits.rank() >= 2 && Arrays.equals(logits.shape(), y.shape())) return;
        if (logits.rank() >= 2 && (y.rank() == logits.rank() - 1 || y.rank() == 2 && y.size(1) == 1 && logits.size(1) > 1))
            throw new ShapeException("CrossEntropy expects targets of the logits' shape " + Shapes.of(logits) + " (one-hot rows) but got "
                    + Shapes.of(y) + ", which look like class ids. Use SparseCrossEntropy for class ids, or one-hot encode them with"
                    + " Dataset.oneHot(labels, numClasses).");
        if (logits.rank() < 2) throw new ShapeException("CrossEntropy expects logits (N, C) or (N, T, C), got " + Shapes.of(logits) + ".");
        Shapes.requireSame("CrossEntropy", logits, "logits", y, "y");
    }

    /** Every target value in [0, 1] and every row summing to 1 (within 1e-3), checked with ND4J ops on the plain path. */
    private void requireDistributions() {
        INDArray t = y.castTo(z.dataType());
        boolean inRange = t.minNumber().doubleValue() >= 0 && t.maxNumber().doubleValue() <= 1;
        boolean sumToOne = Transforms.abs(t.sum(1).subi(1), false).maxNumber().doubleValue() <= 1e-3;
        if (inRange && sumToOne) return;
        for (int r = 0; r < t.size(0); r++) {
            double[] row = t.getRow(r).toDoubleVector();
            if (Arrays.stream(row).anyMatch(v -> !(v >= 0 && v <= 1)) || Math.abs(Arrays.stream(row).sum() - 1) > 1e-3) throw notDistributions(r);
        }
    }

    private ShapeException notDistributions(int r) {
        double[] row = y.getRow(r).castTo(DataType.DOUBLE).toDoubleVector();
        String shown = Arrays.toString(row.length <= 12 ? row : Arrays.copyOf(row, 12)) + (row.length > 12 ? "..." : "");
        return new ShapeException("CrossEntropy: target row " + r + " is " + shown + " (sum " + Arrays.stream(row).sum() + "), not a probability"
                + " distribution: every value must be in [0, 1] and each row must sum to 1, e.g. one-hot for a class."
                + " For class ids use SparseCrossEntropy, or Dataset.oneHot(labels, numClasses).");
    }

    @Override
    public boolean isClassification() { return true; }

    @Override
    public String toString() { return labelSmoothing == 0 ? "CrossEntropy" : "CrossEntropy(labelSmoothing=" + labelSmoothing + ")"; }
}
