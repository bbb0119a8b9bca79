// integrated gradients: the mean of the gradients at x' + (k/m)(x − x'), k = 1..m, times x − x'
double[] integratedGradients(java.util.function.Function<double[], double[]> gradient, double[] x, double[] baseline, int m) {
    double[] total = new double[x.length];
    for (int k = 1; k <= m; k++) {
        double[] point = new double[x.length];
        for (int i = 0; i < x.length; i++) point[i] = baseline[i] + (double) k / m * (x[i] - baseline[i]);
        double[] g = gradient.apply(point);
        for (int i = 0; i < x.length; i++) total[i] += g[i];
    }
    for (int i = 0; i < x.length; i++) total[i] = total[i] / m * (x[i] - baseline[i]);
    return total;
}
