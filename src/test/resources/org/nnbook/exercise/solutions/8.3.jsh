// the network to train, from a copy of the pretrained LeNet
Sequential fewLabelsModel(Sequential pretrained) {
    // the digits are MNIST's ten classes: keep the pretrained head, and let the body move slowly
    return pretrained.lrMultiplier(0, LeNet.HEAD, 0.1);
}

// its optimizer
Optimizer fewLabelsOptimizer() {
    return new Adam(1e-2);
}
