/** y = x W + b: x (N, in) → y (N, out). */
class MyDense implements Layer {
    final Parameter W, b;
    INDArray x;                                              // remembered by forward for backward

    MyDense(int inFeatures, int outFeatures) {
        W = new Parameter("W", Nd4j.randn(DataType.DOUBLE, inFeatures, outFeatures).muli(Math.sqrt(2.0 / inFeatures)));
        b = new Parameter("b", Nd4j.zeros(DataType.DOUBLE, 1, outFeatures));
    }

    public INDArray forward(INDArray x, boolean training) {
        this.x = x;
        return x.mmul(W.value()).addi(b.value());    // (N, out)
    }

    public INDArray backward(INDArray gradOut) {             // gradOut = dL/dy, (N, out)
        W.grad().addi(x.transpose().mmul(gradOut));          // xᵀ gradOut, (in, out)
        b.grad().addi(gradOut.sum(true, 0));                 // Σₙ gradOut, (1, out)
        return gradOut.mmul(W.value().transpose());          // gradOut Wᵀ, (N, in)
    }

    public List<Parameter> parameters() { return List.of(W, b); }
}
