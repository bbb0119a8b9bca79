// occlusion map: each p×p square (stride p) filled on a fresh copy; its pixels get the drop of the score
double[][] occlusionMap(java.util.function.ToDoubleFunction<double[][]> score, double[][] image, int p, double fill) {
    int h = image.length, w = image[0].length;
    double base = score.applyAsDouble(image);
    double[][] map = new double[h][w];
    for (int top = 0; top < h; top += p)
        for (int left = 0; left < w; left += p) {
            double[][] copy = new double[h][];
            for (int i = 0; i < h; i++) copy[i] = image[i].clone();
            for (int i = top; i < top + p; i++) for (int j = left; j < left + p; j++) copy[i][j] = fill;
            double drop = base - score.applyAsDouble(copy);
            for (int i = top; i < top + p; i++) for (int j = left; j < left + p; j++) map[i][j] = drop;
        }
    return map;
}
