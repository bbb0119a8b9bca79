package org.nnbook.text;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import org.nnbook.models.Transformer;


import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Translates with a trained {@link Transformer} and its {@link BytePairEncoding}: text in, text out.
 * Greedy decoding runs many sentences at once (sorted by length, so a batch holds similar lengths);
 * beam search ({@link BeamSearch}) one sentence at a time. The output is cut at EOS, or at
 * {@code 2 · source tokens + 10} tokens.
 * <pre>{@code
 * var translator = new Translator(model, bpe);
 * List<String> french = translator.greedy(english);
 * String one = translator.beam("display the weather forecast", 4, 0.6);
 * }</pre>
 */
public final class Translator {
    private final Transformer model;
    private final BytePairEncoding bpe;
    private int batchSize = 256;

    public Translator(Transformer model, BytePairEncoding bpe) {
        if (model == null || bpe == null) throw new IllegalArgumentException("Translator needs the model and its BytePairEncoding.");
        this.model = model;
        this.bpe = bpe;
    }

    /** Sentences decoded at once by {@link #greedy} (default 256). */
    public Translator batchSize(int batchSize) { this.batchSize = Math.max(1, batchSize); return this; }

    /** Greedy translations of the texts, in their order. */
    public List<String> greedy(List<String> texts) {
        return greedyIds(texts.stream().map(bpe::encode).toList()).stream().map(bpe::decode).toList();
    }

    /** Greedy translations of source ids (without EOS), as target ids (without BOS or EOS), in their order. */
    public List<int[]> greedyIds(List<int[]> sources) {
        Integer[] byLength = IntStream.range(0, sources.size()).boxed().sorted(Comparator.comparingInt(i -> sources.get(i).length)).toArray(Integer[]::new);
        int[][] out = new int[sources.size()][];
        for (int from = 0; from < byLength.length; from += batchSize) {
            List<Integer> rows = Arrays.asList(byLength).subList(from, Math.min(byLength.length, from + batchSize));
            TokenBatches.Batch batch = TokenBatches.sources(rows.stream().map(sources::get).toList());
            INDArray ids = model.greedyDecode(batch.source(), batch.sourceMask(), BytePairEncoding.BOS, BytePairEncoding.EOS, maxLength(batch.source().size(1)));
            for (int r = 0; r < rows.size(); r++) out[rows.get(r)] = strip(ids.getRow(r).toIntVector());
        }
        return Arrays.asList(out);
    }

    /** The best translation by beam search of the given width and GNMT length penalty alpha. */
    public String beam(String text, int width, double alpha) {
        int[] source = bpe.encode(text);
        TokenBatches.Batch one = TokenBatches.sources(List.of(source));
        INDArray memory = model.encode(one.source(), one.sourceMask());          // (1, S, d), once for every step
        BeamSearch.NextToken next = prefixes -> {
            int n = prefixes.size();
            INDArray scores = model.nextScores(Nd4j.tile(memory, n, 1, 1), Nd4j.tile(one.sourceMask(), n, 1),
                    Nd4j.createFromArray(prefixes.toArray(int[][]::new)));
            double[][] z = scores.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
            for (double[] row : z) logSoftmax(row);
            return z;
        };
        int[] best = BeamSearch.search(next, BytePairEncoding.BOS, BytePairEncoding.EOS, maxLength(source.length + 1), width, alpha).get(0).tokens();
        return bpe.decode(strip(best));
    }

    /** row − log Σ exp(row), in place. */
    private static void logSoftmax(double[] row) {
        double max = Arrays.stream(row).max().orElse(0), sum = 0;
        for (double v : row) sum += Math.exp(v - max);
        double log = max + Math.log(sum);
        for (int i = 0; i < row.length; i++) row[i] -= log;
    }

    private static int maxLength(long sourceLength) { return (int) Math.min(Transformer.MAX_LEN, 2 * sourceLength + 10); }

    /** Ids without a leading BOS, cut before the first EOS. */
    static int[] strip(int[] ids) {
        int start = ids.length > 0 && ids[0] == BytePairEncoding.BOS ? 1 : 0, end = start;
        while (end < ids.length && ids[end] != BytePairEncoding.EOS) end++;
        return Arrays.copyOfRange(ids, start, end);
    }

}
