package org.nnbook.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Memory;
import org.nnbook.core.Parameter;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Adam (Kingma &amp; Ba, 2015, "Adam: A Method for Stochastic Optimization"):
 * <pre>
 *   m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
 *   θ ← θ − η · m̂ / (√v̂ + ε)       with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
 * </pre>
 * The bias corrections are folded into the step size, as in the paper's section 2. For weight
 * decay use {@link AdamW}, not an L2 term in the loss.
 */
public class Adam extends Optimizer {
    final double beta1;
    final double beta2;
    final double eps;

    /** Adam with the paper's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    public Adam(double lr) { this(lr, 0.9, 0.999, 1e-8); }

    public Adam(double lr, double beta1, double beta2, double eps) {
        super(lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2 + ".");
        if (!(eps > 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be > 0, got " + eps + ".");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /**
     * The update is one pass over the elements, in Java, over chunks copied from the arrays' memory
     * (θ, g, m, v: float or double, same layout): the JIT vectorises the loop, and it runs about ten
     * times faster than ND4J's fused {@code adam_updater} op (M2.1), which in turn beats the ten
     * separate ND4J ops of the textbook formula. Other arrays go through {@code adam_updater}.
     */
    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        INDArray[] s = state(p, 2);
        INDArray m = s[0], v = s[1];
        long t = steps();
        double stepSize = lr() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        // ε is scaled like the paper's ε on v̂, so results match the textbook formula exactly
        double epsHat = eps * Math.sqrt(1 - Math.pow(beta2, t));
        if (ElementWise.sameLayout(value, grad, m, v)) {
            if (value.dataType() == DataType.FLOAT) updateFloats(value, grad, m, v, (float) stepSize, (float) epsHat);
            else updateDoubles(value, grad, m, v, stepSize, epsHat);
            return;
        }
        INDArray step = Nd4j.createUninitialized(value.dataType(), value.shape(), value.ordering());   // the step's one temporary
        // adam_updater applies the bias corrections itself, from t − 1
        Nd4j.exec(DynamicCustomOp.builder("adam_updater").addInputs(grad, v, m).addOutputs(step, v, m)
                .addFloatingPointArguments(lr(), beta1, beta2, epsHat).addIntegerArguments(Math.toIntExact(t - 1)).build());
        axpy(-1, step, value);
    }

    private float[][] floatChunks;
    private double[][] doubleChunks;

    private void updateFloats(INDArray value, INDArray grad, INDArray m, INDArray v, float stepSize, float epsHat) {
        if (floatChunks == null) floatChunks = new float[4][ElementWise.CHUNK];
        float[] w = floatChunks[0], g = floatChunks[1], mm = floatChunks[2], vv = floatChunks[3];
        FloatBuffer wb = Memory.floats(value), gb = Memory.floats(grad), mb = Memory.floats(m), vb = Memory.floats(v);
        int ow = (int) value.offset(), og = (int) grad.offset(), om = (int) m.offset(), ov = (int) v.offset();
        float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
        long n = value.length();
        for (int from = 0; from < n; from += ElementWise.CHUNK) {
            int len = (int) Math.min(ElementWise.CHUNK, n - from);
            wb.get(ow + from, w, 0, len);
            gb.get(og + from, g, 0, len);
            mb.get(om + from, mm, 0, len);
            vb.get(ov + from, vv, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float mi = b1 * mm[i] + c1 * gi;
                float vi = b2 * vv[i] + c2 * gi * gi;
                mm[i] = mi;
                vv[i] = vi;
                w[i] -= stepSize * mi / ((float) Math.sqrt(vi) + epsHat);
            }
            wb.put(ow + from, w, 0, len);
            mb.put(om + from, mm, 0, len);
            vb.put(ov + from, vv, 0, len);
        }
    }

    private void updateDoubles(INDArray value, INDArray grad, INDArray m, INDArray v, double stepSize, double epsHat) {
        if (doubleChunks == null) doubleChunks = new double[4][ElementWise.CHUNK];
        double[] w = doubleChunks[0], g = doubleChunks[1], mm = doubleChunks[2], vv = doubleChunks[3];
        DoubleBuffer wb = Memory.doubles(value), gb = Memory.doubles(grad), mb = Memory.doubles(m), vb = Memory.doubles(v);
        int ow = (int) value.offset(), og = (int) grad.offset(), om = (int) m.offset(), ov = (int) v.offset();
        long n = value.length();
        for (int from = 0; from < n; from += ElementWise.CHUNK) {
            int len = (int) Math.min(ElementWise.CHUNK, n - from);
            wb.get(ow + from, w, 0, len);
            gb.get(og + from, g, 0, len);
            mb.get(om + from, mm, 0, len);
            vb.get(ov + from, vv, 0, len);
            for (int i = 0; i < len; i++) {
                double gi = g[i];
                double mi = beta1 * mm[i] + (1 - beta1) * gi;
                double vi = beta2 * vv[i] + (1 - beta2) * gi * gi;
                mm[i] = mi;
                vv[i] = vi;
                w[i] -= stepSize * mi / (Math.sqrt(vi) + epsHat);
            }
            wb.put(ow + from, w, 0, len);
            mb.put(om + from, mm, 0, len);
            vb.put(ov + from, vv, 0, len);
        }
    }

    @Override
    public String toString() { return "Adam(lr=" + lr() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ")"; }
}
