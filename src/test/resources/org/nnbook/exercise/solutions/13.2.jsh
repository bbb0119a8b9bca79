// the mean of h (N, T, D) over the real positions of each row, mask (N, T) 1 at real tokens -> (N, D)
INDArray meanOverRealTokens(INDArray h, INDArray mask) {
    long n = h.size(0), t = h.size(1);
    INDArray m = mask.castTo(h.dataType()).reshape(n, t, 1);
    INDArray sum = h.mul(m).sum(1);                                  // (N, D)
    return sum.divi(mask.castTo(h.dataType()).sum(true, 1));        // each row by its number of real tokens, (N, 1)
}
