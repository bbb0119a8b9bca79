package org.nnbook.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nnbook.core.Layer;
import org.nnbook.core.Sequential;
import org.nnbook.data.Batch;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.Flatten;
import org.nnbook.layers.GRU;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.loss.Loss;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Optimizer;
import org.nnbook.optim.SGD;

/**
 * The benchmark's networks, each built the same way in nnbook and in DL4J (and in
 * {@code src/bench/python/bench_torch.py} for PyTorch): same layers and parameter counts, He-normal
 * weights N(0, 2/fan_in) with zero biases, softmax cross-entropy averaged over the batch, float32.
 * The language models' recurrent layers start as PyTorch's do (uniform ±1/√hidden); PyTorch's LSTM
 * has two bias vectors where nnbook and DL4J have one (their sum), 2,048 parameters more.
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
    LENET_INFER("lenet-infer", "LeNet inference (b256)", true, 256, 431_080),
    /**
     * Character language model on Moby Dick ({@link CharText}): Embedding(83, 64), LSTM(64, 256),
     * LSTM(256, 256), Dense(256, 83) at every step; softmax cross-entropy averaged over all N·T
     * positions; Adam lr 2e-3; batch 32 sequences of 100 steps. Rates are sequences/s.
     */
    LSTM_LM("lstm-lm", "LSTM LM 2x256, T 100, Adam (seq/s)", false, 32, 880_659),
    /** The same with GRU(64, 256), GRU(256, 256). DL4J's MultiLayerNetwork has no GRU layer. */
    GRU_LM("gru", "GRU LM 2x256, T 100, Adam (seq/s)", false, 32, 668_691);

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

    /** A character language model on Moby Dick rather than an MNIST network. */
    boolean text() { return this == LSTM_LM || this == GRU_LM; }

    /** Mini-batches in each warm-up pass (and in the pass that sizes the timed repetitions). */
    int warmBatches() { return text() ? 3 : 10; }

    /** Why DL4J cannot run this workload, or null when it can. */
    String dl4jMissing() {
        return this == GRU_LM ? "DL4J 1.0.0-M2.1 has no GRU layer for MultiLayerNetwork (only LSTM, GravesLSTM, SimpleRnn)" : null;
    }

    static Workload of(String id) {
        for (Workload w : values()) if (w.id.equals(id)) return w;
        throw new IllegalArgumentException("Unknown workload '" + id + "'; known: mlp-sgd, mlp-adam, lenet, seed-cnn, lenet-infer, lstm-lm, gru.");
    }

    static final double SGD_LR = 0.05, ADAM_LR = 1e-3, LM_LR = 2e-3;
    static final int EMBED = 64, UNITS = 256;

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
            case LSTM_LM -> Sequential.of(new Embedding(CharText.VOCAB, EMBED), new org.nnbook.layers.LSTM(EMBED, UNITS), new org.nnbook.layers.LSTM(UNITS, UNITS),
                    new Dense(UNITS, CharText.VOCAB));
            case GRU_LM -> Sequential.of(new Embedding(CharText.VOCAB, EMBED), new GRU(EMBED, UNITS), new GRU(UNITS, UNITS),
                    new Dense(UNITS, CharText.VOCAB));
        };
    }

    Optimizer nnbookOptimizer() { return text() ? new Adam(LM_LR) : adam() ? new Adam(ADAM_LR) : new SGD(SGD_LR); }

    /** Cross-entropy on one-hot rows for MNIST; on next-character ids (N, T) for the language models. */
    Loss nnbookLoss() { return text() ? new SparseCrossEntropy() : new CrossEntropy(); }

    // ---------------------------------------------------------------- DL4J

    MultiLayerConfiguration dl4jConf(long seed) {
        if (dl4jMissing() != null) throw new UnsupportedOperationException(dl4jMissing());
        if (text()) return dl4jLanguageModel(seed);
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
            default -> throw new IllegalStateException(id);
        }
        return list.build();
    }

    /**
     * The LSTM language model as DL4J's users build it: EmbeddingSequenceLayer (ids (N, T) in),
     * two {@code LSTM} layers and an {@code RnnOutputLayer} with sparse cross-entropy (ids (N, 1, T)
     * as labels), DL4J's default NCW layout and its default workspaces (ENABLED for training and
     * inference). Weights as nnbook's and PyTorch's: embedding N(0, 1), LSTM uniform ±1/√256, output
     * He normal; DL4J's LSTM starts the forget gate's bias at 1 (its default).
     */
    private MultiLayerConfiguration dl4jLanguageModel(long seed) {
        double k = 1 / Math.sqrt(UNITS);
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new org.nd4j.linalg.learning.config.Adam(LM_LR))
                .list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(CharText.VOCAB).nOut(EMBED).hasBias(false)
                        .weightInit(new NormalDistribution(0, 1)).build())
                .layer(new LSTM.Builder().nIn(EMBED).nOut(UNITS).activation(Activation.TANH).weightInit(new UniformDistribution(-k, k)).build())
                .layer(new LSTM.Builder().nIn(UNITS).nOut(UNITS).activation(Activation.TANH).weightInit(new UniformDistribution(-k, k)).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT).nIn(UNITS).nOut(CharText.VOCAB)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.RELU).dataFormat(RNNFormat.NCW).build())   // unset without an input type
                .build();
    }

    /** One mini-batch as DL4J takes it: MNIST as is; for the language models ids (N, T) in and labels (N, 1, T). */
    DataSet dl4jBatch(Batch b) {
        if (!text()) return new DataSet(b.x(), b.y());
        return new DataSet(b.x(), b.y().reshape('c', b.y().size(0), 1, b.y().size(1)));
    }
}
