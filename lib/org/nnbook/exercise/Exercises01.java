package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.eval.Evaluation;
import org.nnbook.layers.Dense;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Optimizer;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import static org.nnbook.exercise.ArrayChecks.*;

/**
 * The checks of notebook 01, the neuron and the fully connected network: a formula (the gradient of
 * the cross-entropy), a layer's backward pass (a dense layer, against the library's {@link Dense}), a
 * network that must learn digits under a budget, and a question read off the notebook's evaluation.
 */
public final class Exercises01 {
    /** Exercise 1.3's budget: parameters, epochs, batch size, and the accuracy to reach on the 1,000 small test digits. */
    static final int MAX_PARAMETERS = 50_000, EPOCHS = 5, BATCH = 32;
    static final double BAR = 0.85;

    private Exercises01() {}

    /**
     * Exercise 1.1: dL/dZ of the softmax cross-entropy, {@code (softmax(Z) − Y) / N}, for logits Z and
     * one-hot targets Y, both (N, C). Checked against {@link CrossEntropy#backward()} on random logits
     * (N = 6, C = 4), then on a batch with a logit of 1000, which overflows {@code e^z} unless handled.
     */
    public static Verdict crossEntropyGradient(BinaryOperator<INDArray> answer) {
        return Exercise.check("Exercise 1.1 (the gradient of the cross-entropy)", () -> {
            Random rnd = new Random(11);
            for (int round = 0; round < 3; round++) {
                INDArray z = gaussian(rnd, 6, 4, 0, 3);
                if (round == 2) for (int k = 0; k < 4; k++) z.putScalar(0, k, new double[]{1000, 0, -3, 2}[k]);
                int[] labels = rnd.ints(6, 0, 4).toArray();
                INDArray y = Dataset.oneHot(labels, 4).castTo(DataType.DOUBLE);
                CrossEntropy ce = new CrossEntropy();
                ce.forward(z, y);
                INDArray expected = ce.backward().castTo(DataType.DOUBLE);
                INDArray got = answer.apply(z.dup(), y.dup());
                String shape = shapeProblem(got, "gradient", expected, "dL/dZ has the logits' shape");
                if (shape != null) return Exercise.notYet(shape, "the gradient of a loss has the shape of what it is the gradient of.");
                got = got.castTo(DataType.DOUBLE);
                if (close(got, expected)) continue;
                if (!finite(got))
                    return Exercise.notYet("for the logits row " + row(z, 0) + " your gradient holds NaN or infinity: " + row(got, 0) + ".",
                            "e^1000 overflows a double. The notebook's crossEntropy computes softmax without overflow: a shift of the scores changes nothing mathematically.");
                if (close(got, expected.mul(6)))
                    return Exercise.notYet("your gradient is N = 6 times the right one (the batch has 6 rows).", "the loss is the mean over the N examples of the batch.");
                if (close(got, expected.neg()))
                    return Exercise.notYet("your gradient has the wrong sign everywhere.", "raising the true class's score lowers the loss: what sign must dL/dz of the true class have?");
                double[] sums = got.sum(1).toDoubleVector();
                for (int r = 0; r < sums.length; r++)
                    if (Math.abs(sums[r]) > 1e-6)
                        return Exercise.notYet(String.format("row %d of your gradient sums to %.4f; every row of the right one sums to 0 (a row of softmax and a one-hot row both sum to 1).", r, sums[r]),
                                "softmax turns the C scores of one example into probabilities: along which axis of (N, C) must it normalise?");
                return Exercise.notYet(firstDifference(got, expected, "dL/dZ"), "compare your formula with the first row of the backpropagation table in section 4.");
            }
            return Exercise.right("equal to CrossEntropy's gradient on 3 random batches of 6 × 4 logits, one with a logit of 1000.");
        });
    }

