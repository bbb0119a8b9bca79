/** One draw from the log-uniform range [low, high): every decade of the range equally likely. */
double logUniform(Random rnd, double low, double high) {
    double u = rnd.nextDouble();                                              // uniform in [0, 1)
    return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));    // uniform on the log scale, then back
}
