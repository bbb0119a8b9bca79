// A CNN for (N, 1, 28, 28) digits with at most 5,000 parameters and 10 outputs
Sequential smallCnn() {
    return Sequential.of(
            new Conv2D(1, 6, 5), new ReLU(), new MaxPool2D(2),      // (N, 6, 12, 12)
            new Conv2D(6, 12, 3), new ReLU(), new MaxPool2D(2),     // (N, 12, 5, 5)
            new Flatten(),
            new Dense(300, 10));                                    // 3,826 parameters, most of them here
}
