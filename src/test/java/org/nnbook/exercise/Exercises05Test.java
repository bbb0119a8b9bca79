package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Sequential;
import org.nnbook.layers.*;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Each check of notebook 05 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises05Test extends VerdictChecks {

    @Test
    void outputSize() {
        right(Exercises05.outputSize((in, k, s, p) -> (in + 2 * p - k) / s + 1));
        notYet(Exercises05.outputSize((in, k, s, p) -> (in + 2 * p - k) / s), "in = 1, k = 1, stride = 1, pad = 0 your size is 0", "Conv2D(1 -> 1, 1x1, stride 1, valid) on an input of height 1 with 0 rows of zeros added above and below gives 1", "one short");
        notYet(Exercises05.outputSize((in, k, s, p) -> (in + p - k) / s + 1), "pad = 1 your size is 2", "gives 3", "both sides");
        notYet(Exercises05.outputSize((in, k, s, p) -> in + 2 * p - k + 1), "stride = 2", "stride pixels at a time");
        notYet(Exercises05.outputSize((in, k, s, p) -> (in + 2 * p - k + s - 1) / s + 1), "in = 2, k = 1, stride = 2, pad = 0 your size is 2", "gives 1");
        notYet(Exercises05.outputSize((in, k, s, p) -> starter()), "starter");
    }

    /** A convolution with loops: right with every flag true; each false flag is a typical mistake. */
    private static INDArray conv(INDArray x, INDArray w, INDArray b, int stride, boolean noFlip, boolean bias, boolean strided, boolean allChannels) {
        long n = x.size(0), o = w.size(0), c = w.size(1), k = w.size(2);
        long oh = (x.size(2) - k) / stride + 1, ow = (x.size(3) - k) / stride + 1;
        INDArray y = Nd4j.zeros(n, o, oh, ow);
        for (long a = 0; a < n; a++) for (long f = 0; f < o; f++) for (long i = 0; i < oh; i++) for (long j = 0; j < ow; j++) {
            double s = bias ? b.getDouble(f) : 0;
            for (long ch = 0; ch < (allChannels ? c : 1); ch++) for (long u = 0; u < k; u++) for (long v = 0; v < k; v++) {
                long r = (strided ? i * stride : i) + u, q = (strided ? j * stride : j) + v;
                s += w.getDouble(f, ch, noFlip ? u : k - 1 - u, noFlip ? v : k - 1 - v) * x.getDouble(a, ch, r, q);
            }
            y.putScalar(new long[]{a, f, i, j}, s);
        }
        return y;
    }

    @Test
    void convolutionForward() {
        right(Exercises05.convolutionForward((x, w, b, s) -> conv(x, w, b, s, true, true, true, true)));
        notYet(Exercises05.convolutionForward((x, w, b, s) -> conv(x, w, b, s, false, true, true, true)), "x (1, 1, 5, 5)", "turned by 180°", "do not flip");
        notYet(Exercises05.convolutionForward((x, w, b, s) -> conv(x, w, b, s, true, false, true, true)), "without its biases");
        notYet(Exercises05.convolutionForward((x, w, b, s) -> conv(x, w, b, s, true, true, false, true)), "stride 2", "one pixel at a time");
        notYet(Exercises05.convolutionForward((x, w, b, s) -> conv(x, w, b, s, true, true, true, false)), "x (2, 3, 7, 6)", "first input channel");
        notYet(Exercises05.convolutionForward((x, w, b, s) -> conv(x, w, b, 1, true, true, true, true)), "your output has shape (2, 3, 7, 6), Conv2D's has (2, 3, 4, 3)");
        notYet(Exercises05.convolutionForward((x, w, b, s) -> starter()), "starter");
    }

    /** Max pooling's backward with loops: right as is; "every", "average" and "assign" are typical mistakes. */
    private static INDArray poolBack(INDArray x, INDArray g, int size, int stride, String mistake) {
        INDArray dx = Nd4j.zeros(x.dataType(), x.shape());
        for (long n = 0; n < g.size(0); n++) for (long c = 0; c < g.size(1); c++)
            for (long i = 0; i < g.size(2); i++) for (long j = 0; j < g.size(3); j++) {
                long bi = i * stride, bj = j * stride;
                for (long u = 0; u < size; u++) for (long v = 0; v < size; v++) {
                    long r = i * stride + u, q = j * stride + v;
                    if (x.getDouble(n, c, r, q) > x.getDouble(n, c, bi, bj)) { bi = r; bj = q; }
                    if (mistake.equals("every")) dx.putScalar(new long[]{n, c, r, q}, dx.getDouble(n, c, r, q) + g.getDouble(n, c, i, j));
                    if (mistake.equals("average")) dx.putScalar(new long[]{n, c, r, q}, dx.getDouble(n, c, r, q) + g.getDouble(n, c, i, j) / (size * size));
                }
                double before = mistake.equals("assign") ? 0 : dx.getDouble(n, c, bi, bj);
                if (mistake.equals("") || mistake.equals("assign")) dx.putScalar(new long[]{n, c, bi, bj}, before + g.getDouble(n, c, i, j));
            }
        return dx;
    }

    @Test
    void maxPoolBackward() {
        right(Exercises05.maxPoolBackward((x, g, size, s) -> poolBack(x, g, size, s, "")));
        notYet(Exercises05.maxPoolBackward((x, g, size, s) -> poolBack(x, g, size, s, "every")), "x (1, 1, 4, 4)", "maximum of no window");
        notYet(Exercises05.maxPoolBackward((x, g, size, s) -> poolBack(x, g, size, s, "average")), "maximum of no window");
        notYet(Exercises05.maxPoolBackward((x, g, size, s) -> poolBack(x, g, size, s, "assign")), "3x3 windows, stride 1", "overlapping windows", "from each of them");
        notYet(Exercises05.maxPoolBackward((x, g, size, s) -> g), "has shape (1, 1, 2, 2), not x's");
        notYet(Exercises05.maxPoolBackward((x, g, size, s) -> starter()), "starter");
    }

    static Sequential lenet() {
        return Sequential.of(new Conv2D(1, 6, 5, 1, Padding.SAME), new ReLU(), new MaxPool2D(2), new Conv2D(6, 16, 5), new ReLU(), new MaxPool2D(2),
                new Flatten(), new Dense(400, 120), new ReLU(), new Dense(120, 84), new ReLU(), new Dense(84, 10));
    }

    @Test
    void lenetParameters() {
        Sequential lenet = lenet();
        right(Exercises05.lenetParameters(() -> new long[]{156, 2_416, 48_120, 10_164, 850}, lenet));
        notYet(Exercises05.lenetParameters(() -> new long[]{150, 2_400, 48_000, 10_080, 840}, lenet), "Conv2D(1 -> 6, 5x5", "150 is not", "its weights", "bias");
        notYet(Exercises05.lenetParameters(() -> new long[]{156, 416, 48_120, 10_164, 850}, lenet), "Conv2D(6 -> 16", "one input channel", "all 6 input channels");
        notYet(Exercises05.lenetParameters(() -> new long[]{156, 2_416, 30_840, 10_164, 850}, lenet), "Dense", "30,840 is not", "section 3");
        notYet(Exercises05.lenetParameters(() -> new long[]{156, 2_416, 48_120, 10_164}, lenet), "you gave 4 numbers", "5 layers with parameters");
        notYet(Exercises05.lenetParameters(Exercises05Test::starter, lenet), "starter");
    }

    @Test
    void smallCnn() {
        right(Exercises05.smallCnn(() -> Sequential.of(new Conv2D(1, 6, 5), new ReLU(), new MaxPool2D(2), new Conv2D(6, 12, 3), new ReLU(),
                new MaxPool2D(2), new Flatten(), new Dense(300, 10))));
        notYet(Exercises05.smallCnn(() -> Sequential.of(new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(5408, 10))),
                "54,410 parameters; the budget is 5,000", "first Dense layer");
        notYet(Exercises05.smallCnn(() -> Sequential.of(new Flatten(), new Dense(784, 6), new ReLU(), new Dense(6, 10))), "no Conv2D");
        notYet(Exercises05.smallCnn(() -> Sequential.of(new Conv2D(1, 8, 3), new ReLU(), new MaxPool2D(4), new Flatten(), new Dense(400, 10))),
                "on a batch of 2 digits (2, 1, 28, 28) your network fails", "Dense");
        notYet(Exercises05.smallCnn(() -> Sequential.of(new Conv2D(1, 4, 3), new ReLU(), new MaxPool2D(8), new Flatten(), new Dense(36, 10))),
                "with 410 parameters", "the target is 85%");   // pools too much away
        notYet(Exercises05.smallCnn((Supplier<Sequential>) Exercises05Test::starter), "starter");
    }

    @Test
    void strictChecksThrow() {
        System.setProperty("nnbook.exercises", "strict");
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Exercises05.outputSize((in, k, s, p) -> 0));
            assertTrue(e.getMessage().contains("Exercise 5.1") && e.getMessage().contains("not yet"), e.getMessage());
            assertThrows(AssertionError.class, () -> Exercises05.lenetParameters(Exercises05Test::starter, lenet()));
            assertTrue(Exercises05.outputSize((in, k, s, p) -> (in + 2 * p - k) / s + 1).passed());
        } finally {
            System.clearProperty("nnbook.exercises");
        }
    }
}
