package org.nnbook.parity;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Residual;
import org.nnbook.core.Sequential;
import org.nnbook.layers.*;
import org.nnbook.loss.*;
import org.nnbook.optim.*;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.nnbook.parity.ParityCase.*;

/** The cases of {@link TorchParityTest}: every layer, loss and optimizer of the library, in the variants that matter. */
final class ParityCases {
    private ParityCases() {}

    static List<ParityCase> all() {
        return List.of(
                layer("Dense(5 -> 3) on (4, 5)", "dense", Map.of("in", 5, "out", 3), () -> new Dense(5, 3), r -> randn(r, 4, 5)),
                layer("Dense(4 -> 3) on (2, 3, 4)", "dense", Map.of("in", 4, "out", 3), () -> new Dense(4, 3), r -> randn(r, 2, 3, 4)),
                layer("ReLU", "relu", Map.of(), ReLU::new, r -> randn(r, 4, 6)),
                layer("Sigmoid", "sigmoid", Map.of(), Sigmoid::new, r -> randn(r, 4, 6).muli(3)),
                layer("Tanh", "tanh", Map.of(), Tanh::new, r -> randn(r, 4, 6).muli(2)),
                layer("Softmax", "softmax", Map.of(), Softmax::new, r -> randn(r, 4, 5).muli(3)),
                layer("Flatten (2, 3, 2, 2)", "flatten", Map.of(), Flatten::new, r -> randn(r, 2, 3, 2, 2)),
                layer("MapsToSequence (2, 3, 4, 5)", "maps_to_sequence", Map.of(), MapsToSequence::new, r -> randn(r, 2, 3, 4, 5)),
                // torch's random numbers differ: compared with nnbook's own mask m = y / x (the script checks m is 0 or 1/(1-p))
                layer("Dropout(0.4) with a fixed mask", "dropout", Map.of("p", 0.4), () -> new Dropout(0.4).fixMask(true), r -> randn(r, 6, 5))
                        .extras((x, y) -> Map.of("dropout_mask", y.div(x))),
                layer("BatchNorm(4)", "batchnorm", batchNorm(4, 0.1, 1e-5), () -> new BatchNorm(4), r -> randn(r, 6, 4).muli(2).addi(1))
                        .steps(true, true, false),
                layer("BatchNorm(3, momentum 0.3, eps 1e-3)", "batchnorm", batchNorm(3, 0.3, 1e-3), () -> new BatchNorm(3, 0.3, 1e-3),
                        r -> randn(r, 5, 3).muli(0.1)).steps(true, false),
                layer("BatchNorm2D(3) on (4, 3, 3, 3)", "batchnorm2d", batchNorm(3, 0.1, 1e-5), () -> new BatchNorm2D(3),
                        r -> randn(r, 4, 3, 3, 3).muli(2).subi(1)).steps(true, true, false),
                conv(1, 2, 3, 1, Padding.VALID, 6, 6),
                conv(3, 4, 3, 2, Padding.VALID, 7, 7),
                conv(3, 2, 3, 1, Padding.SAME, 5, 5),      // pads 1 on each side: torch's own padding
                conv(1, 3, 3, 2, Padding.SAME, 6, 6),      // pads 0 before, 1 after: F.pad
                conv(3, 2, 4, 1, Padding.SAME, 7, 5),      // an odd image, pads 1 before, 2 after
                conv(3, 2, 5, 2, Padding.SAME, 9, 9),
                convTranspose(2, 3, 3, 1, 0, 4, 5),
                convTranspose(3, 2, 4, 2, 1, 3, 3),        // DCGAN's doubling: 3 -> 6
                convTranspose(2, 2, 3, 2, 0, 4, 3),        // overlapping stamps
                layer("Upsample2D(x2, nearest) on (2, 3, 3, 4)", "upsample2d", Map.of("factor", 2), () -> new Upsample2D(2),
                        r -> randn(r, 2, 3, 3, 4)),
                layer("Unflatten(2, 3, 4) on (2, 24)", "unflatten", Map.of("c", 2, "h", 3, "w", 4), () -> new Unflatten(2, 3, 4), r -> randn(r, 2, 24)),
                pool(true, 2, 2, Padding.VALID, 6, 6),
                pool(true, 3, 2, Padding.VALID, 7, 7),     // overlapping windows
                pool(true, 3, 1, Padding.SAME, 5, 5),
                pool(true, 2, 2, Padding.SAME, 5, 5),      // odd padding: the extra row and column after
                pool(true, 3, 2, Padding.SAME, 6, 7),
                layer("MaxPool2D(2x2, stride 2, valid) with ties", "maxpool2d", Map.of("k", 2, "stride", 2, "padding", "valid"),
                        () -> new MaxPool2D(2), r -> Transforms.round(randn(r, 2, 2, 6, 6), false)),   // the gradient goes to the first maximum
                pool(false, 2, 2, Padding.VALID, 6, 6),
                pool(false, 3, 2, Padding.VALID, 7, 7),
                pool(false, 3, 1, Padding.SAME, 5, 5),
                pool(false, 2, 2, Padding.SAME, 5, 5),
                pool(false, 3, 2, Padding.SAME, 6, 7),
                layer("GlobalAvgPool2D on (2, 3, 4, 5)", "globalavgpool2d", Map.of(), GlobalAvgPool2D::new, r -> randn(r, 2, 3, 4, 5)),
                layer("Embedding(7, 3) on ids (3, 4)", "embedding", Map.of("vocab", 7, "dim", 3), () -> new Embedding(7, 3), r -> ids(r, 7, 3, 4)),
                layer("Embedding(4, 2) on ids (6)", "embedding", Map.of("vocab", 4, "dim", 2), () -> new Embedding(4, 2), r -> ids(r, 4, 6)),
                layer("MeanOverTime, no mask", "meanovertime", Map.of(), MeanOverTime::new, r -> randn(r, 3, 4, 2)),
                layer("MeanOverTime with a padding mask", "meanovertime", Map.of(), MeanOverTime::new, r -> randn(r, 3, 4, 2)).mask(r -> padding(r, 3, 4)),
                layer("Embedding, MeanOverTime, Dense with a padding mask", "bag", Map.of("vocab", 9, "dim", 4, "out", 3),
                        () -> Sequential.of(new Embedding(9, 4), new MeanOverTime(), new Dense(4, 3)), r -> ids(r, 9, 3, 5)).mask(r -> padding(r, 3, 5)),
                recurrent("rnn", RNN::new, true, false),
                recurrent("rnn", RNN::new, false, true),
                recurrent("lstm", LSTM::new, true, false),
                recurrent("lstm", LSTM::new, true, true),
                recurrent("lstm", LSTM::new, false, true),
                recurrent("gru", GRU::new, true, false),
                recurrent("gru", GRU::new, true, true),
                recurrent("gru", GRU::new, false, true),
                recurrent("bilstm", (in, h) -> new Bidirectional(new LSTM(in, h), new LSTM(in, h)), true, true),
                recurrent("bilstm", (in, h) -> new Bidirectional(new LSTM(in, h).lastOnly(), new LSTM(in, h).lastOnly()), false, true),
                recurrent("bigru", (in, h) -> new Bidirectional(new GRU(in, h), new GRU(in, h)), true, true),
                recurrent("bigru", (in, h) -> new Bidirectional(new GRU(in, h), new GRU(in, h)), true, false),
                layer("Embedding, Dense, Tanh, TiedDense (E shared)", "tied", Map.of("vocab", 7, "dim", 4), ParityCases::tiedModel, r -> ids(r, 7, 2, 3)),
                layer("Residual(Dense, Tanh, Dense)", "residual", Map.of("size", 5),
                        () -> new Residual(Sequential.of(new Dense(5, 5), new Tanh(), new Dense(5, 5))), r -> randn(r, 4, 5)),
                layer("LayerNorm(5) on (4, 5)", "layernorm", Map.of("size", 5, "eps", 1e-5), () -> new LayerNorm(5), r -> randn(r, 4, 5).muli(2).addi(1)),
                layer("LayerNorm(6, eps 1e-3) on (2, 3, 6)", "layernorm", Map.of("size", 6, "eps", 1e-3), () -> new LayerNorm(6, 1e-3),
                        r -> randn(r, 2, 3, 6).muli(0.1)),
                layer("SinusoidalPositions(10, 6) on (2, 4, 6)", "sinusoidal", Map.of(), () -> new SinusoidalPositions(10, 6), r -> randn(r, 2, 4, 6)),
                layer("SinusoidalPositions(10, 5) on (2, 4, 5)", "sinusoidal", Map.of(), () -> new SinusoidalPositions(10, 5), r -> randn(r, 2, 4, 5)),
                layer("LearnedPositions(7, 4) on (3, 5, 4)", "learned_positions", Map.of("max_len", 7, "dim", 4), () -> new LearnedPositions(7, 4),
                        r -> randn(r, 3, 5, 4)),
                layer("LastPosition, no mask", "last_position", Map.of(), LastPosition::new, r -> randn(r, 3, 4, 2)),
                layer("LastPosition with a padding mask", "last_position", Map.of(), LastPosition::new, r -> randn(r, 3, 4, 2)).mask(r -> padding(r, 3, 4)),
                attention(false, false, 2),
                attention(true, false, 3),
                attention(false, true, 2),
                attention(true, true, 1),
                new CrossCase("MultiHeadAttention(6, 2 heads) cross-attention, memory padding mask", "mha", Map.of("d", 6, "heads", 2, "causal", false),
                        () -> new MultiHeadAttention(6, 2), 3, 4, 5, 6, false, true),
                new CrossCase("MultiHeadAttention(6, 3 heads) cross-attention, no mask", "mha", Map.of("d", 6, "heads", 3, "causal", false),
                        () -> new MultiHeadAttention(6, 3), 2, 3, 5, 6, false, false),
                layer("TransformerEncoderBlock(6, 2 heads, dFF 8)", "encoder", Map.of("d", 6, "heads", 2, "dff", 8),
                        () -> new TransformerEncoderBlock(6, 2, 8, 0), r -> randn(r, 3, 5, 6)),
                layer("TransformerEncoderBlock(6, 2 heads, dFF 8) with a padding mask", "encoder", Map.of("d", 6, "heads", 2, "dff", 8),
                        () -> new TransformerEncoderBlock(6, 2, 8, 0), r -> randn(r, 3, 5, 6)).mask(r -> padding(r, 3, 5)),
                layer("TransformerEncoderBlock(6, 3 heads, dFF 7).causal(true) with a padding mask", "encoder",
                        Map.of("d", 6, "heads", 3, "dff", 7, "causal", true), () -> new TransformerEncoderBlock(6, 3, 7, 0).causal(true),
                        r -> randn(r, 3, 5, 6)).mask(r -> padding(r, 3, 5)),
                new CrossCase("TransformerDecoderBlock(6, 2 heads, dFF 8), both padding masks", "decoder", Map.of("d", 6, "heads", 2, "dff", 8),
                        () -> new TransformerDecoderBlock(6, 2, 8, 0), 3, 4, 5, 6, true, true),
                new CrossCase("TransformerDecoderBlock(6, 3 heads, dFF 5), no masks", "decoder", Map.of("d", 6, "heads", 3, "dff", 5),
                        () -> new TransformerDecoderBlock(6, 3, 5, 0), 2, 3, 4, 6, false, false),

                loss("MeanSquaredError", "mse", Map.of(), MeanSquaredError::new, r -> randn(r, 4, 3), r -> randn(r, 4, 3)),
                loss("MeanAbsoluteError", "mae", Map.of(), MeanAbsoluteError::new, r -> randn(r, 4, 3), r -> randn(r, 4, 3)),
                loss("Huber(delta=1)", "huber", Map.of("delta", 1.0), Huber::new, r -> randn(r, 5, 3).muli(2), r -> randn(r, 5, 3)),
                loss("Huber(delta=0.5)", "huber", Map.of("delta", 0.5), () -> new Huber(0.5), r -> randn(r, 5, 3), r -> randn(r, 5, 3)),
                loss("BinaryCrossEntropy (6, 1)", "bce", Map.of(), BinaryCrossEntropy::new, r -> randn(r, 6, 1).muli(3),
                        r -> Nd4j.createFromArray(new double[][]{{0}, {1}, {1}, {0}, {1}, {0}})),
                loss("BinaryCrossEntropy (4, 3), soft targets, logits ±40", "bce", Map.of(), BinaryCrossEntropy::new,
                        r -> randn(r, 4, 3).muli(3).putScalar(0, 0, 40).putScalar(1, 1, -40), r -> uniform(r, 4, 3)),
                loss("CrossEntropy, one-hot", "cross_entropy", Map.of(), CrossEntropy::new, r -> randn(r, 5, 4).muli(2), r -> oneHot(r, 4, 5)),
                loss("CrossEntropy, soft targets", "cross_entropy", Map.of(), CrossEntropy::new, r -> randn(r, 5, 4).muli(2),
                        r -> Softmax.probabilities(randn(r, 5, 4))),
                loss("CrossEntropy(labelSmoothing=0.1)", "cross_entropy", Map.of("label_smoothing", 0.1), () -> new CrossEntropy(0.1),
                        r -> randn(r, 5, 4).muli(2), r -> oneHot(r, 4, 5)),
                loss("CrossEntropy on (2, 3, 4)", "cross_entropy", Map.of(), CrossEntropy::new, r -> randn(r, 2, 3, 4), r -> oneHot(r, 4, 2, 3)),
                loss("CrossEntropy(labelSmoothing=0.1) on (2, 3, 4)", "cross_entropy", Map.of("label_smoothing", 0.1), () -> new CrossEntropy(0.1),
                        r -> randn(r, 2, 3, 4), r -> oneHot(r, 4, 2, 3)),
                loss("SparseCrossEntropy", "cross_entropy", Map.of(), SparseCrossEntropy::new, r -> randn(r, 5, 4).muli(2), r -> ids(r, 4, 5)),
                loss("SparseCrossEntropy(ignoreIndex=0)", "cross_entropy", Map.of("ignore_index", 0), () -> new SparseCrossEntropy(0),
                        r -> randn(r, 6, 4), r -> Nd4j.createFromArray(0, 1, 3, 0, 2, 1)),
                loss("SparseCrossEntropy(ignoreIndex=2) on (2, 3, 5)", "cross_entropy", Map.of("ignore_index", 2), () -> new SparseCrossEntropy(2),
                        r -> randn(r, 2, 3, 5), r -> Nd4j.createFromArray(new int[][]{{1, 2, 4}, {2, 0, 3}})),

                optimizer("sgd", Map.of("lr", 0.1), () -> new SGD(0.1)),
                optimizer("momentum", Map.of("lr", 0.1, "momentum", 0.9, "nesterov", false), () -> new Momentum(0.1, 0.9)),
                optimizer("momentum", Map.of("lr", 0.1, "momentum", 0.8, "nesterov", true), () -> new Momentum(0.1, 0.8, true)),
                optimizer("momentum", Map.of("lr", 0.1, "momentum", 0.9, "nesterov", false, "clip_grad_norm", 1.0),
                        () -> new Momentum(0.1, 0.9).clipGradNorm(1.0)),
                optimizer("adagrad", Map.of("lr", 0.1, "eps", 1e-8), () -> new Adagrad(0.1)),
                optimizer("adagrad", Map.of("lr", 0.1, "eps", 0.1), () -> new Adagrad(0.1, 0.1)),      // a large eps: where it goes shows
                optimizer("rmsprop", Map.of("lr", 0.01, "rho", 0.9, "eps", 1e-8), () -> new RMSProp(0.01)),
                optimizer("rmsprop", Map.of("lr", 0.01, "rho", 0.8, "eps", 0.1), () -> new RMSProp(0.01, 0.8, 0.1)),
                optimizer("adam", adam(0.01, 0.9, 0.999, 1e-8, 0), () -> new Adam(0.01)),
                optimizer("adam", adam(0.01, 0.8, 0.9, 0.1, 0), () -> new Adam(0.01, 0.8, 0.9, 0.1)),
                optimizer("adamw", adam(0.01, 0.9, 0.999, 1e-8, 0.1), () -> new AdamW(0.01, 0.1)),
                optimizer("adamw", adam(0.1, 0.8, 0.9, 0.1, 0.5), () -> new AdamW(0.1, 0.5, 0.8, 0.9, 0.1)),

                distillation(1, 0.5, false), distillation(4, 0.9, false), distillation(20, 1, false), distillation(2.5, 0.3, true));
    }

