// L = e², e = r̂ − r, r̂ = μ + b_u + b_i + p·q: dL/dp = 2e q, dL/dq = 2e p, dL/db_u = dL/db_i = 2e
double[][] ratingGradient(double[] p, double[] q, double mu, double bu, double bi, double r) {
    double e = mu + bu + bi - r;
    for (int k = 0; k < p.length; k++) e += p[k] * q[k];
    double[] dp = new double[p.length], dq = new double[q.length];
    for (int k = 0; k < p.length; k++) {
        dp[k] = 2 * e * q[k];
        dq[k] = 2 * e * p[k];
    }
    return new double[][] {dp, dq, {2 * e}, {2 * e}};
}
