/** Adds the gradient of the L2 penalty λ Σ w² into the gradient of every parameter it applies to. */
void addL2Gradient(List<Parameter> params, double lambda) {
    for (Parameter p : params) {
        if (!p.isTrainable() || !p.isRegularized()) continue;    // frozen weights, biases, normalisation parameters
        p.grad().addi(p.value().mul(2 * lambda));                // d(λw²)/dw = 2λw, on top of the data gradient
    }
}
