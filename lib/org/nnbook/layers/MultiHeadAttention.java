package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.DenseKernel;
import org.nnbook.kernels.StepMemory;

import java.util.List;

/**
 * Multi-head scaled dot-product attention (Vaswani et al., 2017, "Attention Is All You Need"). Each
 * query position asks every key position how relevant it is and takes the weighted mean of their
 * values: with Q = xq Wq + bq, K = xkv Wk + bk, V = xkv Wv + bv split into h heads of d/h features,
 * each head computes {@code A = softmax(Q Kᵀ / √(d/h))} over the keys and {@code A V}; the heads are
 * put side by side and projected, {@code y = [head₁, …, head_h] Wo + bo}.
 *
 * <pre>{@code
 * var self = new MultiHeadAttention(128, 4).causal(true);  // a decoder's self-attention: t sees 0..t
 * INDArray y = self.forward(x, mask, true);                 // x (N, T, 128), mask (N, T) or null
 * var cross = new MultiHeadAttention(128, 4);               // queries from x, keys and values from the memory
 * INDArray z = cross.forward(x, memory, memoryMask, true);  // x (N, Tq, 128), memory (N, Tk, 128)
 * INDArray dx = cross.backward(g), dMemory = cross.memoryGradient();
 * }</pre>
 *
 * <p>Shapes: x (N, Tq, D) → y (N, Tq, D); memory (N, Tk, D); masks (N, Tk), 1 at real keys and 0 at
 * padding (the library's convention; PyTorch's key_padding_mask is the opposite, True = ignore);
 * {@link #lastWeights()} (N, heads, Tq, Tk). Wq, Wk, Wv, Wo (D, D) as {@code x W} (PyTorch's
 * in_proj_weight rows q, k, v and out_proj.weight, transposed), biases (1, D), started as PyTorch's.
 *
 * <p>Masks: a masked key (padding, or a later position when {@link #causal}) gets weight exactly 0.
 * A query whose keys are all masked gets all-zero weights, so its output is bo (PyTorch gives NaN).
 * Padded query positions are computed like the others; the loss should ignore them. Dropout on the
 * weights (rate {@code dropout}, only in training) zeroes some and scales the rest by 1/(1 − rate).
 *
 * <p>Backward, per head, with P the weights and S = Q Kᵀ/√dₖ: dV = Pᵀ dA, dP = dA Vᵀ,
 * dS = P ⊙ (dP − Σ_k dP ⊙ P), dQ = dS K/√dₖ, dK = dSᵀ Q/√dₖ, then through the projections.
 */
public final class MultiHeadAttention implements MaskedLayer {
    private final int dModel, numHeads, headDim;
    private final double dropout;
    private boolean causal;
    private final Parameter wq, bq, wk, bk, wv, bv, wo, bo;
    private INDArray xq, xkv;                  // the last inputs as rows (N·Tq, D), (N·Tk, D)
    private INDArray q, k, v, p, pUsed, drop;  // per head (N·h, T, dₖ); weights (N·h, Tq, Tk) before and after dropout
    private INDArray heads;                    // [head₁, …, head_h] as rows (N·Tq, D)
    private INDArray kept, memoryGrad;
    private final DenseKernel fastQ = new DenseKernel(), fastK = new DenseKernel(), fastV = new DenseKernel(), fastO = new DenseKernel();
    private long n, tq, tk;
    private boolean cross;

    public MultiHeadAttention(int dModel, int numHeads) { this(dModel, numHeads, 0); }

    /** With dropout on the attention weights at rate {@code dropout} in [0, 1) during training. */
    public MultiHeadAttention(int dModel, int numHeads, double dropout) {
        if (dModel < 1 || numHeads < 1 || dModel % numHeads != 0)
            throw new IllegalArgumentException("MultiHeadAttention needs numHeads >= 1 dividing dModel (each head gets dModel / numHeads"
                    + " features), got dModel " + dModel + ", numHeads " + numHeads + ".");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("MultiHeadAttention's dropout must be in [0, 1), got " + dropout + ".");
        this.dModel = dModel;
        this.numHeads = numHeads;
        this.headDim = dModel / numHeads;
        this.dropout = dropout;
        double in = Math.sqrt(6.0 / (4 * dModel)), out = 1 / Math.sqrt(dModel);   // Glorot for q, k, v together; Linear's default for Wo
        wq = weight("Wq", in); wk = weight("Wk", in); wv = weight("Wv", in); wo = weight("Wo", out);
        bq = bias("bq"); bk = bias("bk"); bv = bias("bv"); bo = bias("bo");
    }

    private Parameter weight(String name, double bound) {
        return new Parameter(name, Nd4j.rand(Nd4j.defaultFloatingPointType(), dModel, dModel).muli(2 * bound).subi(bound));
    }

