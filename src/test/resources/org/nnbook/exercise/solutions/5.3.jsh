// x (N, C, H, W), gradOut = dL/dy (N, C, H', W') -> dL/dx (N, C, H, W)
INDArray maxPoolBackward(INDArray x, INDArray gradOut, int size, int stride) {
    INDArray dx = Nd4j.zeros(x.dataType(), x.shape());
    for (long n = 0; n < gradOut.size(0); n++)
        for (long c = 0; c < gradOut.size(1); c++)
            for (long i = 0; i < gradOut.size(2); i++)
                for (long j = 0; j < gradOut.size(3); j++) {
                    long bestRow = i * stride, bestCol = j * stride;     // where the window's maximum is
                    for (long u = 0; u < size; u++)
                        for (long v = 0; v < size; v++)
                            if (x.getDouble(n, c, i * stride + u, j * stride + v) > x.getDouble(n, c, bestRow, bestCol)) {
                                bestRow = i * stride + u;
                                bestCol = j * stride + v;
                            }
                    // only the maximum moves the output; += because overlapping windows can share a maximum
                    dx.putScalar(new long[]{n, c, bestRow, bestCol}, dx.getDouble(n, c, bestRow, bestCol) + gradOut.getDouble(n, c, i, j));
                }
    return dx;
}
