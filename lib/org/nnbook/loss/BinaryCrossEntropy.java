package org.nnbook.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

import java.util.Arrays;

/**
 * Binary cross-entropy on logits, averaged over all elements: for a logit z and a target y in [0, 1],
 * {@code −y log σ(z) − (1 − y) log(1 − σ(z))}, computed as
 * <pre>
 *   max(z, 0) − z·y + log(1 + e^(−|z|))
 * </pre>
 * which is the same value but never takes the log of 0 or the exp of a large number, so logits of
 * ±1000 are fine. The gradient is {@code (σ(z) − y) / (N·K)}.
 *
 * <p>Shapes: logits z and targets y both (N, 1) for a yes/no problem, or (N, K) for K independent
 * yes/no labels (multi-label). Do not put a {@code Sigmoid} layer before it. A row counts as
 * correct for accuracy when every one of its logits is on the target's side of 0 (z &gt; 0 ⇔ y &gt; ½).
 */
public final class BinaryCrossEntropy implements Loss {
    private INDArray z;
    private INDArray y;

    @Override
    public double forward(INDArray logits, INDArray y) {
        requireShapes(logits, y);
        this.z = logits;
        this.y = y.castTo(logits.dataType());
        INDArray l = Transforms.max(logits, 0, true).subi(logits.mul(this.y));
        INDArray softTail = Transforms.log1p(Transforms.exp(Transforms.abs(logits, true).negi(), false), false);
        return l.addi(softTail).sumNumber().doubleValue() / logits.length();
    }

    @Override
    public INDArray backward() {
        if (z == null) throw new IllegalStateException("BinaryCrossEntropy: backward called before forward.");
        return Transforms.sigmoid(z, true).subi(y).divi(z.length());
    }

    @Override
    public boolean isClassification() { return true; }

    /** Rows whose every logit is on the target's side of 0: z &gt; 0 where y &gt; ½, z ≤ 0 elsewhere. */
    @Override
    public long countCorrect(INDArray logits, INDArray y) {
        requireShapes(logits, y);
        INDArray wrong = logits.gt(0).castTo(DataType.INT).neq(y.gt(0.5).castTo(DataType.INT));
        return logits.size(0) - wrong.castTo(DataType.INT).max(1).sumNumber().longValue();
    }

    private static void requireShapes(INDArray logits, INDArray y) {
        if (logits.rank() != 2 || y.rank() != 2)
            throw new ShapeException("BinaryCrossEntropy expects logits and targets of shape (N, 1), or (N, K) for K labels, but got "
                    + Arrays.toString(logits.shape()) + " and " + Arrays.toString(y.shape()) + ". Reshape a vector of 0/1 targets with y.reshape(N, 1).");
        if (logits.size(1) == 1 && y.size(1) == 2)
            throw new ShapeException("BinaryCrossEntropy got one logit per row but targets of shape " + Arrays.toString(y.shape())
                    + ", which look one-hot for two classes. Use the 0/1 column y.getColumn(1, true) as targets, or two outputs with CrossEntropy.");
        Shapes.requireSame("BinaryCrossEntropy", logits, "logits", y, "y");
    }

    @Override
    public String toString() { return "BinaryCrossEntropy"; }
}
