package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Mnist;
import org.nnbook.data.Split;
import org.nnbook.eval.Evaluation;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.Padding;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nnbook.exercise.Exercise.notYet;
import static org.nnbook.exercise.Exercise.right;

/**
 * The checks of notebook 05 (convolutional networks), each against the library on many inputs: the
 * output size of a convolution (5.1), a convolution written with loops (5.2, against {@link Conv2D}),
 * the backward pass of max pooling (5.3, against {@link MaxPool2D}), LeNet-5's parameter counts
 * (5.4; LeCun et al., 1998) and a small CNN under a parameter budget (5.5, trained by the check).
 * Arrays are (N, C, H, W) images and (O, C, k, k) kernels, as in {@link Conv2D}.
 */
public final class Exercises05 {
    private Exercises05() {}

    /** Exercise 5.5's budget: at most this many parameters. */
    public static final long CNN_BUDGET = 5_000;
    /** Exercise 5.5's target: test accuracy on the 1,000 test digits of the jar after {@link #CNN_EPOCHS} epochs. */
    public static final double CNN_TARGET = 0.85;
    /** Exercise 5.5's training: this many epochs of Adam at 2e-3, batch 64, seeded. */
    public static final int CNN_EPOCHS = 10;

    /** A student's output size: height (or width) out of an input of size {@code in}, a k x k kernel, a stride, {@code pad} zeros each side. */
    @FunctionalInterface public interface OutputSize { long of(long in, int k, int stride, int pad); }

    /** A student's convolution: x (N, C, H, W), w (O, C, k, k), b (O), no padding → y (N, O, H', W'). */
    @FunctionalInterface public interface ConvForward { INDArray apply(INDArray x, INDArray w, INDArray b, int stride); }

    /** A student's max-pooling backward: x (N, C, H, W), dL/dy (N, C, H', W'), size x size windows, no padding → dL/dx (N, C, H, W). */
    @FunctionalInterface public interface PoolBackward { INDArray apply(INDArray x, INDArray gradOut, int size, int stride); }

    /** Exercise 5.1: the output size for inputs 1..32, kernels 1..7, strides 1..3 and padding 0..3, against {@link Padding#outputSize} and {@link Conv2D}. */
    public static Verdict outputSize(OutputSize answer) {
        return Exercise.check("Exercise 5.1 (output size)", () -> {
            int cases = 0;
            for (int pad = 0; pad <= 3; pad++) for (int stride = 1; stride <= 3; stride++) for (int k : new int[]{1, 2, 3, 5, 7})
                for (long in = Math.max(1, k - 2L * pad); in <= 32; in++, cases++) {
                    long want = Padding.VALID.outputSize(in + 2L * pad, k, stride), got = answer.of(in, k, stride, pad);
                    if (got == want) continue;
                    Conv2D conv = new Conv2D(1, 1, k, stride, Padding.VALID);
                    long layer = conv.forward(Nd4j.zeros(DataType.FLOAT, 1, 1, in + 2 * pad, k), false).size(2);   // the padded input
                    String hint = got == Padding.VALID.outputSize(in + pad, k, stride) ? "the pad zeros go on both sides, top and bottom."
                            : got == want - 1 ? "you are one short: the kernel's very first position counts too."
                            : got == in + 2L * pad - k + 1 ? "the kernel jumps stride pixels at a time, so it stops at fewer positions."
                            : "where can the kernel's top row sit, stepping stride rows at a time, with the whole kernel inside the padded input?";
                    return notYet(String.format("for in = %d, k = %d, stride = %d, pad = %d your size is %d, but %s on an input of height %d"
                            + " with %d rows of zeros added above and below gives %d.", in, k, stride, pad, got, conv, in, pad, layer), hint);
                }
            return right(String.format("right on all %,d cases", cases) + " (input 1 to 32, kernel 1 to 7, stride 1 to 3, padding 0 to 3). With stride 1 and"
                    + " pad = (k − 1) / 2 an odd kernel keeps the size: that is Padding.SAME.");
        });
    }

