package org.nnbook.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nnbook.core.Layer;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Flatten;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.ReLU;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Optimizer;
import org.nnbook.optim.SGD;

/**
 * The benchmark's networks, each built the same way in nnbook and in DL4J (and in
 * {@code src/bench/python/bench_torch.py} for PyTorch): same layers and parameter counts, He-normal
 * weights N(0, 2/fan_in) with zero biases, softmax cross-entropy averaged over the batch, float32.
 */
enum Workload {
    /** MLP 784-256-10, SGD lr 0.05, batch 64. */
    MLP_SGD("mlp-sgd", "MLP 784-256-10, SGD", false, 64, 203_530),
    /** MLP 784-256-10, Adam lr 1e-3, batch 64. */
    MLP_ADAM("mlp-adam", "MLP 784-256-10, Adam", false, 64, 203_530),
    /** conv5x5x20, maxpool2, conv5x5x50, maxpool2, dense500, relu, dense10; SGD lr 0.05, batch 64. */
    LENET("lenet", "LeNet CNN, SGD", true, 64, 431_080),
    /** Conv2D(32, 3x3), ReLU, MaxPool(2), Flatten, Dense(10); Adam lr 1e-3, batch 64. */
    SEED_CNN("seed-cnn", "seed CNN, Adam", true, 64, 54_410),
    /** The LeNet network, forward only in evaluation mode, batch 256. */
    LENET_INFER("lenet-infer", "LeNet inference (b256)", true, 256, 431_080);

    final String id;
    final String title;
    final boolean images;
    final int batch;
    final long params;

    Workload(String id, String title, boolean images, int batch, long params) {
        this.id = id;
        this.title = title;
        this.images = images;
        this.batch = batch;
        this.params = params;
    }

    boolean training() { return this != LENET_INFER; }

    static Workload of(String id) {
        for (Workload w : values()) if (w.id.equals(id)) return w;
        throw new IllegalArgumentException("Unknown workload '" + id + "'; known: mlp-sgd, mlp-adam, lenet, seed-cnn, lenet-infer.");
    }

    static final double SGD_LR = 0.05, ADAM_LR = 1e-3;

    private boolean adam() { return this == MLP_ADAM || this == SEED_CNN; }

    // ---------------------------------------------------------------- nnbook

    Layer nnbookModel() {
        return switch (this) {
            case MLP_SGD, MLP_ADAM -> Sequential.of(new Dense(784, 256), new ReLU(), new Dense(256, 10));
            case LENET, LENET_INFER -> Sequential.of(
                    new Conv2D(1, 20, 5), new MaxPool2D(2),            // (N, 20, 12, 12)
                    new Conv2D(20, 50, 5), new MaxPool2D(2),           // (N, 50, 4, 4)
                    new Flatten(), new Dense(800, 500), new ReLU(), new Dense(500, 10));
            case SEED_CNN -> Sequential.of(
                    new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2), // (N, 32, 13, 13)
                    new Flatten(), new Dense(32 * 13 * 13, 10));
        };
    }

    Optimizer nnbookOptimizer() { return adam() ? new Adam(ADAM_LR) : new SGD(SGD_LR); }

    // ---------------------------------------------------------------- DL4J

    MultiLayerConfiguration dl4jConf(long seed) {
        IUpdater updater = adam() ? new org.nd4j.linalg.learning.config.Adam(ADAM_LR) : new org.nd4j.linalg.learning.config.Sgd(SGD_LR);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.RELU)      // He normal, N(0, 2 / fan_in); biases 0
                .list();
        switch (this) {
            case MLP_SGD, MLP_ADAM -> list
                    .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(10).activation(Activation.SOFTMAX).build());
            case LENET, LENET_INFER -> list
                    .layer(new ConvolutionLayer.Builder(5, 5).nIn(1).nOut(20).stride(1, 1).activation(Activation.IDENTITY).build())
                    .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).stride(1, 1).activation(Activation.IDENTITY).build())
                    .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(28, 28, 1));
            case SEED_CNN -> list
                    // DL4J's idiom: the ReLU is the convolution's activation (one layer fewer than nnbook's separate ReLU)
                    .layer(new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(32).stride(1, 1).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(28, 28, 1));
        }
        return list.build();
    }
}
