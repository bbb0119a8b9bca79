package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code org.nnbook.layers.Embedding}'s backward pass, dE[id] += g[position] for every position, as
 * one loop over Java arrays. ND4J's {@code scatter_add}, which the layer uses otherwise, took ~4 ms
 * for the 4,096 positions of notebook 09's language-model batch (64 characters of 64 streams, ids
 * from a vocabulary of ~80 that repeat): most of a millisecond per thousand rows, where the loop
 * needs a few microseconds. Only the rows of ids that occur are read and written back, so a large
 * vocabulary costs nothing extra. Tested against the plain version (PlainVersusFastTest).
 */
public final class EmbeddingKernel {
    private EmbeddingKernel() {}

    /** Whether the fast version applies: kernels on, the table's gradient and g dense float or double arrays of one type. */
    public static boolean applies(INDArray grad, INDArray g) {
        return Kernels.on() && Doubles.fit(grad, g) && grad.ordering() == 'c' && g.ordering() == 'c';
    }

    /** grad (V, dim) += g (M, dim) row m into row ids[m], for every m; ids already checked to lie in [0, V). */
    public static void addRows(INDArray grad, int[] ids, INDArray g) {
        int dim = (int) grad.size(1), m = ids.length, vocab = (int) grad.size(0);
        int[] slot = new int[vocab];                          // id → its row in sums, or 0 when not seen (slots counted from 1)
        int used = 0;
        for (int id : ids) if (slot[id] == 0) slot[id] = ++used;
        double[] sums = new double[used * dim], rows = new double[m * dim];
        Doubles.of(g).read(0, rows, 0, m * dim);
        for (int r = 0; r < m; r++) {
            int at = (slot[ids[r]] - 1) * dim, from = r * dim;
            for (int j = 0; j < dim; j++) sums[at + j] += rows[from + j];
        }
        Doubles table = Doubles.of(grad);
        double[] row = new double[dim];
        for (int id = 0; id < vocab; id++) {
            if (slot[id] == 0) continue;
            int at = (slot[id] - 1) * dim;
            table.read((long) id * dim, row, 0, dim);
            for (int j = 0; j < dim; j++) row[j] += sums[at + j];
            table.write(row, 0, (long) id * dim, dim);
        }
    }
}
