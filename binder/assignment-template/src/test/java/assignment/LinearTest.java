package assignment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Seed;
import org.nnbook.exercise.Exercise;

import java.util.Arrays;

/** Parts 1 and 2: the forward and backward passes of {@link Linear}. */
class LinearTest {

    @Test
    void part1ForwardComputesXTimesWPlusB() {
        Checks.require("Part 1 (Linear.forward)", () -> {
            Seed.set(1);
            Linear layer = new Linear(3, 2);
            layer.weight().value().assign(Nd4j.createFromArray(new float[][]{{1, 2}, {3, 4}, {5, 6}}));
            layer.bias().value().assign(Nd4j.createFromArray(new float[][]{{0.5f, -1}}));
            INDArray x = Nd4j.createFromArray(new float[][]{{1, 0, 0}, {0, 1, 1}});
            INDArray y = layer.forward(x, true);
            INDArray expected = Nd4j.createFromArray(new float[][]{{1.5f, 1}, {8.5f, 9}});
            if (y == null) return Exercise.notYet("forward returned null.", "return the output array x W + b.");
            if (!Arrays.equals(y.shape(), expected.shape()))
                return Exercise.notYet("for x of shape (2, 3) and W of shape (3, 2) the output should have shape (2, 2), yours has "
                        + Arrays.toString(y.shape()) + ".", "x W is x.mmul(W); then add b to every row.");
            if (!y.castTo(DataType.FLOAT).equalsWithEps(expected, 1e-5))
                return Exercise.notYet("for x = " + x.toStringFull().replace("\n", "") + " the output should be "
                        + expected.toStringFull().replace("\n", "") + ", yours is " + y.toStringFull().replace("\n", "") + ".",
                        "y = x W + b: a matrix product, then the bias added to each row (addi broadcasts a (1, out) row).");
            return Exercise.right("x W + b, right on a 2 x 3 batch.");
        });
    }

    @Test
    void part2BackwardPassesTheGradientCheck() {
        Checks.require("Part 2 (Linear.backward, gradient check)", () -> {
            Seed.set(2);
            GradientCheck.Result r = GradientCheck.of(new Linear(4, 3)).check(Nd4j.randn(DataType.DOUBLE, 5, 4));
            if (!r.passed())
                return Exercise.notYet("your gradients differ from finite differences:\n" + r,
                        "dL/dW = xᵀ gradOut, dL/db = the column sums of gradOut, dL/dx = gradOut Wᵀ.");
            return Exercise.right(String.format("dL/dW, dL/db and dL/dx match finite differences (largest relative error %.1e).",
                    r.maxRelativeError()));
        });
    }

    @Test
    void part2BackwardAddsIntoTheGradients() {
        Checks.require("Part 2 (Linear.backward adds, it does not overwrite)", () -> {
            Seed.set(3);
            Linear layer = new Linear(4, 3);
            INDArray x = Nd4j.randn(DataType.FLOAT, 5, 4);
            INDArray g = Nd4j.randn(DataType.FLOAT, 5, 3);
            layer.forward(x, true);
            layer.backward(g);
            INDArray once = layer.weight().grad().dup();
            INDArray onceB = layer.bias().grad().dup();
            layer.forward(x, true);
            layer.backward(g);
            if (once.norm2Number().doubleValue() == 0)
                return Exercise.notYet("after a backward pass W's gradient is still all zeros.", "add dL/dW into weight().grad().");
            if (!layer.weight().grad().equalsWithEps(once.mul(2), 1e-4) || !layer.bias().grad().equalsWithEps(onceB.mul(2), 1e-4))
                return Exercise.notYet("after two backward passes the gradients should be twice those of one: yours are not.",
                        "add into the gradients (w.grad().addi(...)) instead of replacing them: a parameter used twice"
                                + " gets both contributions, and the Trainer zeroes the gradients before every step.");
            return Exercise.right("two backward passes add up.");
        });
    }
}
