package assignment;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;

import java.util.List;

/**
 * A fully connected layer, y = x W + b, with its backward pass written by hand: Parts 1 and 2 of the
 * assignment (see README.md). The reference solution, which AssignmentIT copies over the starter.
 *
 * <p>Shapes: x (N, inFeatures), W (inFeatures, outFeatures), b (1, outFeatures), y (N, outFeatures);
 * N is the number of examples in the batch.
 */
public class Linear implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter w;
    private final Parameter b;
    private INDArray x;     // the input of the last forward: backward needs it

    /** Given: He initialisation (random weights of variance 2 / inFeatures) and zero biases. */
    public Linear(int inFeatures, int outFeatures) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.w = new Parameter("W", Nd4j.randn(DataType.FLOAT, inFeatures, outFeatures).muli(Math.sqrt(2.0 / inFeatures)));
        this.b = new Parameter("b", Nd4j.zeros(DataType.FLOAT, 1, outFeatures)).regularized(false);
    }

    /**
     * Part 1: y = x W + b for a batch x of shape (N, inFeatures). Remember x for backward.
     * Use {@code w.value()} and {@code b.value()} (not a copy kept elsewhere: the gradient check
     * converts them to double precision).
     */
    @Override
    public INDArray forward(INDArray x, boolean training) {
        this.x = x;
        return x.mmul(w.value()).addi(b.value());
    }

    /**
     * Part 2: given gradOut = dL/dy (N, outFeatures) of the last forward, ADD dL/dW into
     * {@code w.grad()} and dL/db into {@code b.grad()}, and return dL/dx (N, inFeatures).
     */
    @Override
    public INDArray backward(INDArray gradOut) {
        w.grad().addi(x.transpose().mmul(gradOut));           // dL/dW = xᵀ gradOut      (inFeatures, outFeatures)
        b.grad().addi(gradOut.sum(true, 0));                   // dL/db = Σ_n gradOut     (1, outFeatures)
        return gradOut.mmul(w.value().transpose());           // dL/dx = gradOut Wᵀ      (N, inFeatures)
    }

    @Override
    public List<Parameter> parameters() { return List.of(w, b); }

    /** The weights W, (inFeatures, outFeatures). */
    public Parameter weight() { return w; }

    /** The biases b, (1, outFeatures). */
    public Parameter bias() { return b; }

    public int inFeatures() { return inFeatures; }

    public int outFeatures() { return outFeatures; }

    @Override
    public String toString() { return "Linear(" + inFeatures + " -> " + outFeatures + ")"; }
}
