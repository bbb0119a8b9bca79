// dL/dc for k shared values: each weight of cluster j is c[j], so dL/dc[j] = sum of dL/dw over the cluster.
double[] centroidGradient(double[] weightGrad, int[] cluster, int k) {
    double[] grad = new double[k];
    for (int i = 0; i < weightGrad.length; i++)
        if (cluster[i] >= 0) grad[cluster[i]] += weightGrad[i];    // a pruned weight (-1) belongs to no cluster
    return grad;
}
