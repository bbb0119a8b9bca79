// scaled dot-product attention: q (Tq, d), k (Tk, d), v (Tk, dv) -> softmax(q kᵀ / √d) v, (Tq, dv)
INDArray attend(INDArray q, INDArray k, INDArray v) {
    INDArray scores = q.mmul(k.transpose()).divi(Math.sqrt(q.size(1)));               // (Tq, Tk), one row per query
    INDArray e = Transforms.exp(scores.sub(scores.max(true, 1)), false);   // minus each row's max: no overflow
    INDArray weights = e.divi(e.sum(true, 1));                             // each query's weights sum to 1 over the keys
    return weights.mmul(v);                                                            // (Tq, Tk)(Tk, dv) = (Tq, dv)
}
