package org.nnbook.text;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.DataLoader;
import org.nnbook.kernels.StepMemory;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.GRU;
import org.nnbook.layers.LSTM;
import org.nnbook.layers.RNN;
import org.nnbook.layers.Recurrent;
import org.nnbook.loss.SparseCrossEntropy;

import java.util.Random;

/**
 * A character-level language model: {@code Embedding(V, embed) → RNN, GRU or LSTM(embed, hidden) → Dense(hidden, V)},
 * which reads a text one character at a time and gives, at every position, logits (N, T, V) for the
 * next character. The recurrent layer carries its state from one window to the next (truncated
 * backpropagation through time, {@link TextStreams}); {@link CharLanguageModelTraining} trains it.
 *
 * <p>Its measure is <b>bits per character</b> (bpc): the mean cross-entropy of the next character in
 * bits, {@code loss / ln 2}. A model that knows nothing but the characters' frequencies scores their
 * entropy (4.5 bits on Moby Dick's held-out chapters); a perfect one 0. Sampling ({@link #sample}) draws each
 * next character from {@code softmax(logits / temperature)}: below 1 safer, above 1 wilder.
 */
public final class CharLanguageModel {
    /** The recurrent layer's kind. */
    public enum Cell { RNN, GRU, LSTM }

    private final CharVocabulary vocab;
    private final Cell cell;
    private final Recurrent recurrent;
    private final Sequential net;

    /** A model over {@code vocab} with an embedding of {@code embed} numbers and {@code hidden} recurrent units. */
    public CharLanguageModel(CharVocabulary vocab, Cell cell, int embed, int hidden) {
        if (vocab == null || cell == null)
            throw new IllegalArgumentException("CharLanguageModel needs a vocabulary and a cell kind (RNN, GRU or LSTM), got " + vocab + ", " + cell + ".");
        this.vocab = vocab;
        this.cell = cell;
        recurrent = switch (cell) {
            case RNN -> new RNN(embed, hidden);
            case GRU -> new GRU(embed, hidden);
            case LSTM -> new LSTM(embed, hidden);
        };
        recurrent.carryState(true);
        net = Sequential.of(new Embedding(vocab.size(), embed), recurrent, new Dense(hidden, vocab.size()));
    }

    public CharVocabulary vocabulary() { return vocab; }

    public Cell cell() { return cell; }

    /** The network: ids (N, T) → logits (N, T, V). */
    public Sequential net() { return net; }

    /** The recurrent layer (layer 1 of {@link #net()}), which carries its state between calls. */
    public Recurrent recurrent() { return recurrent; }

    /**
     * Bits per character of predicting each next character of {@code ids}: the text cut into
     * {@code streams} parts read side by side in windows of {@code steps}, the state carried from window
     * to window (started from zero, and reset afterwards). Every character but each part's first is predicted once.
     */
    public double bitsPerChar(int[] ids, int streams, int steps) {
        Dataset windows = TextStreams.of(ids, streams, steps);
        SparseCrossEntropy loss = new SparseCrossEntropy();
        double nats = 0;
        long count = 0;
        recurrent.resetState();
        try {
            for (var batch : new DataLoader(windows, streams)) {
                double mean = StepMemory.evaluationRound(() -> loss.forward(net.forward(batch.x(), false), batch.y()));
                nats += mean * batch.y().length();
                count += batch.y().length();
            }
        } finally {
            recurrent.resetState();
        }
        return nats / count / Math.log(2);
    }

    /**
     * {@code length} characters sampled after {@code prompt} (which must be non-empty) at {@code temperature}
     * (> 0; 1 samples the model's own distribution, near 0 nearly always its most likely character).
     */
    public String sample(String prompt, int length, double temperature, Random random) {
        if (prompt == null || prompt.isEmpty()) throw new IllegalArgumentException("sample needs a non-empty prompt to start from, e.g. \"The \".");
        if (!(temperature > 0)) throw new IllegalArgumentException("sample needs a temperature > 0 (e.g. 0.5, 1.0), got " + temperature + ".");
        if (length < 0) throw new IllegalArgumentException("sample needs a length >= 0, got " + length + ".");
        StringBuilder out = new StringBuilder();
        recurrent.resetState();
        try {
            int[] ids = vocab.encode(prompt);
            INDArray logits = lastLogits(ids);
            for (int k = 0; k < length; k++) {
                int next = draw(logits, temperature, random);
                out.append(vocab.charOf(next));
                logits = lastLogits(new int[]{next});
            }
        } finally {
            recurrent.resetState();
        }
        return out.toString();
    }

    /** Logits (V) for the character after {@code ids}, the state carried on from the previous call. */
    private INDArray lastLogits(int[] ids) {
        INDArray x = Nd4j.createFromArray(new int[][]{ids});
        INDArray y = net.predict(x);                                          // (1, T, V)
        return y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(ids.length - 1))
                .castTo(DataType.DOUBLE);
    }

    /** An id drawn from softmax(logits / temperature). */
    static int draw(INDArray logits, double temperature, Random random) {
        double[] z = logits.toDoubleVector();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) sum += p[i] = Math.exp((z[i] - max) / temperature);
        double u = random.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) if ((u -= p[i]) <= 0) return i;
        return p.length - 1;
    }

    /** Number of learnable numbers. */
    public long parameterCount() { return net.parameterCount(); }

    @Override
    public String toString() {
        Layer e = net.get(0);
        return "CharLanguageModel(" + cell + ", " + e + " -> " + recurrent + " -> " + net.get(2) + ", " + parameterCount() + " parameters)";
    }
}
