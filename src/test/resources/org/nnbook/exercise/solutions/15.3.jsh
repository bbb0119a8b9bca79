// −log σ(t) = softplus(−t) and −log(1 − σ(t)) = softplus(t), with softplus(t) = max(t, 0) + log(1 + e^{−|t|}): no overflow
double softplus(double t) { return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))); }

double discriminatorLoss(double[] realLogits, double[] fakeLogits) {
    double real = 0, fake = 0;
    for (double r : realLogits) real += softplus(-r);
    for (double f : fakeLogits) fake += softplus(f);
    return real / realLogits.length + fake / fakeLogits.length;
}
