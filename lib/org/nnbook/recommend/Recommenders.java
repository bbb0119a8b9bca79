package org.nnbook.recommend;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;

/** Predictions of a model of (user ids, item ids) → ratings (N, 1), in chunks so that memory stays small. */
final class Recommenders {
    static final int CHUNK = 8192;

    private Recommenders() {}

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
