package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * The simple (Elman) recurrent layer: at each step t,
 * <pre>    h_t = tanh(x_t Wx + h_(t−1) Wh + b)</pre>
 * Wx (inFeatures, hidden), Wh (hidden, hidden), b (1, hidden). Sequences, padding, the last state and
 * carried state are as in {@link Recurrent}.
 *
 * <p>Backward through one step, for g = dL/dh_t: a = g ⊙ (1 − h_t²) (through tanh), then
 * {@code dWx += x_tᵀ a}, {@code dWh += h_(t−1)ᵀ a}, {@code db += Σₙ a}, {@code dx_t = a Wxᵀ},
 * {@code dh_(t−1) = a Whᵀ}. Multiplying by Whᵀ and (1 − h²) at every step is why the gradient of a
 * long sequence vanishes or explodes.
 *
 * <p>PyTorch's {@code nn.RNN} has two biases, b_ih + b_hh; their sum is our b.
 */
public final class RNN extends Recurrent {
    private final Parameter wx, wh, b;
    private final List<INDArray> xs = new ArrayList<>(), hPrev = new ArrayList<>(), hNew = new ArrayList<>();

    public RNN(int inFeatures, int hidden) {
        super(inFeatures, hidden);
        wx = uniform("Wx", hidden, inFeatures, hidden);
        wh = uniform("Wh", hidden, hidden, hidden);
        b = uniform("b", hidden, 1, hidden).regularized(false);
    }

    @Override
    protected int stateSize() { return 1; }

    @Override
    protected void startSequence() { xs.clear(); hPrev.clear(); hNew.clear(); }

    @Override
    protected INDArray[] step(INDArray x, INDArray[] s) {
        INDArray h = Transforms.tanh(x.mmul(wx.value()).addi(s[0].mmul(wh.value())).addi(b.value()), false);
        xs.add(x);
        hPrev.add(s[0]);
        hNew.add(h);
        return new INDArray[]{h};
    }

    @Override
    protected INDArray[] stepBackward(int t, INDArray[] dState) {
        INDArray h = hNew.get(t);
        INDArray a = dState[0].mul(h.mul(h).rsubi(1));                         // through tanh: g ⊙ (1 − h²)
        wx.grad().addi(xs.get(t).transpose().mmul(a));                          // dWx += xᵀ a
        wh.grad().addi(hPrev.get(t).transpose().mmul(a));                       // dWh += h_(t−1)ᵀ a
        b.grad().addi(a.sum(true, 0));                                          // db += Σₙ a
        return new INDArray[]{a.mmul(wx.value().transpose()), a.mmul(wh.value().transpose())};
    }

    /** Wx (inFeatures, hidden). */
    public Parameter inputWeight() { return wx; }

    /** Wh (hidden, hidden). */
    public Parameter recurrentWeight() { return wh; }

    public Parameter bias() { return b; }

    @Override
    public List<Parameter> parameters() { return List.of(wx, wh, b); }
}
