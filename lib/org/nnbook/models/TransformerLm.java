package org.nnbook.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.core.Sequential;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.io.ModelIO;
import org.nnbook.kernels.StepMemory;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Dropout;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.LayerNorm;
import org.nnbook.layers.LearnedPositions;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.layers.TiedDense;
import org.nnbook.layers.TransformerEncoderBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A decoder-only Transformer language model, GPT's shape (Radford et al., 2018, "Improving Language
 * Understanding by Generative Pre-Training"), pre-norm as GPT-2: every position predicts the next token
 * from the tokens up to it.
 * <pre>
 *   h      = LayerNorm(CausalBlock…(Dropout(Embed(ids) + P)))     the body, (N, T, d)
 *   scores = h Eᵀ + b                                              (N, T, vocab), E the embedding's own table
 * </pre>
 * The blocks are {@link TransformerEncoderBlock}s made causal, P are {@link LearnedPositions}, the output
 * layer is tied to the embedding ({@link TiedDense}). The embedding is {@link Embedding#scaled} as in the
 * Transformer (Vaswani et al., 2017, section 3.4): E starts from N(0, 1/d) and the input reads √d·E[ids], so the
 * token vectors start from N(0, 1) while the first scores hEᵀ (h layer-normalised) have a spread of about 1; a
 * plain N(0, 1) table would give them a spread of √d and a huge first loss. Trained with
 * {@code SparseCrossEntropy(PAD)} on (ids, next ids); a padding mask (N, T), 1 at real tokens, hides padding keys
 * from attention.
 *
 * <p>Pretrain, then fine-tune: {@link #classifier(int)} puts a <b>copy</b> of the trained body under a
 * new head, mean over the real tokens then Dense, so the same language model can be fine-tuned several
 * times (as in notebook 08, with {@code ModelIO.copy}).
 * <pre>{@code
 * var lm = new TransformerLm(bpe.vocabSize(), 128, 4, 2, 64, 0.0);
 * new Trainer(lm, new SparseCrossEntropy(PAD), new Adam(1e-3)).fit(text);
 * Sequential net = lm.classifier(10);          // (N, T) ids + mask -> (N, 10) scores
 * }</pre>
 */
public final class TransformerLm implements MaskedLayer {
    private final Sequential body;           // Embedding, LearnedPositions, Dropout, causal blocks, LayerNorm
    private final TiedDense out;

    /** {@code layers} causal blocks of width dModel (dFF = 4·dModel), positions up to maxLen. */
    public TransformerLm(int vocab, int dModel, int numHeads, int layers, int maxLen, double dropout) {
        this(body(vocab, dModel, numHeads, layers, maxLen, dropout));
    }

    /** A model on {@code body}, whose first layer is the Embedding the output layer shares. */
    public TransformerLm(Sequential body) { this(body, new TiedDense(embeddingOf(body))); }

    /** A model from its parts (ModelIO rebuilds one this way); {@code out} must be tied to the body's Embedding. */
    public TransformerLm(Sequential body, TiedDense out) {
        if (body == null || out == null) throw new IllegalArgumentException("TransformerLm needs a body and a TiedDense output layer.");
        if (out.embedding() != embeddingOf(body))
            throw new IllegalArgumentException("TransformerLm: the output layer must be tied to the body's own Embedding (layer 0).");
        if (!(body.get(1) instanceof LearnedPositions))
            throw new IllegalArgumentException("TransformerLm: layer 1 of the body must be LearnedPositions, got " + body.get(1) + ".");
        this.body = body;
        this.out = out;
    }

    private static Embedding embeddingOf(Sequential body) {
        if (body == null || !(body.get(0) instanceof Embedding e))
            throw new IllegalArgumentException("TransformerLm: the body must start with an Embedding, got " + (body == null ? "null" : body.get(0)) + ".");
        return e;
    }

    private static Sequential body(int vocab, int d, int heads, int layers, int maxLen, double dropout) {
        if (layers < 1) throw new IllegalArgumentException("TransformerLm needs at least one block, got " + layers + ".");
        Embedding embed = Embedding.scaled(vocab, d);   // √d·E[ids], E from N(0, 1/d): the tied output's first scores have std ~1
        List<Layer> parts = new ArrayList<>(List.of(embed, new LearnedPositions(maxLen, d), new Dropout(dropout)));
        for (int i = 0; i < layers; i++) parts.add(new TransformerEncoderBlock(d, heads, 4 * d, dropout).causal(true));
        parts.add(new LayerNorm(d));
        return Sequential.of(parts);
    }

    /** The body: ids (N, T) → contextual vectors (N, T, d), each position having seen only itself and what came before. */
    public Sequential body() { return body; }

    /** The output layer, tied to the body's embedding. */
    public TiedDense output() { return out; }

    public int vocabSize() { return embeddingOf(body).vocabSize(); }

    public int dim() { return embeddingOf(body).dim(); }

    /** The longest sequence the position table covers. */
    public int maxLen() { return ((LearnedPositions) body.get(1)).maxLen(); }

    /** Scores (N, T, vocab) of the next token at every position of ids (N, T). */
    @Override
    public INDArray forward(INDArray ids, INDArray mask, boolean training) {
        return out.forward(body.forward(ids, mask, training), training);
    }

    /** Gradients of every parameter (E gets both its shares); returns null: ids have none. */
    @Override
    public INDArray backward(INDArray gradOut) { return body.backward(out.backward(gradOut)); }

    @Override
    public List<Parameter> parameters() { return Parameters.of(body, out); }

    @Override
    public void castTo(DataType type) { body.castTo(type); out.castTo(type); }

    /**
     * A text classifier on a copy of this model's body: {@code Sequential(body copy, MeanOverTime, Dense(d, classes))},
     * ids (N, T) with their padding mask → scores (N, classes). The head is new (random); the body starts from
     * this model's weights, which the classifier's training leaves untouched here.
     */
    public Sequential classifier(int classes) {
        if (classes < 2) throw new IllegalArgumentException("TransformerLm.classifier needs at least 2 classes, got " + classes + ".");
        return Sequential.of(ModelIO.copy(body), new MeanOverTime(), new Dense(dim(), classes));
    }

    /**
     * Greedy continuation of a batch of prompts: {@code steps} times, appends each row's likeliest next token.
     * prompt (N, P) ids, promptMask (N, P) (1 at real tokens; padding may sit anywhere in the prompt) or null.
     * Returns the new tokens (N, ≤ steps); it stops early once every row has produced {@code eos}, and a row
     * that has is filled with {@code eos} after it.
     */
    public INDArray greedy(INDArray prompt, INDArray promptMask, int steps, int eos) {
        checkPrompt(prompt, promptMask, steps);
        long n = prompt.size(0);
        INDArray x = prompt.castTo(DataType.INT), m = promptMask == null ? Nd4j.ones(DataType.FLOAT, n, prompt.size(1)) : promptMask.castTo(DataType.FLOAT);
        INDArray generated = Nd4j.create(DataType.INT, n, 0);
        boolean[] done = new boolean[(int) n];
        for (int s = 0; s < steps; s++) {
            INDArray next = lastScores(Inputs.of(x).withMask(m)).argMax(1).castTo(DataType.INT).reshape(n, 1);
            boolean all = EndedRows.update(next, done, eos);
            x = Nd4j.hstack(x, next);
            m = Nd4j.hstack(m, Nd4j.ones(DataType.FLOAT, n, 1));
            generated = Nd4j.hstack(generated, next);
            if (all) break;
        }
        return generated;
    }

    /**
     * Samples a continuation of one prompt: each next token drawn from softmax(scores / temperature)
     * (temperature → 0 is greedy, 1 the model's own distribution), until {@code eos} (included) or
     * {@code steps} tokens. Returns the new tokens.
     */
    public int[] sample(int[] prompt, int steps, double temperature, int eos, Random random) {
        if (!(temperature > 0)) throw new IllegalArgumentException("TransformerLm.sample: the temperature must be > 0, got " + temperature + ".");
        checkPrompt(Nd4j.createFromArray(new int[][]{prompt}), null, steps);
        List<Integer> tokens = new ArrayList<>();
        int[] x = prompt.clone();
        for (int s = 0; s < steps; s++) {
            double[] z = lastScores(Inputs.of(Nd4j.createFromArray(new int[][]{x}))).getRow(0).castTo(DataType.DOUBLE).toDoubleVector();
            int next = draw(z, temperature, random);
            tokens.add(next);
            if (next == eos) break;
            x = java.util.Arrays.copyOf(x, x.length + 1);
            x[x.length - 1] = next;
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The evaluation-mode scores at the last position only, (N, vocab): the body runs over every position, the output
     * layer only over the last one (the same scores as forward's last position, without the (N, T, vocab) others);
     * only they leave the prediction's reused memory.
     */
    private INDArray lastScores(Inputs inputs) {
        long t = inputs.x().size(1);
        return StepMemory.predict(() -> {
            INDArray h = body.forward(inputs.x(), inputs.mask(), false);                               // (N, T, d)
            return out.forward(h.get(NDArrayIndex.all(), NDArrayIndex.point(t - 1), NDArrayIndex.all()).dup('c'), false);
        });
    }

    /** An index drawn with probability softmax(z / temperature). */
    static int draw(double[] z, double temperature, Random random) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) sum += p[i] = Math.exp((z[i] - max) / temperature);
        double u = random.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) if ((u -= p[i]) <= 0) return i;
        return p.length - 1;
    }

    private void checkPrompt(INDArray prompt, INDArray mask, int steps) {
        if (prompt == null || prompt.rank() != 2 || prompt.size(1) < 1)
            throw new ShapeException(this + ": a prompt is token ids (N, P) with P >= 1, got " + (prompt == null ? "null" : Shapes.of(prompt)) + ".");
        if (mask != null && (mask.rank() != 2 || mask.size(0) != prompt.size(0) || mask.size(1) != prompt.size(1)))
            throw new ShapeException(this + ": the prompt's mask must be " + Shapes.of(prompt) + " like the prompt, got " + Shapes.of(mask) + ".");
        if (steps < 1 || prompt.size(1) + steps > maxLen())
            throw new IllegalArgumentException(this + ": a prompt of " + prompt.size(1) + " tokens plus " + steps + " new ones must fit in the "
                    + maxLen() + " positions the model has (and steps >= 1).");
    }

    @Override
    public String toString() {
        long blocks = body.layers().stream().filter(l -> l instanceof TransformerEncoderBlock).count();
        return "TransformerLm(" + blocks + " causal blocks, d " + dim() + ", vocab " + vocabSize() + ", maxLen " + maxLen() + ")";
    }
}
