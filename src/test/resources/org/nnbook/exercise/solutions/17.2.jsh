// PGD's projection: within ε of the original x, then into [0, 1]
double[] project(double[] adv, double[] x, double eps) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = Math.max(0, Math.min(1, Math.max(x[i] - eps, Math.min(x[i] + eps, adv[i]))));
    return out;
}
