package org.nnbook.text;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Translation pairs cut into batches of about the same number of tokens, as translation systems train
 * (Vaswani et al., 2017, section 5.1: "sentence pairs were batched together by approximate sequence
 * length"). Pairs of similar length go together, so little of a batch is padding:
 * <ol>
 *   <li>the pairs are shuffled (seeded), then sorted by target length, then source length (a stable
 *       sort, so pairs of equal lengths stay in random order);</li>
 *   <li>they are taken in that order into a batch while rows × (longest sequence + 1) stays within
 *       {@code maxTokens} (a pair longer than that gets a batch of its own);</li>
 *   <li>the batches are put in random order ({@link #order}: a new permutation each epoch).</li>
 * </ol>
 * Each batch holds, with PAD ({@value BytePairEncoding#PAD}) after the end of shorter rows:
 * <pre>
 *   source     (N, S)   the source ids, then EOS                   sourceMask (N, S): 1 at real tokens, 0 at padding
 *   targetIn   (N, T)   BOS, then the target ids                   what the decoder reads (teacher forcing)
 *   targetOut  (N, T)   the target ids, then EOS                   what it must predict: targetIn shifted by one
 * </pre>
 * Ids are INT arrays, the mask is in the default floating-point type. {@link BatchFile} writes the
 * batches and their order so that another framework trains on exactly the same ones.
 */
public final class TokenBatches {
    private TokenBatches() {}

    /** One batch: {@link #inputs()} for {@code models.Transformer}, {@link #targetOut()} for {@code SparseCrossEntropy(PAD)}. */
    public record Batch(INDArray source, INDArray sourceMask, INDArray targetIn, INDArray targetOut) {
        /** {@code Inputs.of(source, targetIn).withMask(sourceMask)}. */
        public Inputs inputs() { return Inputs.of(source, targetIn).withMask(sourceMask); }

        public int rows() { return (int) source.size(0); }

        /** Real (not padding) target tokens, EOS included: what the loss counts. */
        public long targetTokens() { return count(targetOut); }

        /** Real source tokens, EOS included. */
        public long sourceTokens() { return count(source); }

        private static long count(INDArray ids) { return Arrays.stream(ids.reshape(ids.length()).toIntVector()).filter(i -> i != BytePairEncoding.PAD).count(); }

        @Override
        public String toString() { return "Batch(" + rows() + " rows, source " + source.size(1) + ", target " + targetIn.size(1) + " positions)"; }
    }

    /** The batches of the pairs (sources[i], targets[i]), ids without BOS or EOS; each batch has at most maxTokens padded positions. */
    public static List<Batch> of(List<int[]> sources, List<int[]> targets, int maxTokens, long seed) {
        if (sources.size() != targets.size() || sources.isEmpty())
            throw new IllegalArgumentException("TokenBatches needs as many targets as sources, at least one pair; got " + sources.size() + " and " + targets.size() + ".");
        if (maxTokens < 2) throw new IllegalArgumentException("TokenBatches: maxTokens must be at least 2, got " + maxTokens + ".");
        Integer[] idx = new Integer[sources.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        shuffle(idx, new Random(seed));
        Arrays.sort(idx, Comparator.<Integer>comparingInt(i -> targets.get(i).length).thenComparingInt(i -> sources.get(i).length));
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        int longest = 0;
        for (int i : idx) {
            int len = Math.max(sources.get(i).length, targets.get(i).length) + 1;
            if (!group.isEmpty() && (group.size() + 1L) * Math.max(longest, len) > maxTokens) {
                groups.add(group);
                group = new ArrayList<>();
                longest = 0;
            }
            group.add(i);
            longest = Math.max(longest, len);
        }
        groups.add(group);
        Integer[] batchOrder = new Integer[groups.size()];
        for (int b = 0; b < batchOrder.length; b++) batchOrder[b] = b;
        shuffle(batchOrder, new Random(seed + 1));
        List<Batch> batches = new ArrayList<>();
        for (int b : batchOrder) batches.add(batch(groups.get(b).stream().map(sources::get).toList(), groups.get(b).stream().map(targets::get).toList()));
        return batches;
    }

    /** One batch of the given pairs, in this order (ids without BOS or EOS). */
    public static Batch batch(List<int[]> sources, List<int[]> targets) {
        int n = sources.size(), s = 0, t = 0;
        for (int i = 0; i < n; i++) {
            s = Math.max(s, sources.get(i).length + 1);
            t = Math.max(t, targets.get(i).length + 1);
        }
        int[][] src = new int[n][s], in = new int[n][t], out = new int[n][t];
        float[][] mask = new float[n][s];
        for (int i = 0; i < n; i++) {
            int[] a = sources.get(i), b = targets.get(i);
            System.arraycopy(a, 0, src[i], 0, a.length);
            src[i][a.length] = BytePairEncoding.EOS;
            Arrays.fill(mask[i], 0, a.length + 1, 1f);
            in[i][0] = BytePairEncoding.BOS;
            System.arraycopy(b, 0, in[i], 1, b.length);
            System.arraycopy(b, 0, out[i], 0, b.length);
            out[i][b.length] = BytePairEncoding.EOS;
        }
        return new Batch(Nd4j.createFromArray(src), Nd4j.createFromArray(mask).castTo(Nd4j.defaultFloatingPointType()),
                Nd4j.createFromArray(in), Nd4j.createFromArray(out));
    }

    /** The source rows of a batch for decoding: (N, S) ids with EOS, and their mask (N, S). */
    public static Batch sources(List<int[]> sources) {
        return batch(sources, sources.stream().map(x -> new int[0]).toList());
    }

    /**
     * Which batch each of {@code steps} training steps takes: epoch after epoch, each a new permutation of
     * 0..numBatches-1 (seeded), so every batch is seen once per epoch.
     */
    public static int[] order(int numBatches, int steps, long seed) {
        if (numBatches < 1 || steps < 0) throw new IllegalArgumentException("TokenBatches.order needs numBatches >= 1 and steps >= 0.");
        int[] order = new int[steps];
        Random random = new Random(seed);
        Integer[] perm = new Integer[numBatches];
        for (int at = 0; at < steps; at += numBatches) {
            for (int b = 0; b < numBatches; b++) perm[b] = b;
            if (at > 0) shuffle(perm, random);           // the first epoch: the batches' own (already random) order
            for (int b = 0; b < numBatches && at + b < steps; b++) order[at + b] = perm[b];
        }
        return order;
    }

    /** Padded positions of all batches divided into the real tokens they hold (1 = no padding). */
    public static double paddingOverhead(List<Batch> batches) {
        long padded = 0, real = 0;
        for (Batch b : batches) {
            padded += b.source().length() + b.targetOut().length();
            real += b.sourceTokens() + b.targetTokens();
        }
        return (double) padded / real;
    }

    private static void shuffle(Integer[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

}
