package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

import java.util.ArrayList;
import java.util.List;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Reads each sequence both ways (Schuster and Paliwal, 1997): one recurrent layer from the first step to
 * the last, another from the last to the first, their outputs side by side. At step t the output is
 * [h→_t, h←_t], (N, T, 2H): what came before t and what comes after it. With {@code lastOnly()} layers
 * it is [h→ after the last step, h← after reading back to the first], (N, 2H). This is PyTorch's
 * {@code bidirectional=True} (its output, and its h_n of both directions).
 *
 * <p>Padding: sequences are padded at the end (mask 1 … 1 0 … 0). The backward layer reads each
 * sequence's own real steps reversed, x_len … x_1, then its padding, so it starts at the sequence's
 * last real step, not at the padding.
 *
 * <pre>{@code
 * new Bidirectional(new LSTM(32, 64), new LSTM(32, 64))                       // (N, T, 32) -> (N, T, 128)
 * new Bidirectional(new GRU(32, 64).lastOnly(), new GRU(32, 64).lastOnly())   // (N, T, 32) -> (N, 128)
 * }</pre>
 */
public final class Bidirectional implements MaskedLayer {
    private final Recurrent forwardLayer, backwardLayer;
    private int[] order;            // row n·T + t of the reversed sequence is row order[n·T + t] of the input

    public Bidirectional(Recurrent forwardLayer, Recurrent backwardLayer) {
        if (forwardLayer == null || backwardLayer == null || forwardLayer == backwardLayer)
            throw new IllegalArgumentException("Bidirectional needs two different recurrent layers, one per direction, got "
                    + forwardLayer + " and " + backwardLayer + ".");
        if (forwardLayer.inFeatures() != backwardLayer.inFeatures() || forwardLayer.allSteps() != backwardLayer.allSteps())
            throw new IllegalArgumentException("Bidirectional: both directions read the same input and give the same kind of output; got "
                    + forwardLayer + " and " + backwardLayer + " (inFeatures, and lastOnly() on both or neither).");
        if (forwardLayer.carriesState() || backwardLayer.carriesState())
            throw new IllegalArgumentException("Bidirectional: the backward direction reads each sequence from its end, so a state"
                    + " carried on to the next batch has no meaning; turn carryState off.");
        this.forwardLayer = forwardLayer;
        this.backwardLayer = backwardLayer;
    }

    /** The layer that reads from the first step to the last. */
    public Recurrent forwardLayer() { return forwardLayer; }

    /** The layer that reads from the last step to the first. */
    public Recurrent backwardLayer() { return backwardLayer; }

    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        if (x == null || x.rank() != 3)
            throw new ShapeException(this + " expects a sequence (N, T, " + forwardLayer.inFeatures() + ") but got " + (x == null ? "null" : Shapes.of(x)) + ".");
        order = reversal(mask, x.size(0), x.size(1));
        INDArray ahead = forwardLayer.forward(x, mask, training);
        INDArray back = backwardLayer.forward(reverse(x), mask, training);
        if (forwardLayer.allSteps()) back = reverse(back);              // step t of the output is step t of the input
        return Nd4j.concat(ahead.rank() - 1, ahead, back);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (order == null) throw new IllegalStateException(this + ": backward called before forward.");
        int h = forwardLayer.hidden(), last = gradOut.rank() - 1;
        if (gradOut.size(last) != 2L * h)
            throw new ShapeException(this + ": backward expects dL/dy with 2·" + h + " features last, got " + Shapes.of(gradOut) + ".");
        INDArray gAhead = (last == 2 ? gradOut.get(all(), all(), interval(0, h)) : gradOut.get(all(), interval(0, h))).dup();
        INDArray gBack = (last == 2 ? gradOut.get(all(), all(), interval(h, 2 * h)) : gradOut.get(all(), interval(h, 2 * h))).dup();
        if (last == 2) gBack = reverse(gBack);
        INDArray dx = forwardLayer.backward(gAhead);
        return dx.addi(reverse(backwardLayer.backward(gBack)));
    }

    /** For each row n·T + t of the reversed batch, the input row it takes: step len_n − 1 − t below len_n, t itself in the padding. */
    private static int[] reversal(INDArray mask, long n, long steps) {
        int[] order = new int[Math.toIntExact(n * steps)];
        double[][] m = mask == null ? null : mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        if (m != null && (m.length != n || m[0].length != steps))
            throw new ShapeException("Bidirectional: the mask " + Shapes.of(mask) + " does not fit the sequence (" + n + ", " + steps + ", ...); it must be (N, T).");
        for (int i = 0; i < n; i++) {
            int len = (int) steps;
            if (m != null) {
                len = 0;
                while (len < steps && m[i][len] != 0) len++;
                for (int t = len; t < steps; t++)
                    if (m[i][t] != 0)
                        throw new IllegalArgumentException("Bidirectional: sequence " + i + "'s mask has a real step (" + t + ") after padding (" + len
                                + "); pad at the end, as WordVocabulary and the padded data sets do.");
            }
            for (int t = 0; t < steps; t++) order[i * (int) steps + t] = i * (int) steps + (t < len ? len - 1 - t : t);
        }
        return order;
    }

    /** a (N, T, F) with each sequence's real steps in reverse order; reversing twice gives a back. */
    private INDArray reverse(INDArray a) {
        long n = a.size(0), t = a.size(1), f = a.size(2);
        INDArray rows = a.dup('c').reshape('c', n * t, f);
        return Nd4j.pullRows(rows, 1, order).reshape('c', n, t, f);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(forwardLayer.parameters());
        all.addAll(backwardLayer.parameters());
        return all;
    }

    @Override
    public void castTo(DataType type) {
        forwardLayer.castTo(type);
        backwardLayer.castTo(type);
    }

    @Override
    public String toString() { return "Bidirectional(" + forwardLayer + ", " + backwardLayer + ")"; }
}
