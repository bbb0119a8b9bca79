/** Averaging: each member's logits (N, C) → its probabilities → their mean over the members, (N, C). */
INDArray averageProbabilities(List<INDArray> logits) {
    INDArray sum = null;
    for (INDArray z : logits) {
        INDArray p = Softmax.probabilities(z);          // (N, C), each row sums to 1
        sum = sum == null ? p : sum.add(p);
    }
    return sum.div(logits.size());                      // the mean over the members
}