    /** Exercise 5.2: the student's convolution on 5 random cases (1 to 3 channels, kernels 1 to 3, strides 1 to 3) against {@link Conv2D}. */
    public static Verdict convolutionForward(ConvForward answer) {
        return Exercise.check("Exercise 5.2 (a convolution with loops)", () -> {
            Random rng = new Random(52);
            int[][] cases = {{1, 1, 5, 5, 1, 3, 1}, {2, 3, 7, 6, 4, 3, 1}, {2, 2, 9, 8, 3, 3, 2}, {1, 3, 8, 7, 2, 2, 3}, {2, 1, 6, 5, 2, 1, 2}};
            for (int[] c : cases) {   // N, C, H, W, O, k, stride
                INDArray x = ArrayChecks.random(rng, c[0], c[1], c[2], c[3]), w = ArrayChecks.random(rng, c[4], c[1], c[5], c[5]), b = ArrayChecks.random(rng, c[4]);
                INDArray want = ConvChecks.conv(x, w, b, c[6]), got = answer.apply(x.dup(), w.dup(), b.dup(), c[6]);
                String input = String.format("x %s, w %s, stride %d", ArrayChecks.shapeOf(x), ArrayChecks.shapeOf(w), c[6]);
                if (got == null) return notYet("for " + input + " your method returned null.", "return the output y, (N, O, H', W').");
                if (!Arrays.equals(got.shape(), want.shape()))
                    return notYet("for " + input + " your output has shape " + ArrayChecks.shapeOf(got) + ", Conv2D's has " + ArrayChecks.shapeOf(want) + ".",
                            "one output channel per kernel; H' and W' as in exercise 5.1, with no padding.");
                long[] at = ArrayChecks.firstDifference(got, want);
                if (at == null) continue;
                String what = String.format("for %s, y%s is %.4f in yours but %.4f in Conv2D's", input, Arrays.toString(at), got.getDouble(at), want.getDouble(at));
                String[] mistake = ConvChecks.mistake(got, x, w, b, c[6]);
                return mistake != null ? notYet(what + ": " + mistake[0], mistake[1]) : notYet(what + ".", "compare with the loop of section 1:"
                        + " which pixels lie under the window of output (i, j), and what is summed?");
            }
            return right("equal to Conv2D on " + cases.length + " random cases, 1 to 3 input channels, kernels 1x1 to 3x3, strides 1 to 3.");
        });
    }

    /** Exercise 5.3: the student's backward pass of max pooling on 4 random cases (overlapping windows too) against {@link MaxPool2D}. */
    public static Verdict maxPoolBackward(PoolBackward answer) {
        return Exercise.check("Exercise 5.3 (backward of max pooling)", () -> {
            Random rng = new Random(53);
            int[][] cases = {{1, 1, 4, 4, 2, 2}, {2, 3, 6, 5, 2, 2}, {1, 2, 5, 5, 3, 1}, {2, 2, 7, 6, 3, 2}};
            for (int[] c : cases) {   // N, C, H, W, size, stride
                INDArray x = ArrayChecks.random(rng, c[0], c[1], c[2], c[3]);
                MaxPool2D pool = new MaxPool2D(c[4], c[5], Padding.VALID);
                INDArray g = ArrayChecks.random(rng, pool.forward(x, true).shape()), want = pool.backward(g);
                pool.forward(x, true);
                INDArray wins = pool.backward(Nd4j.onesLike(g));   // how many windows each pixel is the maximum of
                INDArray got = answer.apply(x.dup(), g.dup(), c[4], c[5]);
                String input = String.format("x %s, %dx%d windows, stride %d", ArrayChecks.shapeOf(x), c[4], c[4], c[5]);
                if (got == null) return notYet("for " + input + " your method returned null.", "return dL/dx, of x's shape.");
                if (!Arrays.equals(got.shape(), x.shape()))
                    return notYet("for " + input + " your dL/dx has shape " + ArrayChecks.shapeOf(got) + ", not x's.", "dL/dx has one entry per pixel of x.");
                long[] at = ArrayChecks.firstDifference(got, want);
                if (at == null) continue;
                int n = (int) Math.round(wins.getDouble(at));
                String what = String.format("for %s, your dL/dx%s is %.4f, MaxPool2D's %.4f", input, Arrays.toString(at), got.getDouble(at), want.getDouble(at));
                return n == 0 ? notYet(what + ": that pixel is the maximum of no window.", "a pixel that is not its window's maximum does not change"
                                + " the output when it moves a little.")
                        : n > 1 ? notYet(what + ": that pixel is the maximum of " + n + " overlapping windows.", "it gets a gradient from each of them.")
                        : notYet(what + ": that pixel is the maximum of one window.", "the window's output moves exactly as its maximum does.");
            }
            return right("equal to MaxPool2D's backward on " + cases.length + " random cases, overlapping windows included.");
        });
    }

