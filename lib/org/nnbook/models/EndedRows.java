package org.nnbook.models;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Greedy decoding's bookkeeping of which rows of a batch have produced their end token. */
final class EndedRows {
    private EndedRows() {}

    /**
     * Puts {@code eos} in {@code next} (N, 1) for every row that had already ended, marks the rows whose
     * new token is {@code eos} as ended, and says whether every row has now ended.
     */
    static boolean update(INDArray next, boolean[] ended, int eos) {
        boolean all = true;
        for (int i = 0; i < ended.length; i++) {
            if (ended[i]) next.putScalar(i, 0, eos);
            ended[i] |= next.getInt(i, 0) == eos;
            all &= ended[i];
        }
        return all;
    }
}
