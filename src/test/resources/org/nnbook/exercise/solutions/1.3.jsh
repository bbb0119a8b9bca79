// a network of at most 50,000 parameters (784 pixels → 10 scores), and its optimizer
Layer budgetNet() {
    return Sequential.of(new Dense(784, 60), new ReLU(), new Dense(60, 10));    // 47,710 parameters
}

Optimizer budgetOptimizer() {
    return new Adam(1e-2);       // 5 epochs are few steps: a bolder learning rate than section 5's 1e-3
}
