package org.nnbook.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.core.Sequential;
import org.nnbook.kernels.StepMemory;
import org.nnbook.layers.Dropout;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.LayerNorm;
import org.nnbook.layers.SinusoidalPositions;
import org.nnbook.layers.TiedDense;
import org.nnbook.layers.TransformerDecoderBlock;
import org.nnbook.layers.TransformerEncoderBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An encoder-decoder Transformer for translation (Vaswani et al., 2017, "Attention Is All You Need"),
 * pre-norm (Xiong et al., 2020). The encoder reads the source ids; each decoder block attends
 * causally to the target so far and to the encoder's output, the memory; the output layer scores
 * the next target token with the target embedding's own table (weight tying, {@link TiedDense}).
 * <pre>
 *   memory = LayerNorm(EncoderBlock…(Dropout(Embed_src(source) + PE)))          (N, S, d)
 *   h      = LayerNorm(DecoderBlock…(Dropout(Embed_tgt(target) + PE), memory))   (N, T, d)
 *   scores = h E_tgtᵀ + b                                                        (N, T, tgtVocab)
 * </pre>
 * Inputs: {@code Inputs.of(sourceIds (N, S), targetIds (N, T)).withMask(sourceMask (N, S))}, the mask
 * 1 at real source tokens (none: every source position is real). Teacher forcing: the target input
 * is the sentence starting with BOS, the loss's target the same shifted by one, padded with PAD, so
 * {@code new SparseCrossEntropy(PAD)} skips the padding. The target needs no mask: its padding comes
 * after the real tokens, which the causal attention never lets them see.
 * <pre>{@code
 * var model = new Transformer(srcVocab, tgtVocab, 128, 4, 2, 0.1);
 * new Trainer(model, new SparseCrossEntropy(PAD), new Adam(5e-4)).epochs(20).fit(pairs);
 * INDArray french = model.greedyDecode(englishIds, englishMask, BOS, EOS, 40);
 * }</pre>
 * As in the paper (section 3.4) the embeddings are {@link Embedding#scaled}: tables started from
 * N(0, 1/d), multiplied by √d at the input, so the tied output starts with scores of spread ~1 and the
 * first loss is near ln(vocab) (with N(0, 1) tables it was ~50 at d = 128). With one joint vocabulary
 * for both languages, {@link #sharedVocabulary} goes further, as the paper does: one table for the
 * source, the target and the output.
 */
public final class Transformer implements Model {
    /** Longest source or target sequence the position tables cover. */
    public static final int MAX_LEN = 512;
    private final Sequential encoder;                   // Embedding, positions, dropout, encoder blocks, LayerNorm
    private final Embedding targetEmbedding;
    private final SinusoidalPositions targetPositions;
    private final Dropout targetDropout;
    private final List<TransformerDecoderBlock> decoder;
    private final LayerNorm decoderNorm;
    private final TiedDense out;
    private final double dropout;
    private INDArray sourceMask;

    /** {@code layers} encoder and {@code layers} decoder blocks of width dModel, dFF = 4·dModel as in the paper. */
    public Transformer(int sourceVocab, int targetVocab, int dModel, int numHeads, int layers, double dropout) {
        this(Embedding.scaled(sourceVocab, dModel), Embedding.scaled(targetVocab, dModel), dModel, numHeads, layers, dropout);
    }

    /**
     * One vocabulary for both languages (a joint BPE) and one embedding table for the source, the target
     * and the output layer (Vaswani et al., 2017, section 3.4; Press and Wolf, 2017): the vocab × d
     * matrix is learned once, from both languages' text, and a word spelled alike in both (a name, a
     * number, "GNOME") starts the same on both sides.
     */
    public static Transformer sharedVocabulary(int vocab, int dModel, int numHeads, int layers, double dropout) {
        Embedding table = Embedding.scaled(vocab, dModel);
        return new Transformer(table, table.sharing(), dModel, numHeads, layers, dropout);
    }

    private Transformer(Embedding source, Embedding target, int dModel, int numHeads, int layers, double dropout) {
        this(encoder(source, dModel, numHeads, layers, dropout), target, new SinusoidalPositions(MAX_LEN, dModel),
                decoder(dModel, numHeads, layers, dropout), new LayerNorm(dModel), dropout);
    }

    /** A model from its parts (ModelIO rebuilds one this way); the output layer is tied to targetEmbedding. */
    public Transformer(Sequential encoder, Embedding targetEmbedding, SinusoidalPositions targetPositions, List<TransformerDecoderBlock> decoder,
                       LayerNorm decoderNorm, double dropout) {
        if (encoder == null || targetEmbedding == null || targetPositions == null || decoder == null || decoder.isEmpty() || decoderNorm == null)
            throw new IllegalArgumentException("Transformer needs an encoder, a target embedding, positions, at least one decoder block and a LayerNorm.");
        this.encoder = encoder;
        this.targetEmbedding = targetEmbedding;
        this.targetPositions = targetPositions;
        this.targetDropout = new Dropout(dropout);
        this.decoder = List.copyOf(decoder);
        this.decoderNorm = decoderNorm;
        this.out = new TiedDense(targetEmbedding);
        this.dropout = dropout;
    }

    private static Sequential encoder(Embedding embedding, int d, int heads, int layers, double dropout) {
        List<Layer> parts = new ArrayList<>(List.of(embedding, new SinusoidalPositions(MAX_LEN, d), new Dropout(dropout)));
        for (int i = 0; i < layers; i++) parts.add(new TransformerEncoderBlock(d, heads, 4 * d, dropout));
        parts.add(new LayerNorm(d));
        return Sequential.of(parts);
    }

    private static List<TransformerDecoderBlock> decoder(int d, int heads, int layers, double dropout) {
        List<TransformerDecoderBlock> blocks = new ArrayList<>();
        for (int i = 0; i < layers; i++) blocks.add(new TransformerDecoderBlock(d, heads, 4 * d, dropout));
        return blocks;
    }

    public Sequential encoder() { return encoder; }

    /** Whether source and target read one embedding table ({@link #sharedVocabulary}). */
    public boolean sharesEmbedding() {
        return targetEmbedding.owner() != null && targetEmbedding.owner() == encoder.get(0);
    }

    public Embedding targetEmbedding() { return targetEmbedding; }

    public SinusoidalPositions targetPositions() { return targetPositions; }

    public List<TransformerDecoderBlock> decoder() { return decoder; }

    public LayerNorm decoderNorm() { return decoderNorm; }

    public TiedDense output() { return out; }

    public double dropout() { return dropout; }

    /** Scores (N, T, targetVocab) for Inputs.of(sourceIds, targetIds), with the source's padding mask as the batch's mask. */
    @Override
    public INDArray forward(Inputs inputs, boolean training) {
        if (inputs.count() != 2)
            throw new IllegalArgumentException("Transformer takes Inputs.of(sourceIds, targetIds) (with the source mask), got " + inputs + ".");
        sourceMask = inputs.mask();
        INDArray memory = encoder.forward(inputs.get(0), sourceMask, training);
        INDArray h = targetDropout.forward(targetPositions.forward(targetEmbedding.forward(inputs.get(1), training), training), training);
        for (TransformerDecoderBlock block : decoder) h = block.forward(h, null, memory, sourceMask, training);
        return out.forward(decoderNorm.forward(h, training), training);
    }

    /** Gradients of every parameter; the memory's gradient is the sum of every decoder block's. Returns null: ids have none. */
    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray g = decoderNorm.backward(out.backward(gradOut)), dMemory = null;
        for (int i = decoder.size() - 1; i >= 0; i--) {
            g = decoder.get(i).backward(g);
            dMemory = dMemory == null ? decoder.get(i).memoryGradient().dup() : dMemory.addi(decoder.get(i).memoryGradient());
        }
        targetEmbedding.backward(targetPositions.backward(targetDropout.backward(g)));
        encoder.backward(dMemory);
        return null;
    }

    /**
     * Greedy translation: starts each target with {@code bos} and appends the highest-scoring token until
     * every row has produced {@code eos} or has {@code maxLen} tokens. Returns the ids (N, ≤ maxLen), bos first.
     * The source is encoded once ({@link #encode}); each step runs the decoder on the newest token only,
     * each block keeping the keys and values of the earlier positions ({@link #startDecoding}), and
     * scores that one position.
     */
    public INDArray greedyDecode(INDArray sourceIds, INDArray sourceMask, int bos, int eos, int maxLen) {
        long n = sourceIds.size(0);
        CachedDecoding decoding = startDecoding(encode(sourceIds, sourceMask), sourceMask);
        INDArray target = Nd4j.valueArrayOf(new long[]{n, 1}, bos, DataType.INT), next = target;
        boolean[] done = new boolean[(int) n];
        for (int t = 1; t < maxLen; t++) {
            next = decoding.next(next).argMax(1).castTo(DataType.INT).reshape(n, 1);
            boolean all = EndedRows.update(next, done, eos);
            target = Nd4j.hstack(target, next);
            if (all) break;
        }
        return target;
    }

    /**
     * Decoding one token at a time with a key-value cache ({@link CachedDecoding}) over the memory
     * (N, S, d) of {@link #encode} and its padding mask (N, S) or null.
     */
    public CachedDecoding startDecoding(INDArray memory, INDArray sourceMask) {
        if (memory == null || memory.rank() != 3)
            throw new IllegalArgumentException("startDecoding takes the memory (N, S, d) of encode(), got "
                    + (memory == null ? "null" : Arrays.toString(memory.shape())) + ".");
        return new CachedDecoding(this, memory, sourceMask);
    }

    /** The encoder's output, the memory (N, S, d), for source ids (N, S) and their padding mask (N, S) or null; evaluation mode. */
    public INDArray encode(INDArray sourceIds, INDArray sourceMask) {
        return StepMemory.predict(() -> encoder.forward(sourceIds, sourceMask, false));
    }

    /**
     * The scores (N, targetVocab) of the token that follows each row of {@code target} (N, T): the
     * decoder on the whole prefix (causal, so position T − 1 sees all of it) reading the memory of
     * {@link #encode}, the output layer on the last position only. Evaluation mode. Equal to the last
     * position of {@code predict(Inputs.of(source, target))}, without encoding the source again and
     * without scoring the T − 1 positions already decided.
     */
    public INDArray nextScores(INDArray memory, INDArray sourceMask, INDArray target) {
        if (memory == null || memory.rank() != 3 || target == null || target.rank() != 2 || target.size(0) != memory.size(0))
            throw new IllegalArgumentException("nextScores takes the memory (N, S, d) of encode() and target ids (N, T), got "
                    + (memory == null ? "null" : Arrays.toString(memory.shape())) + " and " + (target == null ? "null" : Arrays.toString(target.shape())) + ".");
        long t = target.size(1);
        return StepMemory.predict(() -> {
            INDArray h = targetPositions.forward(targetEmbedding.forward(target, false), false);
            for (TransformerDecoderBlock block : decoder) h = block.forward(h, null, memory, sourceMask, false);
            INDArray last = h.get(NDArrayIndex.all(), NDArrayIndex.point(t - 1), NDArrayIndex.all()).dup();   // (N, d)
            return out.forward(decoderNorm.forward(last, false), false);
        });
    }

    @Override
    public List<Parameter> parameters() {
        List<Model> parts = new ArrayList<>(List.of(encoder, targetEmbedding));
        parts.addAll(decoder);
        parts.addAll(List.of(decoderNorm, out));
        return Parameters.of(parts.toArray(Model[]::new));
    }

    @Override
    public void castTo(DataType type) {
        encoder.castTo(type);
        targetEmbedding.castTo(type);
        for (TransformerDecoderBlock b : decoder) b.castTo(type);
        decoderNorm.castTo(type);
        out.castTo(type);
    }

    @Override
    public String toString() {
        long encoderBlocks = encoder.layers().stream().filter(l -> l instanceof TransformerEncoderBlock).count();
        return "Transformer(" + encoderBlocks + "+" + decoder.size() + " layers, d " + targetEmbedding.dim() + ", " + decoder.get(0).selfAttention().numHeads()
                + " heads, " + (sharesEmbedding() ? "one vocabulary of " : "target vocab ") + targetEmbedding.vocabSize() + ", dropout " + dropout + ")";
    }
}
