package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.LstmKernel;

import java.util.ArrayList;
import java.util.List;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Long short-term memory (Hochreiter and Schmidhuber, 1997; with the forget gate of Gers et al., 2000).
 * The state is two arrays, h (the output) and the cell c. At each step t:
 * <pre>
 *    [a_i a_f a_g a_o] = x_t Wx + h_(t−1) Wh + b        four blocks of hidden columns, in PyTorch's order
 *    i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)   input, forget, candidate, output
 *    c_t = f ⊙ c_(t−1) + i ⊙ g
 *    h_t = o ⊙ tanh(c_t)
 * </pre>
 * Wx (inFeatures, 4·hidden), Wh (hidden, 4·hidden), b (1, 4·hidden). The cell is updated by addition,
 * so its gradient passes back through ⊙ f, not through a weight matrix: with f near 1 it survives many
 * steps, where an {@link RNN}'s vanishes.
 *
 * <p>Backward through one step, given dh and dc (from the output and the later steps):
 * <pre>
 *    dc  += dh ⊙ o ⊙ (1 − tanh²(c_t))        do = dh ⊙ tanh(c_t)
 *    di = dc ⊙ g   df = dc ⊙ c_(t−1)   dg = dc ⊙ i   dc_(t−1) = dc ⊙ f
 *    da = [di ⊙ i(1−i), df ⊙ f(1−f), dg ⊙ (1−g²), do ⊙ o(1−o)]
 *    dWx += x_tᵀ da   dWh += h_(t−1)ᵀ da   db += Σₙ da   dx_t = da Wxᵀ   dh_(t−1) = da Whᵀ
 * </pre>
 * PyTorch's {@code nn.LSTM} has two biases, b_ih + b_hh; their sum is our b. Its weight_ih is our Wxᵀ.
 */
public final class LSTM extends Recurrent {
    private final Parameter wx, wh, b;
    private final List<INDArray[]> memory = new ArrayList<>();       // per step: x, h_(t−1), c_(t−1), i, f, g, o, tanh(c_t)
    private LstmKernel fast;                                          // the same in a few large operations (org.nnbook.kernels)

    public LSTM(int inFeatures, int hidden) {
        super(inFeatures, hidden);
        wx = uniform("Wx", hidden, inFeatures, 4L * hidden);
        wh = uniform("Wh", hidden, hidden, 4L * hidden);
        b = uniform("b", hidden, 1, 4L * hidden).regularized(false);
    }

    @Override
    protected int stateSize() { return 2; }

    @Override
    protected void startSequence() { memory.clear(); }

    @Override
    protected INDArray[] step(INDArray x, INDArray[] s) {
        INDArray h = s[0], c = s[1];
        INDArray a = x.mmul(wx.value()).addi(h.mmul(wh.value())).addi(b.value());
        INDArray i = Transforms.sigmoid(block(a, 0), true);
        INDArray f = Transforms.sigmoid(block(a, 1), true);
        INDArray g = Transforms.tanh(block(a, 2), true);
        INDArray o = Transforms.sigmoid(block(a, 3), true);
        INDArray cNew = f.mul(c).addi(i.mul(g));                                 // c_t = f ⊙ c_(t−1) + i ⊙ g
        INDArray tanhC = Transforms.tanh(cNew, true);
        memory.add(new INDArray[]{x, h, c, i, f, g, o, tanhC});
        return new INDArray[]{o.mul(tanhC), cNew};                               // h_t = o ⊙ tanh(c_t)
    }

    @Override
    protected INDArray[] stepBackward(int t, INDArray[] dState) {
        INDArray[] m = memory.get(t);
        INDArray x = m[0], h = m[1], c = m[2], i = m[3], f = m[4], g = m[5], o = m[6], tanhC = m[7];
        INDArray dh = dState[0];
        INDArray dc = dState[1].add(dh.mul(o).muli(tanhC.mul(tanhC).rsubi(1)));  // dc += dh ⊙ o ⊙ (1 − tanh²(c_t))
        INDArray da = Nd4j.hstack(
                dc.mul(g).muli(i.mul(i.rsub(1))),                                // di ⊙ σ'
                dc.mul(c).muli(f.mul(f.rsub(1))),                                // df ⊙ σ'
                dc.mul(i).muli(g.mul(g).rsubi(1)),                               // dg ⊙ tanh'
                dh.mul(tanhC).muli(o.mul(o.rsub(1))));                           // do ⊙ σ'
        wx.grad().addi(x.transpose().mmul(da));
        wh.grad().addi(h.transpose().mmul(da));
        b.grad().addi(da.sum(true, 0));
        return new INDArray[]{da.mmul(wx.value().transpose()), da.mmul(wh.value().transpose()), dc.mul(f)};
    }

    @Override
    protected INDArray[] fastForward(INDArray x, INDArray mask, INDArray[] start, boolean allSteps, boolean keep) {
        if (!LstmKernel.applies(x, wx.value(), wh.value(), wx.grad(), wh.grad())) return null;
        if (fast == null) fast = new LstmKernel();
        INDArray out = fast.forward(x, mask, start[0], start[1], wx.value(), wh.value(), b.value(), allSteps, keep);
        INDArray[] last = fast.lastState();
        return new INDArray[]{out, last[0], last[1]};
    }

    @Override
    protected INDArray fastBackward(INDArray gradOut, boolean allSteps) {
        return fast.backward(gradOut, allSteps, wx.value(), wh.value(), wx.grad(), wh.grad(), b.grad());
    }

    /** Gate k's block of hidden columns (0 input, 1 forget, 2 candidate, 3 output). */
    private INDArray block(INDArray a, int k) { return a.get(all(), interval((long) k * hidden, (long) (k + 1) * hidden)); }

    /** Wx (inFeatures, 4·hidden): the blocks of i, f, g, o. */
    public Parameter inputWeight() { return wx; }

    /** Wh (hidden, 4·hidden). */
    public Parameter recurrentWeight() { return wh; }

    /** b (1, 4·hidden); e.g. {@code lstm.bias().value().get(all(), interval(h, 2*h)).assign(1)} starts the forget gate open. */
    public Parameter bias() { return b; }

    @Override
    public List<Parameter> parameters() { return List.of(wx, wh, b); }
}
