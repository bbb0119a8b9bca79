/** dL/dZ of the mean cross-entropy: logits Z (N, C) and one-hot targets Y (N, C) → (N, C). */
INDArray crossEntropyGradient(INDArray logits, INDArray oneHot) {
    INDArray shifted = logits.sub(logits.max(true, 1));     // each row's largest score becomes 0: e^z cannot overflow
    INDArray e = Transforms.exp(shifted, true);
    INDArray softmax = e.div(e.sum(true, 1));               // each row sums to 1 over its C classes, (N, C)
    return softmax.sub(oneHot).divi(logits.size(0));                    // (softmax(Z) − Y) / N
}
