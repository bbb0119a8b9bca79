// dL/dz of the loss of exercise 7.2: (N, C)
INDArray distillationGradient(INDArray z, INDArray v, INDArray y, double temperature, double alpha) {
    long n = z.size(0);
    // T² · (q − p) / T: the chain rule through z / T brings 1/T, so T remains
    INDArray soft = softTargets(z, temperature).sub(softTargets(v, temperature)).muli(alpha * temperature / n);
    INDArray hard = softTargets(z, 1).sub(y).muli((1 - alpha) / n);
    return soft.addi(hard);
}
