// The frequency in Hz of bin k of an nFft-point FFT of a signal sampled at sampleRate
double binFrequency(int k, int nFft, double sampleRate) {
    // k whole cycles in nFft samples, which last nFft / sampleRate seconds
    return k * sampleRate / nFft;
}
