// clipping by the global norm: one norm over all gradients, one factor for all
List<INDArray> clipByGlobalNorm(List<INDArray> grads, double maxNorm) {
    double sq = 0;
    for (INDArray g : grads) sq += Math.pow(g.norm2Number().doubleValue(), 2);
    double norm = Math.sqrt(sq);
    if (norm <= maxNorm) return grads;                                               // small enough: unchanged
    List<INDArray> out = new ArrayList<>();
    for (INDArray g : grads) out.add(g.mul(maxNorm / norm));                         // same direction, norm maxNorm
    return out;
}
