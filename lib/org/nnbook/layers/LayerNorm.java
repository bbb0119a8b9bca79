package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;

import java.util.List;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016, "Layer Normalization"): each position's feature
 * vector is standardised with its own mean and variance over the last axis, then scaled and shifted
 * by learnable γ and β: {@code y = γ · (x − μ) / √(σ² + ε) + β}, μ and σ² (biased) over the D
 * features of that one vector. Unlike batch normalisation nothing depends on the other examples of
 * the batch, so training and evaluation compute the same thing; it is the normalisation of the
 * Transformer.
 *
 * <p>Shapes: x (N, D) or (N, T, D) — any (..., D) — → y of the same shape; γ (ones) and β (zeros) are
 * (1, D), exempt from weight penalties. ε = 1e-5, as PyTorch's {@code nn.LayerNorm}.
 *
 * <p>Backward, for g = dL/dy and x̂ = (x − μ) / √(σ² + ε), per vector of D features:
 * {@code dγ += Σ g ⊙ x̂}, {@code dβ += Σ g} (sums over every position), and
 * {@code dx = (1/√(σ²+ε)) · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂))} with ĝ = γ ⊙ g, the means over the D features.
 */
public final class LayerNorm implements Layer {
    private final int features;
    private final double eps;
    private final Parameter gamma, beta;
    private INDArray xHat;          // (M, D): the standardised rows of the last input
    private INDArray invStd;        // (M, 1): 1 / √(σ² + ε)
    private long[] inShape;

    /** ε = 1e-5, as PyTorch. */
    public LayerNorm(int features) { this(features, 1e-5); }

    public LayerNorm(int features, double eps) {
        if (features < 1) throw new IllegalArgumentException("LayerNorm needs features >= 1 (the size D of the last axis), got " + features + ".");
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm needs eps > 0 (e.g. 1e-5), got " + eps + ".");
        this.features = features;
        this.eps = eps;
        this.gamma = new Parameter("gamma", Nd4j.ones(Nd4j.defaultFloatingPointType(), 1, features)).regularized(false);
        this.beta = new Parameter("beta", Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, features)).regularized(false);
    }

    public int features() { return features; }

    public double eps() { return eps; }

    /** The scale γ (1, D). */
    public Parameter gamma() { return gamma; }

    /** The shift β (1, D). */
    public Parameter beta() { return beta; }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x == null || x.rank() < 2 || x.size(x.rank() - 1) != features)
            throw new ShapeException(this + " expects (N, " + features + ") or (N, T, " + features + ") but got "
                    + (x == null ? "null" : Shapes.of(x)) + ". Make features equal the size of the input's last axis"
                    + (x == null || x.rank() < 1 ? "." : " (" + x.size(x.rank() - 1) + ")."));
        inShape = x.shape();
        INDArray rows = x.reshape('c', x.length() / features, features);
        INDArray centred = rows.sub(rows.mean(true, 1));                       // x − μ
        INDArray variance = centred.mul(centred).mean(true, 1);                             // σ², biased
        invStd = Transforms.pow(variance.addi(eps), -0.5, false);                           // 1 / √(σ² + ε)
        xHat = centred.muli(invStd);
        INDArray y = xHat.mul(gamma.value()).addi(beta.value());
        return y.reshape('c', inShape);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (xHat == null) throw new IllegalStateException(this + ": backward called before forward.");
        if (gradOut.length() != xHat.length())
            throw new ShapeException(this + ": backward expects dL/dy of the output's shape " + java.util.Arrays.toString(inShape)
                    + " but got " + Shapes.of(gradOut) + ".");
        INDArray g = gradOut.reshape('c', xHat.size(0), features);
        gamma.grad().addi(g.mul(xHat).sum(true, 0));                                        // dγ += Σ g ⊙ x̂
        beta.grad().addi(g.sum(true, 0));                                                   // dβ += Σ g
        INDArray gHat = g.mul(gamma.value());                                      // ĝ = γ ⊙ g
        INDArray dx = gHat.sub(gHat.mean(true, 1))
                .subi(xHat.mul(gHat.mul(xHat).mean(true, 1)))
                .muli(invStd);
        return dx.reshape('c', inShape);
    }

    @Override
    public List<Parameter> parameters() { return List.of(gamma, beta); }

    @Override
    public String toString() { return "LayerNorm(" + features + ")"; }
}
