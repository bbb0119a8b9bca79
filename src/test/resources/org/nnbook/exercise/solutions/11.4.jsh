// sinusoidal positions (t, d): PE[p][2i] = sin(p / 10000^(2i/d)), PE[p][2i + 1] = cos of the same angle
INDArray positions(int t, int d) {
    double[][] pe = new double[t][d];
    for (int p = 0; p < t; p++)
        for (int i = 0; 2 * i < d; i++) {
            double angle = p / Math.pow(10000, 2.0 * i / d);
            pe[p][2 * i] = Math.sin(angle);
            if (2 * i + 1 < d) pe[p][2 * i + 1] = Math.cos(angle);
        }
    return Nd4j.createFromArray(pe);
}