    /**
     * Distillation at temperature T with weight α, against {@code α T² F.kl_div(log_softmax(z/T), softmax(v/T), "batchmean")
     * + (1 − α) F.cross_entropy(z, y)}: files {@code yhat}, {@code teacher} (the teacher's logits v) and {@code target}
     * (one-hot rows, or class ids); results {@code loss} and {@code grad} = dL/dz.
     */
    private static ParityCase distillation(double t, double alpha, boolean ids) {
        String name = "Distillation(T=" + t + ", alpha=" + alpha + ")" + (ids ? " with class ids" : "");
        return new ParityCase(name, "distillation", Map.of("temperature", t, "alpha", alpha)) {
            private INDArray z, v, y;

            @Override
            Map<String, Object> prepare(java.nio.file.Path dir, Random random) throws java.io.IOException {
                z = randn(random, 6, 5).muli(3);
                v = randn(random, 6, 5).muli(4);
                y = ids ? ids(random, 5, 6) : oneHot(random, 5, 6);
                Npy.write(dir.resolve("yhat.npy"), z);
                Npy.write(dir.resolve("teacher.npy"), v);
                Npy.write(dir.resolve("target.npy"), y);
                return spec("distillation");
            }

            @Override
            Map<String, INDArray> run() {
                Distillation kd = new Distillation(t, alpha);
                double value = kd.forward(z.dup(), y.dup(), v.dup());
                return Map.of("loss", Nd4j.createFromArray(value), "grad", kd.backward().dup());
            }
        };
    }

