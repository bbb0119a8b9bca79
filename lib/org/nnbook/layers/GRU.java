package org.nnbook.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.GruKernel;

import java.util.ArrayList;
import java.util.List;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * The gated recurrent unit (Cho et al., 2014), in PyTorch's form. At each step t, with blocks of hidden
 * columns for the reset gate r, the update gate z and the candidate n:
 * <pre>
 *    [u_r u_z u_n] = x_t Wx + bx          [v_r v_z v_n] = h_(t−1) Wh + bh
 *    r = σ(u_r + v_r)   z = σ(u_z + v_z)   n = tanh(u_n + r ⊙ v_n)
 *    h_t = (1 − z) ⊙ n + z ⊙ h_(t−1)
 * </pre>
 * Wx (inFeatures, 3·hidden), Wh (hidden, 3·hidden), bx and bh (1, 3·hidden). Two biases, not one,
 * because bh's n block sits inside the reset gate's product. Like the LSTM's cell, h_t keeps z ⊙ h_(t−1)
 * by addition, so the gradient can pass many steps.
 *
 * <p>Backward through one step, for dh = dL/dh_t:
 * <pre>
 *    dn = dh ⊙ (1 − z)   dz = dh ⊙ (h_(t−1) − n)   a_n = dn ⊙ (1 − n²)   dr = a_n ⊙ v_n
 *    a_r = dr ⊙ r(1−r)   a_z = dz ⊙ z(1−z)
 *    du = [a_r, a_z, a_n]   dv = [a_r, a_z, a_n ⊙ r]
 *    dWx += x_tᵀ du   dbx += Σₙ du   dWh += h_(t−1)ᵀ dv   dbh += Σₙ dv
 *    dx_t = du Wxᵀ   dh_(t−1) = dv Whᵀ + dh ⊙ z
 * </pre>
 */
public final class GRU extends Recurrent {
    private final Parameter wx, wh, bx, bh;
    private final List<INDArray[]> memory = new ArrayList<>();       // per step: x, h_(t−1), r, z, n, v_n
    private GruKernel fast;                                           // the same in a few large operations (org.nnbook.kernels)

    public GRU(int inFeatures, int hidden) {
        super(inFeatures, hidden);
        wx = uniform("Wx", hidden, inFeatures, 3L * hidden);
        wh = uniform("Wh", hidden, hidden, 3L * hidden);
        bx = uniform("bx", hidden, 1, 3L * hidden).regularized(false);
        bh = uniform("bh", hidden, 1, 3L * hidden).regularized(false);
    }

    @Override
    protected int stateSize() { return 1; }

    @Override
    protected void startSequence() { memory.clear(); }

    @Override
    protected INDArray[] step(INDArray x, INDArray[] s) {
        INDArray h = s[0];
        INDArray u = x.mmul(wx.value()).addi(bx.value());
        INDArray v = h.mmul(wh.value()).addi(bh.value());
        INDArray r = Transforms.sigmoid(block(u, 0).add(block(v, 0)), false);
        INDArray z = Transforms.sigmoid(block(u, 1).add(block(v, 1)), false);
        INDArray vn = block(v, 2).dup();
        INDArray n = Transforms.tanh(block(u, 2).add(r.mul(vn)), false);
        memory.add(new INDArray[]{x, h, r, z, n, vn});
        return new INDArray[]{n.add(z.mul(h.sub(n)))};                           // (1 − z) ⊙ n + z ⊙ h_(t−1)
    }

    @Override
    protected INDArray[] stepBackward(int t, INDArray[] dState) {
        INDArray[] m = memory.get(t);
        INDArray x = m[0], h = m[1], r = m[2], z = m[3], n = m[4], vn = m[5];
        INDArray dh = dState[0];
        INDArray an = dh.mul(z.rsub(1)).muli(n.mul(n).rsubi(1));                // dn ⊙ tanh'
        INDArray ar = an.mul(vn).muli(r.mul(r.rsub(1)));                         // dr ⊙ σ'
        INDArray az = dh.mul(h.sub(n)).muli(z.mul(z.rsub(1)));                   // dz ⊙ σ'
        INDArray du = Nd4j.hstack(ar, az, an);
        INDArray dv = Nd4j.hstack(ar, az, an.mul(r));
        wx.grad().addi(x.transpose().mmul(du));
        bx.grad().addi(du.sum(true, 0));
        wh.grad().addi(h.transpose().mmul(dv));
        bh.grad().addi(dv.sum(true, 0));
        return new INDArray[]{du.mmul(wx.value().transpose()), dv.mmul(wh.value().transpose()).addi(dh.mul(z))};
    }

    @Override
    protected INDArray[] fastForward(INDArray x, INDArray mask, INDArray[] start, boolean allSteps, boolean keep) {
        if (!GruKernel.applies(x, wx.value(), wh.value(), bh.value(), wx.grad(), wh.grad())) return null;
        if (fast == null) fast = new GruKernel();
        INDArray out = fast.forward(x, mask, start[0], wx.value(), wh.value(), bx.value(), bh.value(), allSteps, keep);
        return new INDArray[]{out, fast.lastState()};
    }

    @Override
    protected INDArray fastBackward(INDArray gradOut, boolean allSteps) {
        return fast.backward(gradOut, allSteps, wx.value(), wh.value(), wx.grad(), wh.grad(), bx.grad(), bh.grad());
    }

    private INDArray block(INDArray a, int k) { return a.get(all(), interval((long) k * hidden, (long) (k + 1) * hidden)); }

    /** Wx (inFeatures, 3·hidden): the blocks of r, z, n. */
    public Parameter inputWeight() { return wx; }

    /** Wh (hidden, 3·hidden). */
    public Parameter recurrentWeight() { return wh; }

    @Override
    public List<Parameter> parameters() { return List.of(wx, wh, bx, bh); }
}
