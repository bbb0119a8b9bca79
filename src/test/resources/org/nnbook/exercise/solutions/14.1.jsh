// a film's bias: its ratings' residuals r − μ − b_u, summed, shrunk by λ extra ratings of residual 0
double itemBias(double[] ratings, double[] userBiases, double mu, double lambda) {
    double sum = 0;
    for (int k = 0; k < ratings.length; k++) sum += ratings[k] - mu - userBiases[k];
    return sum / (lambda + ratings.length);
}
