package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Shapes;

import java.util.List;

/**
 * A fully connected layer: {@code y = x W + b}.
 *
 * <p>Shapes: x (N, inFeatures) → y (N, outFeatures); W (inFeatures, outFeatures); b (1, outFeatures).
 * Weights start from He (Kaiming) normal initialisation, N(0, 2 / inFeatures), which keeps the
 * activations' scale steady through ReLU layers (He et al., 2015, "Delving Deep into Rectifiers");
 * biases start at zero and are exempt from weight penalties. Backward: dW += xᵀ g, db += Σₙ g, dx = g Wᵀ — the transposes are gemm flags,
 * never copies.
 */
public final class Dense implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter w;
    private final Parameter b;
    private INDArray x;

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
        Shapes.requireRank(toString(), x, 2, "(N, " + inFeatures + ")",
                x != null && x.rank() > 2 ? "Put a Flatten() before Dense to turn (N, C, H, W) images into (N, C*H*W) rows." : null);
        Shapes.requireDim(toString(), x, 1, inFeatures, "(N, " + inFeatures + ")",
                "Make inFeatures equal the previous layer's output size (" + x.size(1) + ").");
        this.x = x;
        return Nd4j.gemm(x, w.value(), false, false).addiRowVector(b.value());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        Nd4j.gemm(x, gradOut, w.grad(), true, false, 1.0, 1.0);   // dW += xᵀ g
        b.grad().addi(gradOut.sum(true, 0));                     // db += Σₙ g
        return Nd4j.gemm(gradOut, w.value(), false, true);        // dx = g Wᵀ
    }

    @Override
    public List<Parameter> parameters() { return List.of(w, b); }

    @Override
    public String toString() { return "Dense(" + inFeatures + " -> " + outFeatures + ")"; }
}
