package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.core.Sequential;

import java.util.List;

/**
 * One block of a Transformer encoder, pre-norm (Vaswani et al., 2017; the normalisation before each
 * sub-layer as in Xiong et al., 2020, "On Layer Normalization in the Transformer Architecture", which
 * trains without a learning-rate warm-up):
 * <pre>
 *   h = x + Dropout(MultiHeadAttention(LayerNorm(x)))        self-attention over the real positions
 *   y = h + Dropout(FF(LayerNorm(h)))                         FF = Dense(d, dFF) → ReLU → Dropout → Dense(dFF, d)
 * </pre>
 * The same as PyTorch's {@code nn.TransformerEncoderLayer(d, heads, dFF, dropout, batch_first=True,
 * norm_first=True)}, dropout also on the attention weights. A stack of blocks ends with a final
 * {@link LayerNorm}. With {@link #causal(boolean) causal(true)} it is the block of a decoder-only
 * language model (PyTorch: the same layer given a causal src_mask).
 *
 * <p>Shapes: x (N, T, d) → y (N, T, d); the batch's padding mask (N, T), 1 at real tokens, hides the
 * padding from attention (a {@link Sequential} hands it over).
 * <pre>{@code Sequential.of(new Embedding(vocab, 128), new SinusoidalPositions(256, 128),
 *               new TransformerEncoderBlock(128, 4, 512, 0.1), new TransformerEncoderBlock(128, 4, 512, 0.1), new LayerNorm(128))}</pre>
 */
public final class TransformerEncoderBlock implements MaskedLayer {
    private final LayerNorm norm1, norm2;
    private final MultiHeadAttention attention;
    private final Sequential feedForward;
    private final Dropout drop1, drop2;
    private final double dropout;

    public TransformerEncoderBlock(int dModel, int numHeads, int dFF, double dropout) {
        this(new LayerNorm(dModel), new MultiHeadAttention(dModel, numHeads, dropout), new LayerNorm(dModel),
                Sequential.of(new Dense(dModel, dFF), new ReLU(), new Dropout(dropout), new Dense(dFF, dModel)), dropout);
    }

    /** A block from its parts (ModelIO rebuilds one this way): the norms before attention and FF, the attention, FF, the residual dropout. */
    public TransformerEncoderBlock(LayerNorm norm1, MultiHeadAttention attention, LayerNorm norm2, Sequential feedForward, double dropout) {
        if (norm1 == null || attention == null || norm2 == null || feedForward == null)
            throw new IllegalArgumentException("TransformerEncoderBlock needs two LayerNorms, a MultiHeadAttention and a feed-forward Sequential.");
        this.norm1 = norm1;
        this.attention = attention;
        this.norm2 = norm2;
        this.feedForward = feedForward;
        this.dropout = dropout;
        this.drop1 = new Dropout(dropout);
        this.drop2 = new Dropout(dropout);
    }

    /**
     * Makes the self-attention causal (position t sees 0..t): the block of a decoder-only language model
     * (GPT: Radford et al., 2018), {@code Sequential.of(embed, new LearnedPositions(T, d), block.causal(true), ..., new LayerNorm(d), new TiedDense(embed))}.
     * Returns this block.
     */
    public TransformerEncoderBlock causal(boolean causal) { attention.causal(causal); return this; }

    public boolean isCausal() { return attention.isCausal(); }

    public LayerNorm norm1() { return norm1; }

    public MultiHeadAttention attention() { return attention; }

    public LayerNorm norm2() { return norm2; }

    public Sequential feedForward() { return feedForward; }

    public double dropout() { return dropout; }

    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        INDArray h = x.add(drop1.forward(attention.forward(norm1.forward(x, training), mask, training), training));
        return h.add(drop2.forward(feedForward.forward(norm2.forward(h, training), training), training));
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray dh = gradOut.add(norm2.backward(feedForward.backward(drop2.backward(gradOut))));     // both paths into h
        return dh.add(norm1.backward(attention.backward(drop1.backward(dh))));
    }

    @Override
    public List<Parameter> parameters() { return Parameters.of(norm1, attention, norm2, feedForward); }

    @Override
    public void castTo(DataType type) { for (var part : List.of(norm1, attention, norm2, feedForward)) part.castTo(type); }

    @Override
    public String toString() { return "TransformerEncoderBlock(" + attention.dModel() + ", " + attention.numHeads() + " heads, dFF "
            + ((Dense) feedForward.get(0)).outFeatures() + ", dropout " + dropout + (isCausal() ? ", causal" : "") + ")"; }
}
