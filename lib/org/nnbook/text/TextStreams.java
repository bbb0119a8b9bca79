package org.nnbook.text;

import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;

/**
 * One long sequence of ids (a book, as characters) cut for truncated backpropagation through time.
 * The sequence is split into {@code streams} equal parts read side by side; each part is cut into
 * windows of {@code steps} ids. Row j of batch k is window k of part j, and its targets are the same
 * window shifted by one id (the next character at every position):
 * <pre>
 *    part j = ids[j·L, (j+1)·L)        L = (length − 1) / streams
 *    batch k, row j:  x = ids[j·L + k·T, j·L + (k+1)·T)    y = ids[j·L + k·T + 1, j·L + (k+1)·T + 1)
 * </pre>
 * The rows are in that order, batch after batch, so that a {@code Trainer} with
 * {@code .shuffle(false).batchSize(streams)} hands a recurrent layer with {@code carryState(true)} the
 * continuation of each row in the same row of the next batch: the state flows across the whole part,
 * while the gradient stops at each window's start. The ids left over at the end (fewer than a window
 * per part) are not used.
 */
public final class TextStreams {
    private TextStreams() {}

    /** x and y, (windows·streams, steps) int ids, in the order described above. */
    public static Dataset of(int[] ids, int streams, int steps) {
        if (streams < 1 || steps < 1) throw new IllegalArgumentException("TextStreams needs streams >= 1 and steps >= 1, got " + streams + " and " + steps + ".");
        int part = (ids.length - 1) / streams, windows = part / steps;
        if (windows < 1)
            throw new IllegalArgumentException("TextStreams: " + ids.length + " ids make no window of " + steps + " steps in each of " + streams
                    + " streams; use fewer streams or steps (at most " + ((ids.length - 1) / steps) + " streams of " + steps + ").");
        int[][] x = new int[windows * streams][steps], y = new int[windows * streams][steps];
        for (int k = 0; k < windows; k++)
            for (int j = 0; j < streams; j++) {
                int start = j * part + k * steps;
                System.arraycopy(ids, start, x[k * streams + j], 0, steps);
                System.arraycopy(ids, start + 1, y[k * streams + j], 0, steps);
            }
        return new Dataset(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }
}
