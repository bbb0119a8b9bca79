package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Shapes;

import java.util.List;
import java.util.Locale;

/**
 * What {@link BatchNorm} and {@link BatchNorm2D} share: y = γ · (x − μ) / √(σ² + ε) + β with μ and σ²
 * taken per feature over the {@linkplain #axes() axes} that are not features (the batch; for images
 * also height and width), running statistics for evaluation, and the backward pass through μ and σ²:
 * dx = γ/√(σ²+ε) · (g − mean(g) − x̂ · mean(g ⊙ x̂)). Subclasses say which axes those are, how the
 * statistics broadcast against x, and check the input's shape.
 */
abstract class BatchNormalization implements Layer {
    private final String name;
    private final int size;
    private final double momentum, eps;
    private final Parameter gamma, beta;
    private INDArray runningMean, runningVar;
    // cached by forward for backward
    private INDArray xHat, invStd;
    private boolean training;

    BatchNormalization(String name, String sizeName, int size, double momentum, double eps, long... statShape) {
        if (size < 1) throw new IllegalArgumentException(name + " needs " + sizeName + " >= 1, got " + size + ".");
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException(name + " momentum must be in [0, 1] (PyTorch convention, e.g. 0.1), got " + momentum + ".");
        if (!(eps > 0)) throw new IllegalArgumentException(name + " eps must be > 0 (e.g. 1e-5), got " + eps + ".");
        this.name = name;
        this.size = size;
        this.momentum = momentum;
        this.eps = eps;
        DataType type = Nd4j.defaultFloatingPointType();
        this.gamma = new Parameter("gamma", Nd4j.ones(type, statShape)).regularized(false);
        this.beta = new Parameter("beta", Nd4j.zeros(type, statShape)).regularized(false);
        this.runningMean = Nd4j.zeros(type, statShape);
        this.runningVar = Nd4j.ones(type, statShape);
    }

    /** The axes the statistics are taken over. */
    abstract int[] axes();

    /** The shape in which a statistic broadcasts against x: (1, F) or (1, C, 1, 1). */
    abstract long[] broadcastShape();

    /** Throws a {@link org.nnbook.core.ShapeException} naming this layer when x does not fit. */
    abstract void requireInput(INDArray x);

    /** Throws a {@link org.nnbook.core.ShapeException} when gradOut's shape is not the output's. */
    abstract void requireGradient(INDArray gradOut, INDArray output);

    public double momentum() { return momentum; }

    public double eps() { return eps; }

    /** The scale γ, one per feature. */
    public Parameter gamma() { return gamma; }

    /** The shift β, one per feature. */
    public Parameter beta() { return beta; }

    /** The running mean, used in evaluation; training updates it in place. */
    public INDArray runningMean() { return runningMean; }

    /** The running unbiased variance, used in evaluation; training updates it in place. */
    public INDArray runningVar() { return runningVar; }

    /** The running mean and variance. */
    @Override
    public List<INDArray> state() { return List.of(runningMean, runningVar); }

    @Override
    public List<Parameter> parameters() { return List.of(gamma, beta); }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        requireInput(x);
        this.training = training;
        long[] shape = broadcastShape();
        INDArray mean, var;
        if (training) {
            long m = x.length() / size;                              // values per feature
            if (m < 2)
                throw new IllegalArgumentException(this + " needs more than one value per feature to compute batch statistics, got input "
                        + Shapes.of(x) + "; use a batch of at least 2 examples (and a batch size that leaves no last batch of 1).");
            mean = x.mean(true, axes());
            var = x.var(false, axes()).reshape(shape);               // biased
            // the running statistics outlive the step's workspace: update them in place
            // (the casts matter only when x's type differs from theirs, e.g. in a double-precision check)
            long[] own = runningMean.shape();
            runningMean.muli(1 - momentum).addi(mean.reshape(own).mul(momentum).castTo(runningMean.dataType()));
            runningVar.muli(1 - momentum).addi(var.reshape(own).mul(momentum * m / (m - 1)).castTo(runningVar.dataType()));
        } else {
            mean = runningMean.reshape(shape).castTo(x.dataType());
            var = runningVar.reshape(shape).castTo(x.dataType());
        }
        invStd = Transforms.pow(var.add(eps), -0.5, false);
        xHat = x.sub(mean).muli(invStd);
        return xHat.mul(gamma.value().reshape(shape)).addi(beta.value().reshape(shape));
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (xHat == null) throw new IllegalStateException(this + ": backward called before forward.");
        requireGradient(gradOut, xHat);
        long[] shape = broadcastShape();
        INDArray dBeta = gradOut.sum(true, axes()).reshape(shape);
        INDArray dGamma = gradOut.mul(xHat).sum(true, axes()).reshape(shape);
        beta.grad().addi(dBeta.reshape(beta.grad().shape()));
        gamma.grad().addi(dGamma.reshape(gamma.grad().shape()));
        INDArray scale = invStd.mul(gamma.value().reshape(shape));   // γ / √(σ² + ε)
        if (!training) return gradOut.mul(scale);                    // μ, σ² are constants
        double m = gradOut.length() / (double) size;
        INDArray dx = xHat.mul(dGamma.div(-m));                      // − x̂ · mean(g ⊙ x̂)
        dx.addi(gradOut).subi(dBeta.div(m));                         // + g − mean(g)
        return dx.muli(scale);
    }

    /** Also converts the running statistics (before training only: the arrays are replaced). */
    @Override
    public void castTo(DataType type) {
        Layer.super.castTo(type);
        runningMean = runningMean.castTo(type);
        runningVar = runningVar.castTo(type);
    }

    /** E.g. "BatchNorm2D(32, momentum 0.1, eps 1e-05)". */
    @Override
    public String toString() {
        return name + "(" + size + ", momentum " + momentum + ", eps " + String.format(Locale.ROOT, "%.1g", eps) + ")";
    }
}
