// How many whole frames of `length` samples, starting every `hop` samples, fit in a signal of n samples?
long frameCount(int n, int length, int hop) {
    // frame i covers samples i·hop ... i·hop + length − 1, which must be < n: i ≤ (n − length) / hop
    return n < length ? 0 : 1 + (n - length) / hop;
}