    private static LayerCase layer(String name, String kind, Map<String, Object> opts, Supplier<Layer> make, Function<Random, INDArray> input) {
        return new LayerCase(name, kind, opts, make, input);
    }

    private static LossCase loss(String name, String kind, Map<String, Object> opts, Supplier<Loss> make,
                                 Function<Random, INDArray> yHat, Function<Random, INDArray> target) {
        return new LossCase(name, kind, opts, make, yHat, target);
    }

    /** Named by the optimizer's toString, which lists every hyper-parameter. */
    private static OptimizerCase optimizer(String kind, Map<String, Object> opts, Supplier<Optimizer> make) {
        return new OptimizerCase(make.get().toString(), kind, opts, make);
    }

    private static LayerCase conv(int in, int out, int k, int stride, Padding padding, int h, int w) {
        Supplier<Layer> make = () -> new Conv2D(in, out, k, stride, padding);
        return layer(make.get() + " on (2, " + in + ", " + h + ", " + w + ")", "conv2d",
                Map.of("in", in, "out", out, "k", k, "stride", stride, "padding", padding.toString()), make, r -> randn(r, 2, in, h, w));
    }

    private static LayerCase convTranspose(int in, int out, int k, int stride, int padding, int h, int w) {
        Supplier<Layer> make = () -> new ConvTranspose2D(in, out, k, stride, padding);
        return layer(make.get() + " on (2, " + in + ", " + h + ", " + w + ")", "conv_transpose2d",
                Map.of("in", in, "out", out, "k", k, "stride", stride, "padding", padding), make, r -> randn(r, 2, in, h, w));
    }

