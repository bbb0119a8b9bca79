package org.nnbook.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.CrossEntropyKernel;

import java.util.Arrays;

/**
 * Softmax cross-entropy against class ids rather than one-hot rows: for logits z (N, C) and ids
 * t (N), {@code L = −(1/N) Σₙ log softmax(z)_{n, tₙ}}; for a sequence model, logits (N, T, V) and
 * next-token ids (N, T), the mean over every position. The gradient is softmax(z) with 1 taken off
 * at each target id, divided by the count: no (N·T, V) one-hot array is ever made.
 *
 * <p>With an {@code ignoreIndex} (the padding id, say) the positions whose target is that id count
 * for nothing: no loss, no gradient, and the mean is over the other positions — PyTorch's
 * {@code CrossEntropyLoss(ignore_index=...)}; Keras calls it sparse categorical cross-entropy.
 * Ids are whole numbers in [0, C) of any numeric type; any other id is an error naming its position.
 */
public final class SparseCrossEntropy implements Loss {
    /** The ignore index meaning "ignore nothing". */
    public static final int NONE = Integer.MIN_VALUE;
    private final int ignoreIndex;
    private final CrossEntropyKernel fast = new CrossEntropyKernel();
    private boolean fastRan;
    private INDArray logits, targets;   // the last forward's arguments
    private INDArray z;                 // the logits as (M, C) rows
    private int[] ids;                  // the targets, flat
    private int kept;

    /** Every position counts. */
    public SparseCrossEntropy() { this(NONE); }

    /** Positions whose target id is {@code ignoreIndex} count for nothing. */
    public SparseCrossEntropy(int ignoreIndex) { this.ignoreIndex = ignoreIndex; }

    public int ignoreIndex() { return ignoreIndex; }

    @Override
    public double forward(INDArray logits, INDArray targets) {
        requireShapes(logits, targets);
        this.logits = logits;
        this.targets = targets;
        int c = (int) logits.size(logits.rank() - 1);
        z = logits.reshape('c', logits.length() / c, c);
        ids = readIds(targets);
        fastRan = CrossEntropyKernel.appliesToIds(z);
        if (fastRan) {                                   // the same, block by block (org.nnbook.kernels)
            int bad = fast.sparse(z, ids, ignoreIndex);
            if (bad >= 0) throw badId(bad, c);
            kept = (int) fast.counted();
            return fast.loss();
        }
        kept = 0;
        for (int r = 0; r < ids.length; r++) {
            if (ids[r] == ignoreIndex) continue;
            if (ids[r] < 0 || ids[r] >= c) throw badId(r, c);
            kept++;
        }
        INDArray logP = CrossEntropy.logSoftmax(z);                  // (M, C)
        double sum = 0;
        for (int r = 0; r < ids.length; r++)
            if (ids[r] != ignoreIndex) sum -= logP.getDouble(r, ids[r]);  // − log p(target)
        return kept == 0 ? 0 : sum / kept;
    }

    @Override
    public INDArray backward() {
        if (z == null) throw new IllegalStateException("SparseCrossEntropy: backward called before forward.");
        if (fastRan) return fast.gradient().reshape(logits.shape());
        INDArray g = Transforms.exp(CrossEntropy.logSoftmax(z), false);    // softmax(z), (M, C)
        for (int r = 0; r < ids.length; r++) {
            if (ids[r] == ignoreIndex) g.getRow(r).assign(0);                // padding: no gradient
            else g.putScalar(r, ids[r], g.getDouble(r, ids[r]) - 1);        // softmax − one-hot, one entry at a time
        }
        return g.divi(Math.max(kept, 1)).reshape(logits.shape());
    }

    /** The positions that are not ignored. */
    @Override
    public long count(INDArray logits, INDArray targets) {
        if (logits == this.logits && targets == this.targets) return kept;
        int[] t = readIds(targets);
        return Arrays.stream(t).filter(id -> id != ignoreIndex).count();
    }

    /** Positions (not ignored) whose largest logit is at the target id. */
    @Override
    public long countCorrect(INDArray logits, INDArray targets) {
        if (fastRan && logits == this.logits && targets == this.targets) return fast.correct();
        requireShapes(logits, targets);
        int c = (int) logits.size(logits.rank() - 1);
        int[] predicted = logits.reshape('c', logits.length() / c, c).argMax(1).toIntVector(), t = readIds(targets);
        long right = 0;
        for (int r = 0; r < t.length; r++) if (t[r] != ignoreIndex && predicted[r] == t[r]) right++;
        return right;
    }

    /** The ids as whole numbers; a fraction (targets that are not ids) is an error. */
    private static int[] readIds(INDArray targets) {
        INDArray flat = targets.reshape(targets.length());
        if (!targets.dataType().isFPType()) return flat.castTo(DataType.INT).toIntVector();
        double[] v = flat.toDoubleVector();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE)
                throw new ShapeException("SparseCrossEntropy expects class ids (whole numbers) as targets, but position " + i + " holds " + v[i]
                        + ". For one-hot or probability targets use CrossEntropy.");
            out[i] = (int) v[i];
        }
        return out;
    }

    private static void requireShapes(INDArray logits, INDArray targets) {
        long[] lead = logits.rank() < 2 ? null : Arrays.copyOf(logits.shape(), logits.rank() - 1);
        if (lead != null && Arrays.equals(lead, targets.shape())) return;
        if (lead != null && Arrays.equals(logits.shape(), targets.shape()))
            throw new ShapeException("SparseCrossEntropy expects class ids " + Arrays.toString(lead) + " for logits " + Shapes.of(logits)
                    + " but got targets of the logits' own shape, which look one-hot: use CrossEntropy for those.");
        throw new ShapeException("SparseCrossEntropy expects logits (N, C) with ids (N), or (N, T, C) with ids (N, T); got logits "
                + Shapes.of(logits) + " and targets " + Shapes.of(targets) + ".");
    }

    private ShapeException badId(int position, int classes) {
        return new ShapeException("SparseCrossEntropy: the target id at position " + position + " is " + ids[position] + ", outside [0, "
                + classes + ")" + (ignoreIndex == NONE ? "" : " and not the ignored id " + ignoreIndex)
                + ". Check the vocabulary size of the output layer, or the padding id.");
    }

    @Override
    public boolean isClassification() { return true; }

    @Override
    public String toString() { return ignoreIndex == NONE ? "SparseCrossEntropy" : "SparseCrossEntropy(ignoreIndex=" + ignoreIndex + ")"; }
}