    /**
     * Exercise 1.2: the backward pass of a dense layer y = x W + b written by the student (the layer the
     * factory builds for (inFeatures, outFeatures), listing W then b in {@code parameters()}). Checked
     * against the library's {@link Dense} with the same weights on a batch of 5: dL/dW, dL/db and the
     * returned dL/dx, and that a second backward pass adds into the gradients instead of replacing them.
     */
    public static Verdict denseBackward(BiFunction<Integer, Integer, ? extends Layer> answer) {
        return Exercise.check("Exercise 1.2 (the backward pass of a dense layer)", () -> {
            Layer layer = answer.apply(4, 3);
            List<Parameter> ps = layer.parameters();
            if (ps.size() != 2 || !shapeOf(ps.get(0).value()).equals("(4, 3)") || !shapeOf(ps.get(1).value()).equals("(1, 3)"))
                return Exercise.notYet("for MyDense(4, 3) your parameters() lists " + ps + "; the check needs W (4, 3) and then b (1, 3).",
                        "keep the starter's constructor and parameters(); only backward is yours to write.");
            Random rnd = new Random(12);
            Dense ref = new Dense(4, 3);
            layer.castTo(DataType.DOUBLE);
            ref.castTo(DataType.DOUBLE);
            Parameter w = ps.get(0), b = ps.get(1);
            w.set(gaussian(rnd, 4, 3, 0, 1));
            b.set(gaussian(rnd, 1, 3, 0, 1));
            ref.weight().set(w.value());
            ref.bias().set(b.value());
            INDArray x = gaussian(rnd, 5, 4, 0, 1), g = gaussian(rnd, 5, 3, 0, 1);
            if (!close(layer.forward(x.dup(), true).castTo(DataType.DOUBLE), ref.forward(x, true)))
                return Exercise.notYet("your forward pass no longer computes x W + b.", "the starter's forward was right: put it back.");
            layer.zeroGrad();
            ref.zeroGrad();
            INDArray dx;
            try {
                dx = layer.backward(g.dup());
            } catch (UnsupportedOperationException e) {
                throw e;
            } catch (RuntimeException e) {
                return Exercise.notYet("your backward threw: " + firstLine(e) + ".",
                        "write down each product's shapes: x (5, 4), gradOut (5, 3), W (4, 3). A product (a, b)(b, c) needs equal inner sizes, and dL/dW has W's shape.");
            }
            INDArray dxRef = ref.backward(g);
            if (zero(w.grad())) return Exercise.notYet("W's gradient is still all zeros after your backward.", "backward must add dL/dW into W.grad().");
            if (!close(w.grad(), ref.weight().grad()))
                return Exercise.notYet(firstDifference(w.grad(), ref.weight().grad(), "dL/dW"), "dL/dW[i][j] sums x[n][i] · gradOut[n][j] over the n examples of the batch.");
            if (zero(b.grad())) return Exercise.notYet("b's gradient is still all zeros after your backward.", "every parameter's gradient must be filled in: the bias's too.");
            if (close(b.grad(), ref.bias().grad().div(5)))
                return Exercise.notYet("your dL/db is the right one divided by N = 5.", "gradOut already holds the loss's 1/N: the bias's gradient sums over the batch.");
            if (!close(b.grad(), ref.bias().grad()))
                return Exercise.notYet(firstDifference(b.grad(), ref.bias().grad(), "dL/db"), "b is added to every row of x W: its gradient collects gradOut from every row.");
            String shape = shapeProblem(dx, "dL/dx", dxRef, "it has x's shape");
            if (shape != null) return Exercise.notYet(shape + " The layer before needs it.", "backward returns the gradient of its input x.");
            if (!close(dx.castTo(DataType.DOUBLE), dxRef))
                return Exercise.notYet(firstDifference(dx.castTo(DataType.DOUBLE), dxRef, "dL/dx"), "y depends on x through W: dL/dx[n][i] sums gradOut[n][j] · W[i][j] over j.");
            layer.forward(x.dup(), true);
            layer.backward(g.dup());
            if (!close(w.grad(), ref.weight().grad().mul(2)) || !close(b.grad(), ref.bias().grad().mul(2)))
                return Exercise.notYet("after two backward passes without zeroGrad, your gradients equal one pass's, not the sum of both.",
                        "the Layer contract: backward adds into grad(); the training loop zeroes it before each step.");
            return Exercise.right("dL/dW, dL/db and dL/dx equal the library's Dense on a batch of 5 × 4, and gradients add up over two passes.");
        });
    }

