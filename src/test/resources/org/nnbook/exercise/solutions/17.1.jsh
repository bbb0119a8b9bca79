// one FGSM step: every pixel moves by ε along the sign of the gradient, then back into [0, 1]
double[] fgsmStep(double[] x, double[] gradient, double eps) {
    double[] adv = new double[x.length];
    for (int i = 0; i < x.length; i++) adv[i] = Math.max(0, Math.min(1, x[i] + eps * Math.signum(gradient[i])));
    return adv;
}
