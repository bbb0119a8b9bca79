package org.nnbook.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;
import org.nnbook.data.MobyDick;

/**
 * The language-model workloads' data: the whole text of Moby Dick as character ids (the book's
 * distinct characters sorted by code point: 83 of them), cut into consecutive windows of
 * {@value #STEPS} characters; x is a window's ids and y the character after each of them (the
 * window shifted by one), both (N, {@value #STEPS}) float ids. {@code bench_torch.py} cuts the
 * same windows the same way. A speed benchmark, so no chapters are held out.
 */
final class CharText {
    static final int STEPS = 100;
    /** The book's distinct characters; the ids are positions in this string. */
    static final int VOCAB = 83;

    private CharText() {}

    static Dataset sequences() {
        String text = MobyDick.text();
        int[] chars = text.codePoints().toArray();
        int[] vocab = java.util.Arrays.stream(chars).distinct().sorted().toArray();
        if (vocab.length != VOCAB)
            throw new IllegalStateException("Moby Dick has " + vocab.length + " distinct characters, the benchmark expects " + VOCAB + ".");
        int n = (chars.length - 1) / STEPS;
        float[] x = new float[n * STEPS], y = new float[n * STEPS];
        for (int i = 0; i < n * STEPS; i++) {
            x[i] = java.util.Arrays.binarySearch(vocab, chars[i]);
            y[i] = java.util.Arrays.binarySearch(vocab, chars[i + 1]);
        }
        INDArray xs = Nd4j.create(x, new long[]{n, STEPS}, 'c').castTo(DataType.FLOAT);
        INDArray ys = Nd4j.create(y, new long[]{n, STEPS}, 'c').castTo(DataType.FLOAT);
        return new Dataset(xs, ys);
    }
}
