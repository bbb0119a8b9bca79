// softmax(logits / T), row by row: logits (N, C) -> probabilities (N, C), each row summing to 1
INDArray softTargets(INDArray logits, double temperature) {
    INDArray s = logits.div(temperature);
    s.subi(s.max(true, 1));       // each row's largest value becomes 0: no exp overflows, and the softmax is unchanged
    INDArray e = Transforms.exp(s, false);
    return e.divi(e.sum(true, 1));
}
