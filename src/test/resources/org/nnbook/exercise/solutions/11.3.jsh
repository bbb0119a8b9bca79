// layer normalisation of x (N, D): each row with its own mean and biased variance, then γ and β (1, D) per column
INDArray layerNorm(INDArray x, INDArray gamma, INDArray beta, double eps) {
    INDArray centred = x.sub(x.mean(true, 1));                             // x − μ, μ (N, 1)
    INDArray variance = centred.mul(centred).mean(true, 1);                            // σ² (N, 1), the squares over D
    INDArray xHat = centred.divi(Transforms.sqrt(variance.addi(eps), false)); // (x − μ) / √(σ² + ε)
    return xHat.muli(gamma).addi(beta);
}
