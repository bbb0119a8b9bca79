// L = α T² KL(softmax(v/T) ‖ softmax(z/T)) + (1 − α) CE(y, softmax(z)), each term a mean over the N rows
double distillationLoss(INDArray z, INDArray v, INDArray y, double temperature, double alpha) {
    long n = z.size(0);
    INDArray p = softTargets(v, temperature), q = softTargets(z, temperature), s = softTargets(z, 1);
    double kl = p.mul(Transforms.log(p).sub(Transforms.log(q))).sumNumber().doubleValue() / n;    // Σ p log(p / q), per row
    double ce = -y.mul(Transforms.log(s)).sumNumber().doubleValue() / n;                           // −log of the label's probability
    return alpha * temperature * temperature * kl + (1 - alpha) * ce;
}
