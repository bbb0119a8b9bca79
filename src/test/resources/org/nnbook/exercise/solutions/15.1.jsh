// KL(N(μ, σ²) ‖ N(0, 1)) summed over the code's dimensions, σ² = exp(log σ²)
double klDivergence(double[] mu, double[] logVar) {
    double kl = 0;
    for (int j = 0; j < mu.length; j++) kl += 0.5 * (mu[j] * mu[j] + Math.exp(logVar[j]) - logVar[j] - 1);
    return kl;
}
