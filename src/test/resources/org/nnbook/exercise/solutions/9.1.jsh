// one step of a tanh RNN: x_t (N, D), h (N, H), Wx (D, H), Wh (H, H), b (1, H) -> h_t (N, H)
INDArray rnnStep(INDArray x, INDArray h, INDArray wx, INDArray wh, INDArray b) {
    return Transforms.tanh(x.mmul(wx).addi(h.mmul(wh)).addi(b), false);
}