    /**
     * Exercise 1.3: a network of at most 50,000 parameters, and its optimizer, that reach 85 % on the
     * 1,000 small test digits after the check trains them (cross-entropy, 5 epochs, batch 32, seed 42)
     * on the 1,000 small training digits.
     */
    public static Verdict smallBudget(Supplier<? extends Model> network, Supplier<? extends Optimizer> optimizer) {
        return Exercise.check("Exercise 1.3 (digits on a budget)", () -> {
            Seed.set(42);
            Model net = network.get();
            Optimizer opt = optimizer.get();
            if (net == null || opt == null) return Exercise.notYet("your " + (net == null ? "network" : "optimizer") + " is null.", "return one from your method.");
            long count = net.parameterCount();
            if (count > MAX_PARAMETERS)
                return Exercise.notYet(String.format("your network has %,d parameters; the budget is %,d.", count, MAX_PARAMETERS),
                        "a Dense(in, out) holds in · out + out of them: the first layer, from 784 pixels, costs the most.");
            Dataset train = Mnist.smallTrain(), test = Mnist.smallTest();
            INDArray out = net.predict(Inputs.of(train.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))));
            if (!shapeOf(out).equals("(2, 10)"))
                return Exercise.notYet("your network turns 2 digits (2, 784) into " + shapeOf(out) + "; it must give one score per class, (2, 10).",
                        "the last layer's outputs are the 10 logits the cross-entropy reads.");
            History h;
            try {
                h = new Trainer(net, new CrossEntropy(), opt).epochs(EPOCHS).batchSize(BATCH).seed(42).quiet().fit(train);
            } catch (IllegalStateException e) {
                return Exercise.notYet("training failed: " + firstLine(e), "a step size that is too large makes the loss explode (section 3).");
            }
            double acc = new Trainer(net, new CrossEntropy(), opt).quiet().evaluate(test).get("accuracy");
            String run = String.format("after %d epochs your network (%,d parameters) reaches %.1f %% on the 1,000 test digits", EPOCHS, count, 100 * acc);
            if (acc >= BAR) return Exercise.right(run + String.format(" (bar: %.0f %%).", 100 * BAR));
            boolean linear = net instanceof Sequential s && s.layers().stream().allMatch(l -> l instanceof Dense);
            String hint = h.last("loss") > 0.7 * h.first("loss")
                    ? String.format("the loss went only from %.2f to %.2f: your network hardly learned. Which setting decides how far each step goes (section 3)?", h.first("loss"), h.last("loss"))
                    : linear ? "your layers are all Dense: without an activation between them they collapse into one linear map (section 1)."
                    : "with only 5 passes over the data, the step size matters most: try a few (section 3).";
            return Exercise.notYet(run + String.format("; the bar is %.0f %%.", 100 * BAR), hint);
        });
    }

    /**
     * Exercise 1.4: the digit that the notebook's network recognises worst, i.e. with the lowest recall
     * (the share of that digit's test images it classifies right), read from {@code evaluation}. Any
     * digit tied for the lowest recall is right.
     */
    public static Verdict hardestDigit(IntSupplier answer, Evaluation evaluation) {
        return Exercise.check("Exercise 1.4 (the hardest digit)", () -> {
            int c = evaluation.classNames().size(), d = answer.getAsInt();
            if (d < 0 || d >= c) return Exercise.notYet("your answer is " + d + ", but the classes are the digits 0 to " + (c - 1) + ".", "answer with a digit.");
            double lowest = Double.MAX_VALUE, lowestPrecision = Double.MAX_VALUE;
            for (int k = 0; k < c; k++) {
                lowest = Math.min(lowest, evaluation.recall(k));
                if (!Double.isNaN(evaluation.precision(k))) lowestPrecision = Math.min(lowestPrecision, evaluation.precision(k));
            }
            double r = evaluation.recall(d);
            if (r <= lowest + 1e-12)
                return Exercise.right(String.format("digit %d: the network gets only %.1f %% of its %d test images right, the lowest recall of the %d digits.", d, 100 * r, evaluation.support(d), c));
            String what = String.format("digit %d's recall is %.1f %%, but another digit's is lower.", d, 100 * r);
            if (evaluation.precision(d) <= lowestPrecision + 1e-12)
                return Exercise.notYet(String.format("digit %d has the lowest precision (%.1f %%: of the images called %d, the most were another digit); ", d, 100 * evaluation.precision(d), d) + what,
                        "the question is about the true digits: the rows of the confusion matrix, not its columns.");
            return Exercise.notYet(what, "recall = the images of a digit classified right / all its test images: the recall column of the table, or the rows of the confusion matrix.");
        });
    }
}
