// every input pixel stamps the kernel, scaled by its value, stride pixels after the previous stamp; overlaps add up
double[][] transposedConv(double[][] x, double[][] kernel, int stride) {
    int h = x.length, w = x[0].length, k = kernel.length;
    double[][] out = new double[(h - 1) * stride + k][(w - 1) * stride + k];
    for (int y = 0; y < h; y++)
        for (int c = 0; c < w; c++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    out[y * stride + i][c * stride + j] += x[y][c] * kernel[i][j];
    return out;
}
