// parameters of: the first Conv2D, the second Conv2D, Dense(400 -> 120), Dense(120 -> 84), Dense(84 -> 10)
long[] lenetParameters() {
    return new long[]{
            6 * 1 * 5 * 5 + 6,        // 6 kernels of 1 channel x 5 x 5, and a bias each
            16 * 6 * 5 * 5 + 16,      // 16 kernels, each spanning all 6 channels
            400 * 120 + 120,
            120 * 84 + 84,
            84 * 10 + 10};
}
