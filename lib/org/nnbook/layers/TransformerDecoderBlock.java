package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.core.Sequential;

import java.util.List;

/**
 * One block of a Transformer decoder, pre-norm (Vaswani et al., 2017; Xiong et al., 2020): causal
 * self-attention over the target so far, attention to the encoder's output (the memory), then a
 * feed-forward network, each with a residual connection:
 * <pre>
 *   h₁ = x + Dropout(CausalSelfAttention(LayerNorm(x)))
 *   h₂ = h₁ + Dropout(CrossAttention(LayerNorm(h₁), memory))    queries from h₁, keys and values from the memory
 *   y  = h₂ + Dropout(FF(LayerNorm(h₂)))                          FF = Dense(d, dFF) → ReLU → Dropout → Dense(dFF, d)
 * </pre>
 * The same as PyTorch's {@code nn.TransformerDecoderLayer(d, heads, dFF, dropout, batch_first=True,
 * norm_first=True)} with a causal tgt_mask. The memory is used as it comes (the encoder's final
 * LayerNorm normalises it).
 *
 * <p>It has two inputs, so it is a {@link Model}, not a layer of a Sequential: a model class calls
 * {@link #forward(INDArray, INDArray, INDArray, INDArray, boolean)} for each block in order, then
 * {@link #backward} in reverse, adding each block's {@link #memoryGradient()} into the memory's
 * gradient (the memory feeds every block). Shapes: x (N, T, d), its padding mask (N, T) or null;
 * memory (N, S, d), its padding mask (N, S) or null; y (N, T, d).
 */
public final class TransformerDecoderBlock implements Model {
    private final LayerNorm norm1, norm2, norm3;
    private final MultiHeadAttention selfAttention, crossAttention;
    private final Sequential feedForward;
    private final Dropout drop1, drop2, drop3;
    private final double dropout;
    private INDArray memoryGrad;

    public TransformerDecoderBlock(int dModel, int numHeads, int dFF, double dropout) {
        this(new LayerNorm(dModel), new MultiHeadAttention(dModel, numHeads, dropout).causal(true), new LayerNorm(dModel),
                new MultiHeadAttention(dModel, numHeads, dropout), new LayerNorm(dModel),
                Sequential.of(new Dense(dModel, dFF), new ReLU(), new Dropout(dropout), new Dense(dFF, dModel)), dropout);
    }

    /** A block from its parts (ModelIO rebuilds one this way); selfAttention should be causal. */
    public TransformerDecoderBlock(LayerNorm norm1, MultiHeadAttention selfAttention, LayerNorm norm2, MultiHeadAttention crossAttention,
                                   LayerNorm norm3, Sequential feedForward, double dropout) {
        if (norm1 == null || selfAttention == null || norm2 == null || crossAttention == null || norm3 == null || feedForward == null)
            throw new IllegalArgumentException("TransformerDecoderBlock needs three LayerNorms, two MultiHeadAttentions and a feed-forward Sequential.");
        this.norm1 = norm1;
        this.selfAttention = selfAttention;
        this.norm2 = norm2;
        this.crossAttention = crossAttention;
        this.norm3 = norm3;
        this.feedForward = feedForward;
        this.dropout = dropout;
        this.drop1 = new Dropout(dropout);
        this.drop2 = new Dropout(dropout);
        this.drop3 = new Dropout(dropout);
    }

    public LayerNorm norm1() { return norm1; }

    public MultiHeadAttention selfAttention() { return selfAttention; }

    public LayerNorm norm2() { return norm2; }

    public MultiHeadAttention crossAttention() { return crossAttention; }

    public LayerNorm norm3() { return norm3; }

    public Sequential feedForward() { return feedForward; }

    public double dropout() { return dropout; }

    /** The block on target x (N, T, d) with its mask (N, T) and the encoder's memory (N, S, d) with its mask (N, S); masks may be null. */
    public INDArray forward(INDArray x, INDArray mask, INDArray memory, INDArray memoryMask, boolean training) {
        memoryGrad = null;
        INDArray h1 = x.add(drop1.forward(selfAttention.forward(norm1.forward(x, training), mask, training), training));
        INDArray h2 = h1.add(drop2.forward(crossAttention.forward(norm2.forward(h1, training), memory, memoryMask, training), training));
        return h2.add(drop3.forward(feedForward.forward(norm3.forward(h2, training), training), training));
    }

    /**
     * Evaluation, for a decoder that adds one position at a time: x (N, 1, d) is the new position,
     * {@code selfCache} holds the self-attention's keys and values of the earlier positions ({null,
     * null} at the first) and gets the new position's appended, and {@code memoryKeysValues} are
     * {@code crossAttention().keysAndValues(memory)}, made once. Returns the block's output at the new
     * position, equal to the last position of {@link #forward} on the whole prefix: attention is
     * causal, so the earlier positions' outputs, and their keys and values, do not change.
     */
    public INDArray step(INDArray x, INDArray[] selfCache, INDArray[] memoryKeysValues, INDArray memoryMask) {
        INDArray a = norm1.forward(x, false);
        INDArray[] now = selfAttention.keysAndValues(a);
        for (int i = 0; i < 2; i++) selfCache[i] = selfCache[i] == null ? now[i] : Nd4j.concat(1, selfCache[i], now[i]);
        INDArray h1 = x.add(selfAttention.attend(a, selfCache[0], selfCache[1], null));
        INDArray h2 = h1.add(crossAttention.attend(norm2.forward(h1, false), memoryKeysValues[0], memoryKeysValues[1], memoryMask));
        return h2.add(feedForward.forward(norm3.forward(h2, false), false));
    }

    /** {@code Inputs.of(x, memory)} or {@code Inputs.of(x, memory, memoryMask)}, with x's padding mask as the batch's mask. */
    @Override
    public INDArray forward(Inputs inputs, boolean training) {
        if (inputs.count() < 2 || inputs.count() > 3)
            throw new IllegalArgumentException(this + " takes Inputs.of(x, memory) or Inputs.of(x, memory, memoryMask), got " + inputs + ".");
        return forward(inputs.get(0), inputs.mask(), inputs.get(1), inputs.count() == 3 ? inputs.get(2) : null, training);
    }

    /** dL/dx; dL/d(memory) is then {@link #memoryGradient()}. */
    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray dh2 = gradOut.add(norm3.backward(feedForward.backward(drop3.backward(gradOut))));
        INDArray dh1 = dh2.add(norm2.backward(crossAttention.backward(drop2.backward(dh2))));
        memoryGrad = crossAttention.memoryGradient();
        return dh1.add(norm1.backward(selfAttention.backward(drop1.backward(dh1))));
    }

    /** dL/d(memory) (N, S, d) of the last backward. */
    public INDArray memoryGradient() {
        if (memoryGrad == null) throw new IllegalStateException(this + ": memoryGradient() is there after backward.");
        return memoryGrad;
    }

    @Override
    public List<Parameter> parameters() { return Parameters.of(norm1, selfAttention, norm2, crossAttention, norm3, feedForward); }

    @Override
    public void castTo(DataType type) { for (Model part : List.of(norm1, selfAttention, norm2, crossAttention, norm3, feedForward)) part.castTo(type); }

    @Override
    public String toString() { return "TransformerDecoderBlock(" + selfAttention.dModel() + ", " + selfAttention.numHeads() + " heads, dFF "
            + ((Dense) feedForward.get(0)).outFeatures() + ", dropout " + dropout + ")"; }
}
