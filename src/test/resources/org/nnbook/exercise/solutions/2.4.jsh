/** Each image of x (N, 784) mirrored left to right, as a new (N, 784) array. */
INDArray flipHorizontal(INDArray x) {
    INDArray flipped = x.dup();
    for (int n = 0; n < x.size(0); n++)
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++)
                flipped.putScalar(n, 28 * r + c, x.getDouble(n, 28 * r + 27 - c));   // column c takes the pixel of column 27 − c
    return flipped;
}
