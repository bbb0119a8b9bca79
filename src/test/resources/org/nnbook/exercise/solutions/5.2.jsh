// x (N, C, H, W), w (O, C, k, k), b (O), no padding -> y (N, O, H', W')
INDArray convForward(INDArray x, INDArray w, INDArray b, int stride) {
    long n = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
    long kernels = w.size(0), k = w.size(2);
    long outH = (height - k) / stride + 1, outW = (width - k) / stride + 1;
    INDArray y = Nd4j.zeros(DataType.DOUBLE, n, kernels, outH, outW);
    for (long m = 0; m < n; m++)
        for (long o = 0; o < kernels; o++)
            for (long i = 0; i < outH; i++)
                for (long j = 0; j < outW; j++) {
                    double sum = b.getDouble(o);
                    for (long c = 0; c < channels; c++)          // a kernel spans every input channel
                        for (long u = 0; u < k; u++)
                            for (long v = 0; v < k; v++)
                                sum += w.getDouble(o, c, u, v) * x.getDouble(m, c, i * stride + u, j * stride + v);
                    y.putScalar(new long[]{m, o, i, j}, sum);
                }
    return y;
}
