package org.nnbook.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.layers.TransformerDecoderBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Transformer}'s decoder run one token at a time with a <b>key-value cache</b>: each block
 * keeps the keys and values of the positions decoded so far and the keys and values of the encoder's
 * memory, so a new token costs the work of one position, not of the whole prefix again. The decoder
 * is causal: an earlier position's output, and so its keys and values, never change when tokens are
 * appended. Evaluation only (no dropout, nothing kept for a backward pass).
 *
 * <pre>{@code
 * CachedDecoding d = model.startDecoding(model.encode(source, mask), mask);
 * INDArray scores = d.next(bosColumn);          // (N, vocab): the first French token's scores
 * scores = d.next(chosen);                      // then the second's, given the chosen first tokens ...
 * }</pre>
 * Each call's scores equal the last position of {@link Transformer#nextScores} on the prefix decoded so far.
 */
public final class CachedDecoding {
    private final Transformer model;
    private final INDArray memoryMask;
    private final List<INDArray[]> memoryKeysValues = new ArrayList<>(), selfCaches = new ArrayList<>();
    private final long rows;
    private long position;

    CachedDecoding(Transformer model, INDArray memory, INDArray memoryMask) {
        this.model = model;
        this.memoryMask = memoryMask;
        this.rows = memory.size(0);
        for (TransformerDecoderBlock block : model.decoder()) {
            memoryKeysValues.add(block.crossAttention().keysAndValues(memory));     // once: the memory does not change
            selfCaches.add(new INDArray[2]);
        }
    }

    /** Positions decoded so far. */
    public long position() { return position; }

    /** The scores (N, vocab) of the token after {@code tokens} (N, 1), each row's newest token. */
    public INDArray next(INDArray tokens) {
        if (tokens == null || tokens.rank() != 2 || tokens.size(0) != rows || tokens.size(1) != 1)
            throw new IllegalArgumentException("CachedDecoding.next takes the newest token of each of the " + rows + " rows as (" + rows
                    + ", 1) ids, got " + (tokens == null ? "null" : java.util.Arrays.toString(tokens.shape())) + ".");
        INDArray h = model.targetPositions().forward(model.targetEmbedding().forward(tokens, false), position++);   // (N, 1, d)
        for (int i = 0; i < model.decoder().size(); i++)
            h = model.decoder().get(i).step(h, selfCaches.get(i), memoryKeysValues.get(i), memoryMask);
        return model.output().forward(model.decoderNorm().forward(h.reshape('c', rows, h.size(2)), false), false);
    }
}
