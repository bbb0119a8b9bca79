package org.nnbook.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;

import java.util.Arrays;

/**
 * How good generated images are, judged by a classifier trained on the real ones (the idea behind
 * the Inception score of Salimans et al., 2016, with the course's own LeNet instead of Inception):
 * <ul>
 *   <li>confidence: the classifier's mean top probability — high when each image clearly looks
 *       like one class;</li>
 *   <li>class balance: the entropy of the predicted classes' histogram, in bits — log2(10) ≈ 3.32
 *       when all ten classes are equally common, low when the generator makes few kinds (mode collapse);</li>
 *   <li>diversity: the mean pixel distance between two images of the set — near 0 when the images
 *       are copies of one another.</li>
 * </ul>
 * Measure real test images the same way for the reference.
 */
public record SampleQuality(double meanConfidence, double confidentShare, int[] counts, double classEntropyBits, double diversity) {

    /** The measures of images x (N, 1, H, W), as the classifier (logits out) sees them. */
    public static SampleQuality of(Layer classifier, INDArray x) {
        INDArray probs = Transforms.softmax(classifier.forward(x, false), true);      // (N, K)
        INDArray top = probs.max(1);
        int[] predicted = probs.argMax(1).toIntVector();
        int[] counts = new int[(int) probs.size(1)];
        for (int p : predicted) counts[p]++;
        double entropy = 0;
        for (int c : counts) if (c > 0) {
            double q = (double) c / predicted.length;
            entropy -= q * Math.log(q) / Math.log(2);
        }
        return new SampleQuality(top.meanNumber().doubleValue(), top.gt(0.9).castTo(probs.dataType()).meanNumber().doubleValue(),
                counts, entropy, diversity(x));
    }

    /** Mean Euclidean distance between two different images of x, over all pairs (pixels flattened). */
    public static double diversity(INDArray x) {
        long n = x.size(0);
        if (n < 2) return 0;
        INDArray rows = x.reshape(n, x.length() / n).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray sq = rows.mul(rows).sum(true, 1);                                 // (N, 1) squared norms
        INDArray d2 = rows.mmul(rows.transpose()).muli(-2).addi(sq).addi(sq.reshape(1, n));   // |a|² + |b|² − 2a·b
        INDArray d = Transforms.sqrt(Transforms.max(d2, 0, false), false);
        return d.sumNumber().doubleValue() / (n * (n - 1));                       // the diagonal is 0
    }

    /** E.g. "confidence 0.93 (81% above 0.9), classes 3.28 of 3.32 bits [102, 98, ...], diversity 9.8". */
    @Override
    public String toString() {
        return String.format("confidence %.3f (%.0f%% above 0.9), classes %.2f of %.2f bits %s, diversity %.2f", meanConfidence,
                100 * confidentShare, classEntropyBits, Math.log(counts.length) / Math.log(2), Arrays.toString(counts), diversity);
    }

    @Override
    public boolean equals(Object o) { return o instanceof SampleQuality q && Arrays.equals(counts, q.counts) && meanConfidence == q.meanConfidence
            && confidentShare == q.confidentShare && classEntropyBits == q.classEntropyBits && diversity == q.diversity; }

    @Override
    public int hashCode() { return Arrays.hashCode(counts) * 31 + Double.hashCode(meanConfidence); }

}
