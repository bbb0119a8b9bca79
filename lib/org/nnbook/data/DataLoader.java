package org.nnbook.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Inputs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Cuts a {@link Dataset} into mini-batches. Each {@link #iterator()} is one epoch; with shuffling on,
 * epoch {@code e} visits the examples in a permutation drawn from {@code seed} and {@code e}, so a
 * run is reproducible and every epoch differs. The last batch holds the remainder.
 *
 * <p>With a {@link #transform(Transform) transform} (e.g. an {@link Augment}ation) each batch's x (the first input) is
 * transformed as the batch is made, with randomness drawn from the seed, the epoch and the batch
 * number: every epoch sees new variants, and the same seed gives the same run.
 * <pre>{@code
 * var loader = new DataLoader(train, 64, true, 42).transform(Augment.compose(Augment.rotate(10), Augment.shift(2)));
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private Transform transform;
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

    /**
     * Transforms x of every batch from now on (null: none). Returns this loader, so it chains on the
     * constructor. Use it for training data only; validation and test data stay as they are.
     */
    public DataLoader transform(Transform transform) {
        this.transform = transform;
        return this;
    }

    /** The transform applied to each batch, or null. */
    public Transform transform() { return transform; }

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

    /** The seed of batch {@code b}'s transform in epoch {@code e}: a mix of the loader's seed, e and b. */
    private long batchSeed(int e, int b) {
        long s = seed * 0x9E3779B97F4A7C15L + e;
        s = (s ^ (s >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        return s ^ (s >>> 29);
    }

    @Override
    public Iterator<Batch> iterator() {
        int e = epoch++;
        int[] order = order(e);
        Transform t = transform;
        return new Iterator<>() {
            int start = 0;
            int b = 0;

            @Override
            public boolean hasNext() { return start < order.length; }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int end = Math.min(start + batchSize, order.length);
                int[] idx = java.util.Arrays.copyOfRange(order, start, end);
                start = end;
                List<INDArray> in = new ArrayList<>();
                for (INDArray a : data.inputs().arrays()) in.add(Dataset.rows(a, idx));
                if (t != null) {
                    INDArray x = t.apply(in.get(0), new Random(batchSeed(e, b)));
                    if (x == null || x.rank() < 1 || x.size(0) != idx.length)
                        throw new IllegalStateException("DataLoader: the transform " + t + " returned "
                                + (x == null ? "null" : "x of shape " + java.util.Arrays.toString(x.shape()))
                                + " for a batch of " + idx.length + " examples; it must keep one row per example.");
                    in.set(0, x);
                }
                b++;
                INDArray mask = data.mask() == null ? null : Dataset.rows(data.mask(), idx);
                return new Batch(new Inputs(in, mask), Dataset.rows(data.y(), idx));
            }
        };
    }
}
