// bits per character: the mean over all positions of -log2 softmax(logits[n][t])[targets[n][t]]
double bitsPerChar(INDArray logits, int[][] targets) {
    long n = logits.size(0), t = logits.size(1);
    double nats = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < t; j++) {
            double[] z = logits.get(NDArrayIndex.point(i), NDArrayIndex.point(j)).toDoubleVector();
            double max = Arrays.stream(z).max().getAsDouble();
            double logSum = Math.log(Arrays.stream(z).map(v -> Math.exp(v - max)).sum()) + max;
            nats += logSum - z[targets[i][j]];                                       // -log softmax(z)[target]
        }
    return nats / (n * t) / Math.log(2);                                             // a mean, in bits
}
