package org.nnbook.text;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.data.Dataset;
import org.nnbook.models.TransformerLm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.nnbook.text.BytePairEncoding.BOS;
import static org.nnbook.text.BytePairEncoding.EOS;
import static org.nnbook.text.BytePairEncoding.PAD;

/**
 * A source text and its target in one sequence for a decoder-only language model (a "prefix LM": the
 * target is generated after the source, as GPT-2 summarised with "TL;DR:", Radford et al., 2019):
 * <pre>
 *   position   0 .. P−1                             P .. P+S−1
 *   ids        BOS source… (EOS) PAD…               BOS target… EOS PAD…
 *   next id    source… (EOS) PAD…                   target… EOS PAD…
 * </pre>
 * The source is cut to its first P tokens (with BOS; EOS when it fits) and padded to P, so the target
 * starts at the same position P in every row: a batch of prompts then continues in step, one token per
 * forward pass ({@link #generate}). The padding mask (N, P+S) is 1 at real tokens, so attention never
 * looks at the padding between the two parts; the loss ({@code SparseCrossEntropy(PAD)}) skips every
 * position whose next id is PAD. Training on these sequences is next-token prediction over both parts:
 * the model learns the language of the sources and to write the target after them.
 */
public final class PrefixSequences {
    /** Token ids (N, T) and their padding mask (N, T), 1 at real tokens. */
    public record Encoded(INDArray ids, INDArray mask) {
        public Inputs inputs() { return Inputs.of(ids).withMask(mask); }
    }

    private final BytePairEncoding bpe;
    private final int sourceLength, targetLength;

    /** Sources cut to {@code sourceLength} positions (BOS included), targets to {@code targetLength} (BOS included). */
    public PrefixSequences(BytePairEncoding bpe, int sourceLength, int targetLength) {
        if (bpe == null) throw new IllegalArgumentException("PrefixSequences needs a BytePairEncoding, got null.");
        if (sourceLength < 2 || targetLength < 2)
            throw new IllegalArgumentException("PrefixSequences needs sourceLength >= 2 and targetLength >= 2, got " + sourceLength + ", " + targetLength + ".");
        this.bpe = bpe;
        this.sourceLength = sourceLength;
        this.targetLength = targetLength;
    }

    public int sourceLength() { return sourceLength; }

    public int targetLength() { return targetLength; }

    /** Positions in a whole sequence, P + S: the least maxLen of a model trained on them. */
    public int length() { return sourceLength + targetLength; }

    /** BOS, the source's tokens and EOS, cut to P tokens (an EOS that does not fit is dropped). */
    int[] source(String text) {
        int[] ids = bpe.encode(text, true, true);
        return ids.length <= sourceLength ? ids : Arrays.copyOf(ids, sourceLength);
    }

    /** The sources alone, (N, P) ids with their mask: what a classifier on the pretrained body reads. */
    public Encoded sources(List<String> texts) {
        int n = texts.size();
        int[][] ids = new int[n][sourceLength];
        float[][] mask = new float[n][sourceLength];
        for (int i = 0; i < n; i++) {
            int[] s = source(texts.get(i));
            System.arraycopy(s, 0, ids[i], 0, s.length);
            Arrays.fill(mask[i], 0, s.length, 1f);
        }
        return new Encoded(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask));
    }

    /** Training sequences (see the class comment): x (N, P+S) ids, y (N, P+S) next ids (PAD where none), and the mask. */
    public Dataset dataset(List<String> sources, List<String> targets) { return dataset(sources, targets, true); }

    /**
     * As {@link #dataset(List, List)}; with {@code learnSources} false the source part's next ids are all PAD, so
     * the loss is on the target part only: the source is context, not text to learn (fine-tuning for the task).
     */
    public Dataset dataset(List<String> sources, List<String> targets, boolean learnSources) {
        if (sources.size() != targets.size())
            throw new IllegalArgumentException("PrefixSequences.dataset: " + sources.size() + " sources but " + targets.size() + " targets.");
        int n = sources.size(), t = length();
        int[][] x = new int[n][t], y = new int[n][t];
        float[][] mask = new float[n][t];
        for (int i = 0; i < n; i++) {
            int[] s = source(sources.get(i)), g = bpe.encode(targets.get(i), true, true);
            place(s, sourceLength, 0, x[i], y[i], mask[i]);
            place(g, targetLength, sourceLength, x[i], y[i], mask[i]);
            if (!learnSources) Arrays.fill(y[i], 0, sourceLength, PAD);
        }
        return new Dataset(Inputs.of(Nd4j.createFromArray(x)).withMask(Nd4j.createFromArray(mask)), Nd4j.createFromArray(y), null);
    }

    /** Puts the first {@code room} tokens of {@code tokens} at {@code from}, and each one's successor (if any) as its next id. */
    private static void place(int[] tokens, int room, int from, int[] x, int[] y, float[] mask) {
        int k = Math.min(room, tokens.length);
        for (int j = 0; j < k; j++) {
            x[from + j] = tokens[j];
            mask[from + j] = 1;
            y[from + j] = j + 1 < tokens.length && j + 1 <= room ? tokens[j + 1] : PAD;
        }
    }

    /**
     * The model's greedy target for each source, in batches of {@code batchSize}: the prompt is the source part
     * and the target's BOS; up to S − 1 tokens are generated, up to EOS, and decoded.
     */
    public List<String> generate(TransformerLm model, List<String> sources, int batchSize) {
        if (model.maxLen() < length())
            throw new IllegalArgumentException("PrefixSequences.generate: the model covers " + model.maxLen() + " positions, these sequences need " + length() + ".");
        List<String> out = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += batchSize) {
            List<String> part = sources.subList(from, Math.min(sources.size(), from + batchSize));
            Encoded e = sources(part);
            long n = part.size();
            INDArray prompt = Nd4j.hstack(e.ids(), Nd4j.valueArrayOf(new long[]{n, 1}, BOS, DataType.INT));
            INDArray mask = Nd4j.hstack(e.mask(), Nd4j.ones(DataType.FLOAT, n, 1));
            INDArray tokens = model.greedy(prompt, mask, targetLength - 1, EOS);
            for (int i = 0; i < n; i++) {
                int[] row = tokens.get(NDArrayIndex.point(i), NDArrayIndex.all()).toIntVector();
                int end = 0;
                while (end < row.length && row[end] != EOS) end++;
                out.add(bpe.decode(Arrays.copyOf(row, end)).strip());
            }
        }
        return out;
    }

    @Override
    public String toString() { return "PrefixSequences(source " + sourceLength + " + target " + targetLength + " positions)"; }
}