    private Parameter bias(String name) { return new Parameter(name, Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, dModel)).regularized(false); }

    /** Whether position t attends only to keys 0..t (a decoder's self-attention); returns this layer. */
    public MultiHeadAttention causal(boolean causal) { this.causal = causal; return this; }

    public boolean isCausal() { return causal; }

    public int dModel() { return dModel; }

    public int numHeads() { return numHeads; }

    public double dropout() { return dropout; }

    /** Self-attention: queries, keys and values all from x (N, T, D); mask (N, T) marks the real keys (null: all). */
    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        cross = false;
        return attend(x, x, mask, training);
    }

    /** Cross-attention: queries from x (N, Tq, D), keys and values from memory (N, Tk, D), whose real positions memoryMask (N, Tk) marks. */
    public INDArray forward(INDArray x, INDArray memory, INDArray memoryMask, boolean training) {
        cross = true;
        return attend(x, memory, memoryMask, training);
    }

    private INDArray attend(INDArray x, INDArray memory, INDArray mask, boolean training) {
        check(x, "x (queries)", -1);
        n = x.size(0); tq = x.size(1);
        check(memory, "the memory (keys and values)", n);
        tk = memory.size(1);
        if (mask != null && (mask.rank() != 2 || mask.size(0) != n || mask.size(1) != tk))
            throw new ShapeException(this + ": the key padding mask must be (N, Tk) = [" + n + ", " + tk + "], 1 at real keys, but got "
                    + Shapes.of(mask) + ".");
        if (causal && tq != tk) throw new ShapeException(this + ": a causal mask needs as many queries as keys, got Tq " + tq + ", Tk " + tk + ".");
        memoryGrad = null;
        xq = x.reshape('c', n * tq, dModel);
        xkv = memory.reshape('c', n * tk, dModel);
        q = Attention.split(project(xq, wq, bq), n, tq, numHeads);
        INDArray[] keysValues = keysAndValues(memory);
        k = keysValues[0];
        v = keysValues[1];
        INDArray scores = Nd4j.matmul(q, k, false, true, false).muli(1 / Math.sqrt(headDim));       // Q Kᵀ / √dₖ, (N·h, Tq, Tk)
        p = Attention.softmax(scores, Attention.allowed(mask, causal, n, numHeads, tq, tk, x.dataType()));
        drop = training && dropout > 0 ? Attention.dropoutMask(p, dropout) : null;
        pUsed = drop == null ? p : p.mul(drop);
        heads = Attention.merge(Nd4j.matmul(pUsed, v), n, tq, numHeads);                             // [head₁, …, head_h]
        if (!training) kept = StepMemory.lasting(() -> p.reshape('c', n, numHeads, tq, tk).dup());
        return project(heads, wo, bo).reshape('c', n, tq, dModel);
    }

    /**
     * For decoding one position at a time: the keys and values of {@code memory} (N, Tk, D), each
     * per head (N·h, Tk, dₖ). A decoder computes them once for the encoder's memory, and for its own
     * earlier positions keeps them and appends each new position's ({@link #attend}).
     */
    public INDArray[] keysAndValues(INDArray memory) {
        check(memory, "the memory (keys and values)", -1);
        long n = memory.size(0), t = memory.size(1);
        INDArray rows = memory.reshape('c', n * t, dModel);
        return new INDArray[]{Attention.split(project(rows, wk, bk), n, t, numHeads), Attention.split(project(rows, wv, bv), n, t, numHeads)};
    }

    /**
     * Evaluation with keys and values already made ({@link #keysAndValues}): the queries x (N, Tq, D)
     * attend to every key not masked out by {@code mask} (N, Tk) or null; no causal mask, since a
     * decoder's cache holds only the positions up to the current one. The same as {@link #forward}
     * on the inputs the keys and values came from; keeps nothing for a backward pass.
     */
    public INDArray attend(INDArray x, INDArray keys, INDArray values, INDArray mask) {
        check(x, "x (queries)", -1);
        long n = x.size(0), queries = x.size(1), keyCount = keys.size(1);
        if (keys.size(0) != n * numHeads || values.size(0) != n * numHeads || values.size(1) != keyCount)
            throw new ShapeException(this + ": keys and values must be (N·h, Tk, dₖ) with N·h = " + n * numHeads + ", got " + Shapes.of(keys)
                    + " and " + Shapes.of(values) + ".");
        INDArray queryHeads = Attention.split(project(x.reshape('c', n * queries, dModel), wq, bq), n, queries, numHeads);
        INDArray scores = Nd4j.matmul(queryHeads, keys, false, true, false).muli(1 / Math.sqrt(headDim));
        INDArray weights = Attention.softmax(scores, Attention.allowed(mask, false, n, numHeads, queries, keyCount, x.dataType()));
        return project(Attention.merge(Nd4j.matmul(weights, values), n, queries, numHeads), wo, bo).reshape('c', n, queries, dModel);
    }

    private INDArray project(INDArray rows, Parameter w, Parameter b) {
        return DenseKernel.applies(rows, w.value(), b.value())
                ? kernel(w).forward(rows, w.value(), b.value())                // the same, by direct BLAS calls (org.nnbook.kernels)
                : Nd4j.gemm(rows, w.value(), false, false).addi(b.value());   // rows W + b
    }

    private void check(INDArray a, String what, long rows) {
        if (a == null || a.rank() != 3 || a.size(2) != dModel || (rows >= 0 && a.size(0) != rows))
            throw new ShapeException(this + " expects " + what + " of shape (N, T, " + dModel + ")" + (rows >= 0 ? " with N = " + rows : "")
                    + " but got " + (a == null ? "null" : Shapes.of(a)) + ". A sequence of token ids needs an Embedding (and positions) first.");
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (heads == null) throw new IllegalStateException(this + ": backward called before forward.");
        if (gradOut.length() != n * tq * dModel)
            throw new ShapeException(this + ": backward expects dL/dy of shape [" + n + ", " + tq + ", " + dModel + "] but got " + Shapes.of(gradOut) + ".");
        INDArray g = gradOut.reshape('c', n * tq, dModel);
        INDArray dHeads = backProject(g, heads, wo, bo);
        INDArray dA = Attention.split(dHeads, n, tq, numHeads);                                  // (N·h, Tq, dₖ)
        INDArray dV = Nd4j.matmul(pUsed, dA, true, false, false);                                 // Pᵀ dA
        INDArray dP = Nd4j.matmul(dA, v, false, true, false);                                     // dA Vᵀ
        if (drop != null) dP.muli(drop);
        INDArray dS = Attention.softmaxBackward(p, dP).muli(1 / Math.sqrt(headDim));
        INDArray dQ = Nd4j.matmul(dS, k), dK = Nd4j.matmul(dS, q, true, false, false);
        INDArray dx = backProject(Attention.merge(dQ, n, tq, numHeads), xq, wq, bq);
        INDArray dMemory = backProject(Attention.merge(dK, n, tk, numHeads), xkv, wk, bk)
                .addi(backProject(Attention.merge(dV, n, tk, numHeads), xkv, wv, bv));
        if (!cross) return dx.addi(dMemory).reshape('c', n, tq, dModel);
        memoryGrad = dMemory.reshape('c', n, tk, dModel);
        return dx.reshape('c', n, tq, dModel);
    }

    /** For rows = in W + b and dL/drows g: dW += inᵀ g, db += Σ g; returns dL/din = g Wᵀ. */
    private INDArray backProject(INDArray g, INDArray in, Parameter w, Parameter b) {
        if (DenseKernel.applies(in, g, w.value(), w.grad(), b.grad())) {
            INDArray dIn = kernel(w).backward(in, g, w.value(), w.grad(), b.grad());   // the same (null when in is data)
            return dIn != null ? dIn : Nd4j.gemm(g, w.value(), false, true);
        }
        w.grad().addi(Nd4j.gemm(in, g, true, false));
        b.grad().addi(g.sum(true, 0));
        return Nd4j.gemm(g, w.value(), false, true);
    }

    /** The kernel of one projection (each keeps a column of ones of its own row count). */
    private DenseKernel kernel(Parameter w) { return w == wq ? fastQ : w == wk ? fastK : w == wv ? fastV : fastO; }

    /** dL/d(memory) (N, Tk, D) of the last backward after a cross-attention forward. */
    public INDArray memoryGradient() {
        if (!cross || memoryGrad == null)
            throw new IllegalStateException(this + ": memoryGradient() is there after backward of a cross-attention forward(x, memory, mask, training);"
                    + " in self-attention the memory is x, and backward's result includes it.");
        return memoryGrad;
    }

    /** The attention weights (N, heads, Tq, Tk) of the last evaluation-mode forward (predict), for heatmaps: rows sum to 1 (0 where all keys are masked). */
    public INDArray lastWeights() {
        if (kept == null) throw new IllegalStateException(this + ": no weights yet; run an evaluation forward first (forward(x, mask, false) or predict).");
        return kept;
    }

    /** Wq, bq, Wk, bk, Wv, bv, Wo, bo. */
    @Override
    public List<Parameter> parameters() { return List.of(wq, bq, wk, bk, wv, bv, wo, bo); }

    @Override
    public String toString() {
        return "MultiHeadAttention(" + dModel + ", " + numHeads + " heads" + (causal ? ", causal" : "") + (dropout > 0 ? ", dropout " + dropout : "") + ")";
    }
}
