package org.nnbook.compress;

import java.util.Arrays;

/**
 * One-dimensional k-means (Lloyd's algorithm) for weight sharing: k centroids such that each value,
 * replaced by its nearest centroid, moves as little as possible (least squares). As in Deep
 * Compression (Han, Mao and Dally, 2016, "Deep Compression: Compressing Deep Neural Networks with
 * Pruning, Trained Quantization and Huffman Coding", section 3.2), the centroids start spread
 * <b>linearly</b> between the smallest and the largest value: the paper found this beats random and
 * density-based starts, because it keeps centroids on the few large weights, which matter most.
 *
 * <p>Each iteration assigns every value to its nearest centroid and moves each centroid to the mean
 * of its values (a centroid that lost all its values stays where it is); it stops when no
 * assignment changes, or after {@code maxIterations}. In one dimension the nearest centroid is found
 * by a binary search among the sorted centroids.
 *
 * <pre>{@code
 * KMeans.Result r = KMeans.fit(values, 32, 50);
 * r.centroids();      // (32) sorted
 * r.assignments();    // for each value, the index of its centroid
 * }</pre>
 */
public final class KMeans {
    private KMeans() {}

    /** The centroids (sorted, ascending), the centroid index of each value, and the iterations that ran. */
    public record Result(double[] centroids, int[] assignments, int iterations) {
        /** The value each input is replaced by: its centroid. */
        public double[] quantized() {
            double[] q = new double[assignments.length];
            for (int i = 0; i < q.length; i++) q[i] = centroids[assignments[i]];
            return q;
        }
    }

    /** k-means of {@code values} with {@code k} centroids, linear initialisation, at most {@code maxIterations} rounds. */
    public static Result fit(double[] values, int k, int maxIterations) {
        if (values == null || values.length == 0) throw new IllegalArgumentException("KMeans needs at least one value.");
        if (k < 1) throw new IllegalArgumentException("KMeans needs k >= 1 centroids, got " + k + ".");
        double lo = Arrays.stream(values).min().orElseThrow(), hi = Arrays.stream(values).max().orElseThrow();
        double[] c = new double[k];
        for (int j = 0; j < k; j++) c[j] = k == 1 ? (lo + hi) / 2 : lo + (hi - lo) * j / (k - 1);   // linear initialisation
        int[] a = new int[values.length];
        Arrays.fill(a, -1);
        int it = 0;
        while (it < maxIterations) {
            it++;
            boolean changed = false;
            for (int i = 0; i < values.length; i++) {
                int j = nearest(c, values[i]);
                if (j != a[i]) { a[i] = j; changed = true; }
            }
            if (!changed) break;
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int i = 0; i < values.length; i++) { sum[a[i]] += values[i]; count[a[i]]++; }
            for (int j = 0; j < k; j++) if (count[j] > 0) c[j] = sum[j] / count[j];
            // the means of sorted, contiguous groups stay sorted: the binary search remains valid
        }
        return new Result(c, a, it);
    }

    /** The index of the centroid nearest to {@code v} among sorted centroids {@code c} (the lower one on a tie). */
    static int nearest(double[] c, double v) {
        int i = Arrays.binarySearch(c, v);
        if (i >= 0) return i;
        int hi = -i - 1;                        // first centroid above v
        if (hi == 0) return 0;
        if (hi == c.length) return c.length - 1;
        return v - c[hi - 1] <= c[hi] - v ? hi - 1 : hi;
    }
}