    /** A recurrent layer (3 -> 4) on (3, 5, 3): every step or the last, with or without padding (torch: packed sequences). */
    private static LayerCase recurrent(String kind, java.util.function.BiFunction<Integer, Integer, ? extends Layer> make, boolean allSteps, boolean padded) {
        Supplier<Layer> layer = () -> {
            Layer l = make.apply(3, 4);
            return allSteps || !(l instanceof Recurrent r) ? l : r.lastOnly();
        };
        LayerCase c = layer(layer.get() + " on (3, 5, 3)" + (padded ? " with a padding mask" : ""), kind,
                Map.of("in", 3, "hidden", 4, "all", allSteps), layer, r -> randn(r, 3, 5, 3));
        return padded ? c.mask(r -> padding(r, 3, 5)) : c;
    }

    /** Self-attention (6 features) on (3, 5, 6): causal or not, with a key padding mask or not. */
    private static LayerCase attention(boolean causal, boolean padded, int heads) {
        Supplier<Layer> make = () -> new MultiHeadAttention(6, heads).causal(causal);
        LayerCase c = layer(make.get() + " self-attention" + (padded ? " with a padding mask" : ""), "mha",
                Map.of("d", 6, "heads", heads, "causal", causal), make, r -> randn(r, 3, 5, 6));
        return padded ? c.mask(r -> padding(r, 3, 5)) : c;
    }

