package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.eval.Evaluation;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;
import org.nnbook.optim.Adam;
import org.nnbook.optim.SGD;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Exercises 1.1–1.4: the right answers pass, typical wrong ones fail with a message that says what is wrong. */
class Exercises01Test {

    static void assertRight(Verdict v) {
        System.out.println(v);
        assertTrue(v.passed(), v.toString());
    }

    static void assertNotYet(Verdict v, String... phrases) {
        System.out.println(v);
        assertFalse(v.passed(), v.toString());
        for (String p : phrases) assertTrue(v.message().contains(p), "expected '" + p + "' in: " + v);
        assertTrue(v.message().contains("Hint:") || v.message().contains("starter"), v.toString());
    }

    // ---- 1.1: the gradient of the cross-entropy ----------------------------------------------------------

    /** softmax along {@code axis} (1 = over the classes, right), shifted by the row maximum unless {@code naive}. */
    static INDArray softmax(INDArray z, int axis, boolean naive) {
        INDArray shifted = naive ? z.dup() : z.sub(z.max(true, 1));
        INDArray e = Transforms.exp(shifted, true);
        return axis == 1 ? e.div(e.sum(true, 1)) : e.div(e.sum(true, 0));
    }

    /** The solution of 1.1.jsh. */
    static final BinaryOperator<INDArray> RIGHT_GRADIENT = (z, y) -> softmax(z, 1, false).sub(y).div(z.size(0));

    @Test
    void crossEntropyGradientRightAnswerPasses() {
        assertRight(Exercises01.crossEntropyGradient(RIGHT_GRADIENT));
    }

    @Test
    void crossEntropyGradientTypicalMistakesFail() {
        assertNotYet(Exercises01.crossEntropyGradient((z, y) -> softmax(z, 1, false).sub(y)), "6 times");
        assertNotYet(Exercises01.crossEntropyGradient((z, y) -> y.sub(softmax(z, 1, false)).div(z.size(0))), "wrong sign");
        assertNotYet(Exercises01.crossEntropyGradient((z, y) -> softmax(z, 0, false).sub(y).div(z.size(0))), "sums to", "axis");
        assertNotYet(Exercises01.crossEntropyGradient((z, y) -> softmax(z, 1, true).sub(y).div(z.size(0))), "NaN or infinity", "1000");
        assertNotYet(Exercises01.crossEntropyGradient((z, y) -> softmax(z, 1, false).sub(y).div(z.size(0)).transpose()), "gradient has shape (4, 6)", "(6, 4)");
    }

