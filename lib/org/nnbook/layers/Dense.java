package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.DenseKernel;

import java.util.List;

/**
 * A fully connected layer: {@code y = x W + b}.
 *
 * <p>Shapes: x (N, inFeatures) → y (N, outFeatures); W (inFeatures, outFeatures); b (1, outFeatures).
 * A sequence (N, T, inFeatures) — or any (..., inFeatures) — is transformed position by position into
 * (N, T, outFeatures), like PyTorch's {@code Linear}.
 *
 * <p>Backward, for g = dL/dy: {@code dW += xᵀ g}, {@code db += Σₙ g}, {@code dx = g Wᵀ}.
 *
 * <p>Weights start from He (Kaiming) normal initialisation, N(0, 2 / inFeatures), which keeps the
 * activations' scale steady through ReLU layers (He et al., 2015, "Delving Deep into Rectifiers");
 * biases start at zero and are exempt from weight penalties. The training runs the same products as
 * direct BLAS calls ({@code org.nnbook.kernels}).
 */
public final class Dense implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter w;
    private final Parameter b;
    private final DenseKernel fast = new DenseKernel();
    private INDArray x;            // the last input, as rows (M, inFeatures)
    private long[] inShape;

    public Dense(int inFeatures, int outFeatures) {
        if (inFeatures < 1 || outFeatures < 1)
            throw new IllegalArgumentException("Dense needs inFeatures >= 1 and outFeatures >= 1, got (" + inFeatures + ", " + outFeatures + ").");
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.w = new Parameter("W", Nd4j.randn(Nd4j.defaultFloatingPointType(), inFeatures, outFeatures).muli(Math.sqrt(2.0 / inFeatures)));
        this.b = new Parameter("b", Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, outFeatures)).regularized(false);
    }

    public int inFeatures() { return inFeatures; }

    public int outFeatures() { return outFeatures; }

    /** The weight matrix W (inFeatures, outFeatures). */
    public Parameter weight() { return w; }

    /** The bias b (1, outFeatures). */
    public Parameter bias() { return b; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x == null || x.rank() < 2 || x.size(x.rank() - 1) != inFeatures) requireInput(x);
        inShape = x.shape();
        this.x = rows(x);
        INDArray y = DenseKernel.applies(this.x, w.value(), b.value())
                ? fast.forward(this.x, w.value(), b.value())                   // the same, by direct BLAS calls (org.nnbook.kernels)
                : this.x.mmul(w.value()).addi(b.value());             // y = x W + b
        return x.rank() == 2 ? y : y.reshape(outShape());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        INDArray g = rows(gradOut);
        if (g.size(0) != x.size(0) || g.size(1) != outFeatures)
            throw new org.nnbook.core.ShapeException(this + ": backward expects dL/dy of the output's shape " + java.util.Arrays.toString(outShape())
                    + " but got " + Shapes.of(gradOut) + ".");
        INDArray dx;
        if (DenseKernel.applies(x, g, w.value(), w.grad(), b.grad())) {
            dx = fast.backward(x, g, w.value(), w.grad(), b.grad());          // the same (and no dx for data)
        } else {
            w.grad().addi(x.transpose().mmul(g));                               // dW += xᵀ g
            b.grad().addi(g.sum(true, 0));                                      // db += Σₙ g
            dx = g.mmul(w.value().transpose());                                 // dx = g Wᵀ
        }
        return dx == null || inShape.length == 2 ? dx : dx.reshape(inShape);
    }

    /** (..., features) as rows (M, features): the array itself when it is 2-D. */
    private static INDArray rows(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', a.length() / a.size(a.rank() - 1), a.size(a.rank() - 1));
    }

    private long[] outShape() {
        long[] s = inShape.clone();
        s[s.length - 1] = outFeatures;
        return s;
    }

    private void requireInput(INDArray x) {
        String layout = "(N, " + inFeatures + ") or (N, T, " + inFeatures + ")";
        if (x == null || x.rank() < 2) Shapes.requireRank(toString(), x, 2, layout, null);
        Shapes.requireDim(toString(), x, x.rank() - 1, inFeatures, layout, x.rank() == 4
                ? "Put a Flatten() before Dense to turn (N, C, H, W) images into (N, C*H*W) rows."
                : "Make inFeatures equal the previous layer's output size (" + x.size(x.rank() - 1) + ").");
    }

    @Override
    public List<Parameter> parameters() { return List.of(w, b); }

    @Override
    public String toString() { return "Dense(" + inFeatures + " -> " + outFeatures + ")"; }
}