    /** Exercise 5.4: the parameter counts of {@code lenet}'s layers that have parameters, in order, as the student worked them out. */
    public static Verdict lenetParameters(Supplier<long[]> answer, Sequential lenet) {
        return Exercise.check("Exercise 5.4 (LeNet's parameters)", () -> {
            List<Layer> layers = lenet.layers().stream().filter(l -> l.parameterCount() > 0).toList();
            long[] got = answer.get();
            if (got == null || got.length != layers.size())
                return notYet("you gave " + (got == null ? "no" : got.length) + " numbers; the network has " + layers.size() + " layers with parameters: " + layers + ".",
                        "one number per layer with parameters, in order.");
            for (int i = 0; i < got.length; i++) {
                Layer l = layers.get(i);
                long want = l.parameterCount(), weights = l.parameters().stream().filter(p -> p.value().rank() > 1).mapToLong(Parameter::size).sum();
                if (got[i] == want) continue;
                String what = String.format("%s: %,d is not its number of parameters", l, got[i]);
                if (got[i] == weights) return notYet(what + ": it is the number of its weights.", "each output has a bias too.");
                if (l instanceof Conv2D c && got[i] == weights / c.inChannels() + (want - weights))
                    return notYet(what + ": it is what the layer would have with one input channel.", "each kernel spans all " + c.inChannels() + " input channels.");
                return notYet(what + ".", "count the numbers in its weight and bias arrays (their shapes are in the layer's javadoc);"
                        + " section 3 says what size reaches each layer.");
            }
            return right(String.format("all %d right: %,d parameters in all, %.0f%% of them in the dense layers.", got.length, lenet.parameterCount(),
                    100.0 * layers.stream().filter(l -> !(l instanceof Conv2D)).mapToLong(Layer::parameterCount).sum() / lenet.parameterCount()));
        });
    }

    /**
     * Exercise 5.5: a CNN of at most {@link #CNN_BUDGET} parameters, with at least one {@link Conv2D}, trained here for
     * {@link #CNN_EPOCHS} epochs (Adam 2e-3, batch 64, seeded) on the jar's 1,000 training digits, must reach {@link #CNN_TARGET}
     * on its 1,000 test digits (what quick mode trains on; the same in both modes, a few seconds).
     */
    public static Verdict smallCnn(Supplier<? extends Layer> build) {
        return Exercise.check("Exercise 5.5 (a CNN on a budget)", () -> {
            Seed.set(55);
            Layer net = build.get();
            if (net == null) return notYet("your method returned no network.", "return the Sequential you built.");
            if (!hasConv(net)) return notYet("your network has no Conv2D.", "the exercise is about how few weights a convolution needs.");
            if (net.parameterCount() > CNN_BUDGET)
                return notYet(String.format("your network has %,d parameters; the budget is %,d.", net.parameterCount(), CNN_BUDGET),
                        "most of them usually sit in the first Dense layer: what would make its input smaller?");
            Split digits = new Split(Mnist.asImages(Mnist.smallTrain()), null, Mnist.asImages(Mnist.smallTest())).centred();
            INDArray probe;
            try {
                probe = net.forward(digits.test().x().get(interval(0, 2)).dup(), false);
            } catch (RuntimeException e) {
                return notYet("on a batch of 2 digits (2, 1, 28, 28) your network fails: " + e.getMessage(), "the error says which layer and what it expected.");
            }
            if (!Arrays.equals(probe.shape(), new long[]{2, 10}))
                return notYet("on a batch of 2 digits your network's output has shape " + ArrayChecks.shapeOf(probe) + "; it needs (2, 10).", "end with one output per class.");
            new Trainer(net, new CrossEntropy(), new Adam(2e-3)).epochs(CNN_EPOCHS).batchSize(64).seed(1).quiet().fit(digits.train());
            double acc = Evaluation.of(net, digits.test()).accuracy();
            String what = String.format("with %,d parameters, after %d epochs on 1,000 digits your network gets %.1f%% of the 1,000 test digits right",
                    net.parameterCount(), CNN_EPOCHS, 100 * acc);
            return acc >= CNN_TARGET ? right(what + " (target " + Math.round(100 * CNN_TARGET) + "%); the dense networks we tried under the same budget stayed below 80%.")
                    : notYet(what + "; the target is " + Math.round(100 * CNN_TARGET) + "%.", "a convolution uses each weight at every position:"
                            + " where is a parameter worth most? Pooling makes later layers cheaper.");
        });
    }

    private static boolean hasConv(Layer l) {
        return l instanceof Conv2D || l instanceof Sequential s && s.layers().stream().anyMatch(Exercises05::hasConv);
    }
}
