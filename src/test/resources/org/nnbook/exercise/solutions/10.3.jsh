// The weight at f Hz of mel filter m (0-based) of nMels filters spread from fMin to fMax Hz, HTK's mel scale
double melWeight(double f, int m, int nMels, double fMin, double fMax) {
    double lo = 2595 * Math.log10(1 + fMin / 700), hi = 2595 * Math.log10(1 + fMax / 700);
    double[] corner = new double[3];                       // points m, m+1, m+2 of nMels + 2 equally spaced in mel
    for (int i = 0; i < 3; i++) corner[i] = 700 * (Math.pow(10, (lo + (hi - lo) * (m + i) / (nMels + 1)) / 2595) - 1);
    double rising = (f - corner[0]) / (corner[1] - corner[0]), falling = (corner[2] - f) / (corner[2] - corner[1]);
    return Math.max(0, Math.min(rising, falling));
}