    private static LayerCase pool(boolean max, int k, int stride, Padding padding, int h, int w) {
        Supplier<Layer> make = () -> max ? new MaxPool2D(k, stride, padding) : new AvgPool2D(k, stride, padding);
        return layer(make.get() + " on (2, 2, " + h + ", " + w + ")", max ? "maxpool2d" : "avgpool2d",
                Map.of("k", k, "stride", stride, "padding", padding.toString()), make, r -> randn(r, 2, 2, h, w));
    }

    private static Map<String, Object> batchNorm(int size, double momentum, double eps) {
        return Map.of("size", size, "momentum", momentum, "eps", eps);
    }

    private static Map<String, Object> adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        return Map.of("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay);
    }

    /** A tiny language model whose output layer uses the embedding's table: E gets gradient from both places. */
    private static Layer tiedModel() {
        Embedding embed = new Embedding(7, 4);
        return Sequential.of(embed, new Dense(4, 4), new Tanh(), new TiedDense(embed));
    }

    /** A padding mask (n, t): each row 1 for a random length in [1, t], then 0. */
    static INDArray padding(Random r, int n, int t) {
        double[][] m = new double[n][t];
        for (int i = 0; i < n; i++) {
            int length = i == 0 ? t : 1 + r.nextInt(t);
            for (int j = 0; j < length; j++) m[i][j] = 1;
        }
        return Nd4j.createFromArray(m);
    }
}
