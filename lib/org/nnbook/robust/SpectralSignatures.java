package org.nnbook.robust;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Finding poisoned training examples by their spectral signature (Tran, Li and Madry, 2018, "Spectral
 * Signatures in Backdoor Attacks"). Take the learned representations (a hidden layer's outputs) of the
 * training examples of one label, centre them and find their direction of largest variance, the top
 * right singular vector v. Poisoned examples carry the trigger's feature, which the clean ones lack,
 * so they lie far out along v: the score of example i is {@code ((rᵢ − mean) · v)²}. Removing the
 * highest-scoring 1.5 ε n examples of each label (ε an upper bound on the poisoned share) and
 * training again removes the backdoor when the signature is strong enough.
 *
 * <p>The signature is strong enough only when the poison's shift outweighs the clean examples' own
 * largest variation. When it does not (a small poisoned share, a class that varies a lot), v is the
 * class's natural variation and the poison is missed. {@link #whitenedScores(INDArray, double)} first
 * divides every principal direction by its spread (whitening, as SPECTRE does: Hayase, Kong, Somani
 * and Oh, 2021): then a direction in which the clean examples barely vary but the poisoned ones sit
 * far out counts, and the score is the squared Mahalanobis distance to the class mean,
 * {@code Σⱼ ((rᵢ − mean) · uⱼ)² / (λⱼ + ρ λ̄)}, with uⱼ, λⱼ the covariance's eigenvectors and
 * variances and a ridge ρ λ̄ (ρ times their mean) for the directions without variance. The covariance
 * here includes the poison, so a poisoned share p stands out by at most √((1 − p) / p) standard
 * deviations along its own direction; SPECTRE estimates the covariance robustly instead.
 */
public final class SpectralSignatures {
    private static final int ITERATIONS = 100;

    private SpectralSignatures() {}

    /** The outlier score of each row of {@code representations} (n, d): its squared projection on the top singular direction. */
    public static double[] scores(INDArray representations) {
        if (representations == null || representations.rank() != 2 || representations.size(0) < 2)
            throw new IllegalArgumentException("SpectralSignatures.scores expects the representations of one label's examples, (n, d)"
                    + " with n >= 2, got " + (representations == null ? null : Arrays.toString(representations.shape())) + ".");
        INDArray r = representations.castTo(DataType.DOUBLE);
        INDArray centred = r.sub(r.mean(true, 0));                         // (n, d) − (1, d), broadcast
        INDArray v = topDirection(centred);
        INDArray proj = centred.mmul(v);                                    // (n, 1)
        return proj.muli(proj).data().asDouble();
    }

    /**
     * The whitened outlier score of each row of {@code representations} (n, d): its squared Mahalanobis
     * distance to their mean, with a ridge of {@code ridge} times the mean variance (e.g. 0.01).
     */
    public static double[] whitenedScores(INDArray representations, double ridge) {
        if (representations == null || representations.rank() != 2 || representations.size(0) < 2)
            throw new IllegalArgumentException("SpectralSignatures.whitenedScores expects the representations of one label's examples, (n, d)"
                    + " with n >= 2, got " + (representations == null ? null : Arrays.toString(representations.shape())) + ".");
        if (!(ridge > 0) || Double.isInfinite(ridge))
            throw new IllegalArgumentException("SpectralSignatures.whitenedScores: the ridge must be > 0 (e.g. 0.01), got " + ridge + ".");
        INDArray r = representations.castTo(DataType.DOUBLE);
        INDArray centred = r.sub(r.mean(true, 0));                         // (n, d)
        INDArray vectors = Nd4j.gemm(centred, centred, true, false).divi(r.size(0));   // the covariance (d, d); its eigenvectors below
        INDArray variances = Eigen.symmetricGeneralizedEigenvalues(vectors, true);      // (d), and vectors now holds u_j as columns
        double floor = ridge * Math.max(variances.meanNumber().doubleValue(), 1e-12);
        INDArray proj = centred.mmul(vectors);                              // (n, d): coordinates along each u_j
        INDArray inverseVariance = Transforms.max(variances, 0.0).addi(floor).rdivi(1.0).reshape(1, variances.length());
        return proj.muli(proj).muli(inverseVariance).sum(1).data().asDouble();   // (n, d) * (1, d), broadcast
    }

    /** The top right singular vector (d, 1) of {@code centred} (n, d), by power iteration on CᵀC. */
    static INDArray topDirection(INDArray centred) {
        INDArray cov = Nd4j.gemm(centred, centred, true, false);           // (d, d)
        long d = cov.size(0);
        INDArray v = Nd4j.ones(DataType.DOUBLE, d, 1).divi(Math.sqrt(d));
        for (int t = 0; t < ITERATIONS; t++) {
            INDArray next = cov.mmul(v);
            double norm = next.norm2Number().doubleValue();
            if (norm == 0) return v;                                         // all rows equal: no direction stands out
            v = next.divi(norm);
        }
        return v;
    }

    /** The rows of {@code representations} (n, d) with the {@code remove} highest scores, in increasing row order. */
    public static int[] flag(INDArray representations, int remove) {
        return flag(scores(representations), remove);
    }

    /** The indices of the {@code remove} highest of {@code s} (scores of either kind), in increasing order. */
    public static int[] flag(double[] s, int remove) {
        if (remove < 0 || remove > s.length)
            throw new IllegalArgumentException("SpectralSignatures.flag: remove must be 0 to " + s.length + " rows, got " + remove + ".");
        return IntStream.range(0, s.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -s[i])).limit(remove)
                .mapToInt(Integer::intValue).sorted().toArray();
    }
}
