// the weights of causal self-attention: row i is the softmax of scores[i][0..i]; every later key gets exactly 0
INDArray causalWeights(INDArray scores) {
    long T = scores.size(0);
    INDArray masked = scores.dup();
    for (int i = 0; i < T; i++)
        for (int j = i + 1; j < T; j++) masked.putScalar(i, j, Double.NEGATIVE_INFINITY);   // key j after query i: hidden
    INDArray e = Transforms.exp(masked.sub(masked.max(true, 1)), false);        // exp(−∞) = 0
    return e.divi(e.sum(true, 1));
}
