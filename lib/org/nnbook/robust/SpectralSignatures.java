package org.nnbook.robust;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        double[] s = scores(representations);
        if (remove < 0 || remove > s.length)
            throw new IllegalArgumentException("SpectralSignatures.flag: remove must be 0 to " + s.length + " rows, got " + remove + ".");
        return IntStream.range(0, s.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -s[i])).limit(remove)
                .mapToInt(Integer::intValue).sorted().toArray();
    }
}
