package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code LayerNorm}'s forward and backward passes as one Java loop over the rows each: the plain
 * version is about ten ND4J ops per pass (means, centring, variance, power, products, sums), each
 * allocating its result, while the arithmetic is a few multiply-adds per value. The rows' x̂ and
 * 1/√(σ² + ε) are kept for the backward pass.
 *
 * <p>Arrays: x (M, D) dense; γ and β (1, D) and their gradients, of x's type.
 */
public final class LayerNormKernel {
    private INDArray xHat;
    private double[] invStd = new double[0], a = new double[0], b = new double[0], gamma = new double[0], beta = new double[0];

    /** True when the kernels are on and every array is dense, of one float type. */
    public static boolean applies(INDArray x, INDArray... others) {
        return Kernels.on() && x.rank() == 2 && Doubles.fit(x, others);
    }

    /** y = γ ⊙ (x − μ) / √(σ² + ε) + β row by row (μ, σ² over the row's D values). */
    public INDArray forward(INDArray x, INDArray g, INDArray bt, double eps) {
        int m = (int) x.size(0), d = (int) x.size(1);
        a = grow(a, d); b = grow(b, d); gamma = grow(gamma, d); beta = grow(beta, d); invStd = grow(invStd, m);
        Doubles.of(g).read(0, gamma, 0, d);
        Doubles.of(bt).read(0, beta, 0, d);
        xHat = Nd4j.createUninitialized(x.dataType(), new long[]{m, d}, 'c');
        INDArray y = Nd4j.createUninitialized(x.dataType(), new long[]{m, d}, 'c');
        Doubles in = Doubles.of(x), hat = Doubles.of(xHat), out = Doubles.of(y);
        for (int r = 0; r < m; r++) {
            in.read((long) r * d, a, 0, d);
            double mean = 0;
            for (int c = 0; c < d; c++) mean += a[c];
            mean /= d;
            double var = 0;
            for (int c = 0; c < d; c++) { double t = a[c] - mean; a[c] = t; var += t * t; }
            double inv = 1 / Math.sqrt(var / d + eps);
            invStd[r] = inv;
            for (int c = 0; c < d; c++) { a[c] *= inv; b[c] = a[c] * gamma[c] + beta[c]; }
            hat.write(a, 0, (long) r * d, d);
            out.write(b, 0, (long) r * d, d);
        }
        return y;
    }

    /** dγ += Σ g ⊙ x̂, dβ += Σ g; returns dx = (ĝ − mean(ĝ) − x̂ mean(ĝ ⊙ x̂)) / √(σ² + ε), ĝ = γ ⊙ g, for g (M, D) dense. */
    public INDArray backward(INDArray grad, INDArray g, INDArray dGamma, INDArray dBeta) {
        int m = (int) xHat.size(0), d = (int) xHat.size(1);
        Doubles.of(g).read(0, gamma, 0, d);
        double[] dg = new double[d], db = new double[d];
        INDArray dx = Nd4j.createUninitialized(xHat.dataType(), new long[]{m, d}, 'c');
        Doubles in = Doubles.of(grad), hat = Doubles.of(xHat), out = Doubles.of(dx);
        for (int r = 0; r < m; r++) {
            in.read((long) r * d, a, 0, d);
            hat.read((long) r * d, b, 0, d);
            for (int c = 0; c < d; c++) {         // simple loops: one fusing these crashed C2 of OpenJDK 17.0 (TypeVect::xmeet) while compiling
                dg[c] += a[c] * b[c];
                db[c] += a[c];
                a[c] *= gamma[c];
            }
            double mg = 0, mgx = 0;
            for (int c = 0; c < d; c++) mg += a[c];
            for (int c = 0; c < d; c++) mgx += a[c] * b[c];
            mg /= d;
            mgx /= d;
            double inv = invStd[r];
            for (int c = 0; c < d; c++) a[c] = (a[c] - mg - b[c] * mgx) * inv;
            out.write(a, 0, (long) r * d, d);
        }
        add(dGamma, dg, d);
        add(dBeta, db, d);
        return dx;
    }

    private void add(INDArray target, double[] values, int d) {
        Doubles t = Doubles.of(target);
        t.read(0, b, 0, d);
        for (int c = 0; c < d; c++) b[c] += values[c];
        t.write(b, 0, 0, d);
    }

    private static double[] grow(double[] v, int n) { return v.length >= n ? v : new double[n]; }
}