    @Test
    void crossEntropyGradientStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises01.crossEntropyGradient((z, y) -> { throw new UnsupportedOperationException("your code here"); }), "starter");
        strict(() -> Exercises01.crossEntropyGradient((z, y) -> softmax(z, 1, false).sub(y)));
    }

    // ---- 1.2: the backward pass of a dense layer ----------------------------------------------------------

    /** The starter's layer; {@code mistake} picks the backward pass: "" is the solution of 1.2.jsh. */
    static final class MyDense implements Layer {
        final Parameter W, b;
        final String mistake;
        INDArray x;

        MyDense(int in, int out, String mistake) {
            W = new Parameter("W", Nd4j.randn(DataType.DOUBLE, in, out).muli(Math.sqrt(2.0 / in)));
            b = new Parameter("b", Nd4j.zeros(DataType.DOUBLE, 1, out));
            this.mistake = mistake;
        }

        public INDArray forward(INDArray x, boolean training) {
            this.x = x;
            return x.mmul(W.value()).addi(b.value());
        }

        public INDArray backward(INDArray gradOut) {
            switch (mistake) {
                case "starter" -> throw new UnsupportedOperationException("your code here");
                case "no transpose" -> W.grad().addi(x.mmul(gradOut));
                case "assign" -> W.grad().assign(x.transpose().mmul(gradOut));
                default -> W.grad().addi(x.transpose().mmul(gradOut));
            }
            if (!mistake.equals("no bias")) b.grad().addi(gradOut.sum(true, 0));
            return mistake.equals("returns gradOut") ? gradOut : gradOut.mmul(W.value().transpose());
        }

        public List<Parameter> parameters() { return List.of(W, b); }
    }

    @Test
    void denseBackwardRightAnswerPasses() {
        assertRight(Exercises01.denseBackward((in, out) -> new MyDense(in, out, "")));
    }

    @Test
    void denseBackwardTypicalMistakesFail() {
        assertNotYet(Exercises01.denseBackward((in, out) -> new MyDense(in, out, "no bias")), "b's gradient is still all zeros");
        assertNotYet(Exercises01.denseBackward((in, out) -> new MyDense(in, out, "no transpose")), "your backward threw", "shapes");
        assertNotYet(Exercises01.denseBackward((in, out) -> new MyDense(in, out, "assign")), "not the sum of both", "adds into grad()");
        assertNotYet(Exercises01.denseBackward((in, out) -> new MyDense(in, out, "returns gradOut")), "dL/dx has shape (5, 3)", "(5, 4)");
        assertNotYet(Exercises01.denseBackward((in, out) -> new Dense(in, out + 1)), "W (4, 3)");
    }

    @Test
    void denseBackwardStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises01.denseBackward((in, out) -> new MyDense(in, out, "starter")), "starter");
        strict(() -> Exercises01.denseBackward((in, out) -> new MyDense(in, out, "no bias")));
    }

    // ---- 1.3: digits on a budget --------------------------------------------------------------------------

    @Test
    void smallBudgetRightAnswerPasses() {
        // the solution of 1.3.jsh
        assertRight(Exercises01.smallBudget(() -> Sequential.of(new Dense(784, 60), new ReLU(), new Dense(60, 10)), () -> new Adam(1e-2)));
    }

    @Test
    void smallBudgetTypicalMistakesFail() {
        assertNotYet(Exercises01.smallBudget(() -> Sequential.of(new Dense(784, 256), new ReLU(), new Dense(256, 128), new ReLU(), new Dense(128, 10)),
                () -> new Adam(1e-3)), "235,146 parameters", "50,000");
        assertNotYet(Exercises01.smallBudget(() -> Sequential.of(new Dense(784, 60), new ReLU(), new Dense(60, 10)), () -> new SGD(0.001)),
                "hardly learned", "bar is 85");
        assertNotYet(Exercises01.smallBudget(() -> Sequential.of(new Dense(784, 60), new Dense(60, 10)), () -> new Adam(3e-3)),
                "bar is 85", "all Dense");
        assertNotYet(Exercises01.smallBudget(() -> Sequential.of(new Dense(784, 16)), () -> new Adam(1e-2)), "(2, 16)", "(2, 10)");
    }

    @Test
    void smallBudgetStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises01.smallBudget(() -> { throw new UnsupportedOperationException("your code here"); }, () -> new Adam(1e-2)), "starter");
        strict(() -> Exercises01.smallBudget(() -> Sequential.of(new Dense(784, 60), new ReLU(), new Dense(60, 10)), () -> new SGD(0.001)));
    }

    // ---- 1.4: the hardest digit ---------------------------------------------------------------------------

    /** 10 images per digit; 8 has the lowest recall (6 right), and 3 the lowest precision (every mistake is called 3). */
    static Evaluation evaluation() {
        List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
        for (int d = 0; d < 10; d++)
            for (int i = 0; i < 10; i++) {
                int wrong = d == 8 ? 4 : d == 5 || d == 7 ? 2 : 0;
                truth.add(d);
                predicted.add(i < wrong ? 3 : d);
            }
        List<String> names = new ArrayList<>();
        for (int d = 0; d < 10; d++) names.add(Integer.toString(d));
        return Evaluation.of(truth.stream().mapToInt(Integer::intValue).toArray(), predicted.stream().mapToInt(Integer::intValue).toArray(), names);
    }

    @Test
    void hardestDigitRightAnswerPasses() {
        Evaluation ev = evaluation();
        // the solution of 1.4.jsh: the digit of lowest recall, computed
        int lowest = 0;
        for (int k = 1; k < 10; k++) if (ev.recall(k) < ev.recall(lowest)) lowest = k;
        int answer = lowest;
        assertEquals(8, answer);
        assertRight(Exercises01.hardestDigit(() -> answer, ev));
    }

    @Test
    void hardestDigitTypicalMistakesFail() {
        assertNotYet(Exercises01.hardestDigit(() -> 3, evaluation()), "lowest precision", "rows of the confusion matrix");
        assertNotYet(Exercises01.hardestDigit(() -> 5, evaluation()), "digit 5's recall is 80.0 %", "another digit's is lower");
        assertNotYet(Exercises01.hardestDigit(() -> 10, evaluation()), "digits 0 to 9");
    }

    @Test
    void hardestDigitStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises01.hardestDigit(() -> { throw new UnsupportedOperationException("your code here"); }, evaluation()), "starter");
        strict(() -> Exercises01.hardestDigit(() -> 3, evaluation()));
    }

    /** With nnbook.exercises=strict, a wrong answer is an error (the solutions edition's tests). */
    static void strict(java.util.function.Supplier<Verdict> wrong) {
        System.setProperty("nnbook.exercises", "strict");
        try {
            AssertionError e = assertThrows(AssertionError.class, wrong::get);
            assertTrue(e.getMessage().contains("not yet"), e.getMessage());
        } finally {
            System.clearProperty("nnbook.exercises");
        }
    }
}
