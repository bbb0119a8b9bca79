// one LSTM step, gate blocks i, f, g, o (PyTorch's order): returns {h_t, c_t}
INDArray[] lstmStep(INDArray x, INDArray h, INDArray c, INDArray wx, INDArray wh, INDArray b) {
    long H = h.size(1);
    INDArray a = x.mmul(wx).addi(h.mmul(wh)).addi(b);                      // (N, 4H)
    INDArray i = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, H)), true);
    INDArray f = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(H, 2 * H)), true);
    INDArray g = Transforms.tanh(a.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * H, 3 * H)), true);
    INDArray o = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * H, 4 * H)), true);
    INDArray cNew = f.mul(c).addi(i.mul(g));                                         // c_t = f ⊙ c_(t-1) + i ⊙ g
    return new INDArray[]{o.mul(Transforms.tanh(cNew, true)), cNew};                 // h_t = o ⊙ tanh(c_t)
}
