package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.DenseKernel;

import java.util.List;

/**
 * An output layer that shares its weights with an {@link Embedding}: scores over the vocabulary are
 * {@code y = x Eᵀ + b}, with E the embedding's own table — weight tying (Press and Wolf, 2017,
 * "Using the Output Embedding to Improve Language Models"; Inan, Khosravi and Socher, 2017). The
 * model then has one (vocab, dim) matrix instead of two; the Trainer updates it once, with the sum
 * of the gradients of both places, and {@code ModelIO} saves it once.
 *
 * <pre>{@code
 * var embed = new Embedding(vocab, 64);
 * var lm = Sequential.of(embed, ..., new TiedDense(embed));     // (N, T, 64) -> (N, T, vocab)
 * }</pre>
 *
 * <p>Shapes: x (..., dim) → y (..., vocab); b (1, vocab), its own. Backward: dE += gᵀ x, db += Σ g, dx = g E.
 */
public final class TiedDense implements Layer {
    private final Embedding embedding;
    private final Parameter b;
    private final DenseKernel fast = new DenseKernel();
    private INDArray x;            // the last input, as rows (M, dim)
    private long[] inShape;

    public TiedDense(Embedding embedding) {
        if (embedding == null) throw new IllegalArgumentException("TiedDense needs the Embedding whose table it shares, got null.");
        this.embedding = embedding;
        this.b = new Parameter("b", Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, embedding.vocabSize())).regularized(false);
    }

    /** The embedding whose table E this layer uses. */
    public Embedding embedding() { return embedding; }

    /** The bias b (1, vocab). */
    public Parameter bias() { return b; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        int dim = embedding.dim();
        if (x == null || x.rank() < 2 || x.size(x.rank() - 1) != dim)
            throw new ShapeException(this + " expects (N, " + dim + ") or (N, T, " + dim + ") but got " + (x == null ? "null" : Shapes.of(x)) + ".");
        inShape = x.shape();
        this.x = x.reshape('c', x.length() / dim, dim);
        INDArray e = embedding.weight().value();
        INDArray y = DenseKernel.applies(this.x, e, b.value())
                ? fast.forwardTied(this.x, e, b.value())                  // the same, by direct BLAS calls (org.nnbook.kernels)
                : this.x.mmul(e.transpose()).addi(b.value());             // x Eᵀ + b, (M, vocab)
        long[] out = inShape.clone();
        out[out.length - 1] = embedding.vocabSize();
        return y.reshape('c', out);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Parameter e = embedding.weight();
        INDArray g = gradOut.reshape('c', x.size(0), embedding.vocabSize());
        INDArray dx;
        if (DenseKernel.applies(x, g, e.value(), e.grad(), b.grad())) {
            dx = fast.backwardTied(x, g, e.value(), e.grad(), b.grad());    // the same
        } else {
            e.grad().addi(g.transpose().mmul(x));            // dE += gᵀ x   (vocab, dim): added to the embedding's own share
            b.grad().addi(g.sum(true, 0));                   // db += Σ g
            dx = g.mmul(e.value());                          // dx = g E
        }
        return dx == null ? null : dx.reshape(inShape);
    }

    /** The shared table E, then the bias. */
    @Override
    public List<Parameter> parameters() { return List.of(embedding.weight(), b); }

    @Override
    public String toString() { return "TiedDense(" + embedding.dim() + " -> " + embedding.vocabSize() + ", tied to " + embedding + ")"; }
}
