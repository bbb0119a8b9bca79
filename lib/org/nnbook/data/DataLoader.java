package org.nnbook.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Cuts a {@link Dataset} into mini-batches. Each {@link #iterator()} is one epoch; with shuffling on,
 * epoch {@code e} visits the examples in a permutation drawn from {@code seed} and {@code e}, so a
 * run is reproducible and every epoch differs. The last batch holds the remainder.
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int epoch;

    public DataLoader(Dataset data, int batchSize, boolean shuffle, long seed) {
        if (data == null) throw new IllegalArgumentException("DataLoader needs a Dataset, got null.");
        if (batchSize < 1) throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + batchSize + ".");
        if (data.size() == 0) throw new IllegalArgumentException("DataLoader: the data set is empty.");
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** In order, no shuffling. */
    public DataLoader(Dataset data, int batchSize) { this(data, batchSize, false, 0); }

    public int batchSize() { return batchSize; }

    /** Batches per epoch: ⌈N / batchSize⌉. */
    public int numBatches() { return (data.size() + batchSize - 1) / batchSize; }

    /** The order in which epoch {@code e} visits the examples. */
    public int[] order(int e) {
        int n = data.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (shuffle) {
            Random rnd = new Random(seed * 1_000_003L + e);
            for (int i = n - 1; i > 0; i--) {           // Fisher–Yates
                int j = rnd.nextInt(i + 1);
                int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
            }
        }
        return idx;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = order(epoch++);
        return new Iterator<>() {
            int start = 0;

            @Override
            public boolean hasNext() { return start < order.length; }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int end = Math.min(start + batchSize, order.length);
                int[] idx = java.util.Arrays.copyOfRange(order, start, end);
                start = end;
                return new Batch(Dataset.rows(data.x(), idx), Dataset.rows(data.y(), idx));
            }
        };
    }
}
