package org.nnbook.layers;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
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
 * biases start at zero and are exempt from weight penalties. Backward: dW += xᵀ g, db += Σₙ g (as 1ᵀ g), dx = g Wᵀ — BLAS
 * calls whose transposes are flags, never copies.
 */
public final class Dense implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter w;
    private final Parameter b;
    private INDArray x;
    private INDArray ones;

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
        if (x == null || x.rank() != 2 || x.size(1) != inFeatures) {     // the messages are built only when needed
            Shapes.requireRank(toString(), x, 2, "(N, " + inFeatures + ")",
                    x != null && x.rank() > 2 ? "Put a Flatten() before Dense to turn (N, C, H, W) images into (N, C*H*W) rows." : null);
            Shapes.requireDim(toString(), x, 1, inFeatures, "(N, " + inFeatures + ")",
                    "Make inFeatures equal the previous layer's output size (" + x.size(1) + ").");
        }
        this.x = x;
        // y = x W + 1 bᵀ: direct BLAS calls (see Blas) where possible, else the same with ND4J ops
        INDArray y = Blas.matmul(x, false, w.value(), false);
        if (y == null) y = Nd4j.gemm(x, w.value(), false, false);
        if (!Blas.addRowVector(y, b.value(), ones(x))) y.addiRowVector(b.value());
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) { return backward(gradOut, true); }

    /** As {@link #backward(INDArray)}; without {@code inputGradient} the product dx = g Wᵀ is skipped and the result is null. */
    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradient) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward.");
        if (!Blas.gemm(x, true, gradOut, false, w.grad(), 1, 1))
            Nd4j.gemm(x, gradOut, w.grad(), true, false, 1.0, 1.0);               // dW += xᵀ g
        if (!Blas.columnSums(gradOut, ones(gradOut), b.grad()))
            Nd4j.gemm(ones(gradOut), gradOut, b.grad(), false, false, 1.0, 1.0);  // db += Σₙ g, as 1ᵀ g
        if (!inputGradient) return null;
        INDArray dx = Blas.matmul(gradOut, false, w.value(), true);
        return dx != null ? dx : Nd4j.gemm(gradOut, w.value(), false, true);       // dx = g Wᵀ
    }

    /** A (1, N) row of ones for the batch size N and type of a, made once (outside any workspace) and reused. */
    private INDArray ones(INDArray a) {
        if (ones == null || ones.size(1) != a.size(0) || ones.dataType() != a.dataType()) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(a.dataType(), 1, a.size(0));
            }
        }
        return ones;
    }

    @Override
    public List<Parameter> parameters() { return List.of(w, b); }

    @Override
    public String toString() { return "Dense(" + inFeatures + " -> " + outFeatures + ")"; }
}
