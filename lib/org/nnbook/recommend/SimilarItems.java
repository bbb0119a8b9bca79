package org.nnbook.recommend;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Items whose learned vectors point the same way: the cosine similarity {@code q_i · q_j / (|q_i| |q_j|)}
 * of the rows of an item table (matrix factorisation's Q, an embedding). Movies that the same people
 * like end up with similar vectors, although the model never saw a title or a genre.
 */
public final class SimilarItems {
    private SimilarItems() {}

    /** Cosine similarity of row {@code item} of {@code vectors} (numItems, dim) with every row. */
    public static double[] cosines(INDArray vectors, int item) {
        double[][] q = vectors.toDoubleMatrix();
        double[] target = q[item], out = new double[q.length];
        double nt = Math.sqrt(dot(target, target));
        for (int j = 0; j < q.length; j++) out[j] = dot(target, q[j]) / (nt * Math.sqrt(dot(q[j], q[j])) + 1e-12);
        return out;
    }

    /** The {@code k} items most similar to {@code item} among those with {@code allowed[j]}, best first (not the item itself). */
    public static int[] nearest(INDArray vectors, int item, int k, boolean[] allowed) {
        double[] c = cosines(vectors, item);
        boolean[] excluded = new boolean[c.length];
        for (int j = 0; j < c.length; j++) excluded[j] = j == item || !allowed[j];
        return RecommenderMetrics.topK(c, excluded, k);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
