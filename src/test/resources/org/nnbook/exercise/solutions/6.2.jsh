// The symmetric codes q = round(w / s) of w with `bits` bits, s = max|w| / (2^(bits-1) - 1).
int[] quantize(double[] w, int bits) {
    int qmax = (1 << (bits - 1)) - 1;                              // 127 for 8 bits
    double max = 0;
    for (double x : w) max = Math.max(max, Math.abs(x));
    double s = max / qmax;                                         // the largest |w| gets the largest code
    int[] q = new int[w.length];
    for (int i = 0; i < w.length; i++) q[i] = (int) Math.rint(w[i] / s);
    return q;
}
