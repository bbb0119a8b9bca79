package org.nnbook.recommend;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;

/** Predictions of a model of (user ids, item ids) → ratings (N, 1), in chunks so that memory stays small. */
final class Recommenders {
    static final int CHUNK = 8192;

    private Recommenders() {}

    /**
     * For the gradient of the penalty {@code (1/N) Σ_n λ |e_{id_n}|² / count[id_n]} of a batch of N ids: the column
     * {@code 2λ / (N count[id_n])} (N, 1), which multiplies the batch's rows of the table. An id without ratings counts as 1.
     */
    static INDArray penaltyScale(INDArray ids, int[] counts, double lambda, DataType type) {
        int[] v = ids.toIntVector();
        float[] s = new float[v.length];
        for (int k = 0; k < v.length; k++) s[k] = (float) (2 * lambda / ((double) v.length * Math.max(1, counts[v[k]])));
        return Nd4j.createFromArray(s).reshape(v.length, 1).castTo(type);
    }

    static double[] predict(Model model, int[] users, int[] items) {
        if (users.length != items.length) throw new IllegalArgumentException(users.length + " users but " + items.length + " items.");
        double[] out = new double[users.length];
        for (int from = 0; from < users.length; from += CHUNK) {
            int to = Math.min(users.length, from + CHUNK);
            INDArray u = Nd4j.createFromArray(java.util.Arrays.copyOfRange(users, from, to));
            INDArray i = Nd4j.createFromArray(java.util.Arrays.copyOfRange(items, from, to));
            double[] y = model.predict(Inputs.of(u, i)).reshape(to - from).toDoubleVector();
            System.arraycopy(y, 0, out, from, y.length);
        }
        return out;
    }
}
