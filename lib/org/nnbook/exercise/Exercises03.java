package org.nnbook.exercise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.loss.Penalty;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Optimizer;
import org.nnbook.optim.Schedule;
import org.nnbook.train.Trainer;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;

import static org.nnbook.exercise.ArrayChecks.*;

/**
 * The checks of notebook 03, "Training a network well": Adam's update written by hand (3.1), a
 * warm-up-then-cosine schedule (3.2), the L2 penalty's gradient (3.3), and regularising the big net
 * until its train–test gap closes (3.4). The first three run the answer side by side with the
 * library's {@link Adam}, {@link Schedule} and {@link Penalty}; the fourth trains it.
 */
public final class Exercises03 {
    /** Exercise 3.4's budget and targets: epochs, the least parameters, the least accuracy on unseen digits, the largest gap. */
    private static final int GAP_EPOCHS = 10, BIG_NET = 250_000;
    private static final double MIN_UNSEEN = 0.85, MAX_GAP = 0.09;

    private Exercises03() {}

    /** Exercise 3.2's answer: a schedule made from its four settings. */
    @FunctionalInterface
    public interface WarmupCosine {
        Schedule make(double lr, double minLr, int epochs, int warmupSteps);
    }

    /**
     * Exercise 3.1: an {@link Optimizer} that makes Adam's update (Kingma &amp; Ba, 2015) with β₁ = 0.9,
     * β₂ = 0.999, ε = 1e-8. {@code make} builds it for a learning rate; the check runs it and
     * {@code new Adam(lr)} for 6 steps on the same random gradients of two parameters (shapes (3, 4)
     * and (1, 5), gradients of very different sizes) and compares every value after every step.
     */
    public static Verdict adam(DoubleFunction<Optimizer> make) {
        return Exercise.check("Exercise 3.1 (Adam, by hand)", () -> {
            double lr = 0.01;
            Optimizer mine = make.apply(lr), ref = new Adam(lr);
            if (mine == null) return Exercise.notYet("the cell gave no optimizer (null).", "make your class: lr -> new MyAdam(lr).");
            if (mine instanceof Adam)
                return Exercise.notYet("that is the library's Adam (or a class extending it).", "extend Optimizer and write update(...) yourself.");
            Random rnd = new Random(31);
            long[][] shapes = {{3, 4}, {1, 5}};
            double[] scale = {1.0, 0.01};
            Parameter[] a = new Parameter[2], b = new Parameter[2];
            double[][] start = new double[2][];
            for (int k = 0; k < 2; k++) {
                INDArray init = uniform(rnd, shapes[k]);
                start[k] = flat(init);
                a[k] = new Parameter(k == 0 ? "W" : "b", init.dup());
                b[k] = new Parameter(k == 0 ? "W" : "b", init.dup());
            }
            int steps = 6;
            double[][][] grads = new double[2][12][steps];              // [parameter][element][step]
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < 2; k++) {
                    double[] g = new double[start[k].length];
                    for (int i = 0; i < g.length; i++) g[i] = grads[k][i][t] = scale[k] * (0.5 + rnd.nextGaussian());
                    a[k].grad().assign(Nd4j.createFromArray(g).reshape(shapes[k]));
                    b[k].grad().assign(a[k].grad());
                }
                ref.step(List.of(a));
                mine.step(List.of(b));
                for (int k = 0; k < 2; k++) {
                    double[] want = flat(a[k].value()), got = flat(b[k].value());
                    for (int i = 0; i < want.length; i++) {
                        if (Math.abs(got[i] - want[i]) <= 1e-9 + 1e-6 * Math.abs(want[i] - start[k][i])) continue;
                        double[] history = Arrays.copyOf(grads[k][i], t + 1);
                        String what = String.format("after step %d, element %d of parameter '%s' (it started at %.4f; its gradients were %s)"
                                + " is %.6g; Adam gives %.6g.", t + 1, i, a[k].name(), start[k][i], rounded(history), got[i], want[i]);
                        if (!Double.isFinite(got[i]))
                            return Exercise.notYet(what, "a division by zero? t is 1 at the first step, so 1 − β₁ᵗ is never 0.");
                        String mistake = TrainingMistakes.adam(start[k][i], history, lr, got[i]);
                        return Exercise.notYet(what, mistake != null ? mistake : "compare your code with the formulas line by line;"
                                + " the ops ending in i (muli, addi, subi, divi) change an array in place, the others return a new one.");
                    }
                }
            }
            return Exercise.right("the same values as the library's Adam over 6 steps, on two parameters whose gradients differ 100-fold in size.");
        });
    }

    /**
     * Exercise 3.2: a {@link Schedule} with a linear warm-up over the first {@code warmupSteps} steps
     * (the first step gets 1/warmupSteps of the rate) in front of cosine annealing from {@code lr} at
     * epoch 0 to {@code minLr} at epoch {@code epochs}, held at minLr after. Checked against
     * {@code Schedule.warmup(warmupSteps, Schedule.cosine(lr, minLr, epochs))} at every step of two
     * settings, three epochs past the end.
     */
    public static Verdict warmupCosine(WarmupCosine make) {
        return Exercise.check("Exercise 3.2 (warm-up, then cosine)", () -> {
            double[][] cases = {{1e-3, 1e-5, 10, 20, 10}, {0.1, 1e-3, 4, 5, 3}};   // lr, minLr, epochs, warm-up steps, steps per epoch
            for (double[] c : cases) {
                double lr = c[0], minLr = c[1];
                int epochs = (int) c[2], warmup = (int) c[3], perEpoch = (int) c[4];
                Schedule s = make.make(lr, minLr, epochs, warmup), ref = Schedule.warmup(warmup, Schedule.cosine(lr, minLr, epochs));
                if (s == null) return Exercise.notYet("the cell gave no schedule (null).", "return a lambda (epoch, step) -> rate.");
                if (s.getClass().getPackageName().equals(Schedule.class.getPackageName()))
                    return Exercise.notYet("that is the library's own schedule (" + s + ").", "write the formula yourself: return (epoch, step) -> ...");
                for (int epoch = 0; epoch < epochs + 3; epoch++)
                    for (long step = (long) epoch * perEpoch; step < (long) (epoch + 1) * perEpoch; step++) {
                        double got = s.lr(epoch, step), want = ref.lr(epoch, step);
                        if (Math.abs(got - want) <= 1e-9 * want) continue;
                        return Exercise.notYet(String.format("with lr = %s, minLr = %s, %d epochs and %d warm-up steps, at epoch %d, step %d your"
                                + " schedule gives %.4g; the right rate is %.4g.", lr, minLr, epochs, warmup, epoch, step, got, want),
                                TrainingMistakes.schedule(got, lr, minLr, epochs, warmup, epoch, step));
                    }
            }
            return Exercise.right("the same rate as the library at every step of two settings, warm-up, decay and the epochs after the end.");
        });
    }

    /**
     * Exercise 3.3: adds the gradient of the L2 penalty λ Σ w² into {@code p.grad()} of every
     * parameter that is trainable and regularized (not biases, not frozen ones), on top of the data
     * gradient already there. Checked against {@code Penalty.l2(λ).addGradient} on a weight, a bias
     * and a frozen weight.
     */
    public static Verdict l2Gradient(BiConsumer<List<Parameter>, Double> addGradient) {
        return Exercise.check("Exercise 3.3 (the L2 penalty's gradient)", () -> {
            double lambda = 0.05;
            List<Parameter> ref = penaltyCase(), mine = penaltyCase();
            List<double[]> data = ref.stream().map(p -> flat(p.grad())).toList(), values = ref.stream().map(p -> flat(p.value())).toList();
            Penalty.l2(lambda).addGradient(ref);
            addGradient.accept(mine, lambda);
            for (int k = 0; k < ref.size(); k++) {
                Parameter p = mine.get(k);
                if (maxDiff(flat(p.value()), values.get(k)) > 0)
                    return Exercise.notYet("you changed the value of '" + p.name() + "'.", "the penalty only adds to the gradient; the optimizer changes the values.");
                double[] got = flat(p.grad()), want = flat(ref.get(k).grad()), before = data.get(k);
                if (maxDiff(got, want) <= 1e-12) continue;
                String what = String.format("the gradient of '%s' %s is %s after your code; it should be %s (it was %s, the data gradient).", p.name(),
                        p.isTrainable() ? (p.isRegularized() ? "(a weight)" : "(a bias)") : "(frozen)", rounded(got), rounded(want), rounded(before));
                if (!Penalty.applies(p))
                    return Exercise.notYet(what, "'" + p.name() + "' is " + (p.isTrainable() ? "a bias (isRegularized() is false)" : "frozen (isTrainable() is false)")
                            + ": the penalty leaves it alone.");
                return Exercise.notYet(what, TrainingMistakes.penalty(got, want, before, lambda));
            }
            return Exercise.right("the same gradients as Penalty.l2 on a weight (penalised), a bias and a frozen weight (both left alone).");
        });
    }

    /**
     * Exercise 3.4: a {@link Trainer} of the big net of section 3 (784-256-256-10, at least 250,000
     * parameters) with regularisers of the student's choice. The check seeds the weights (11), trains
     * for 10 epochs (seed 42) on {@code Mnist.smallTrain()} with the notebook's 500 validation digits,
     * then measures accuracy on the training digits and on 500 digits neither saw
     * ({@code Mnist.smallTest().range(500, 1000)}): it passes when the unseen accuracy is at least 0.85
     * and the gap at most 9 points. The student's epochs, seed and progress display are overridden.
     */
    public static Verdict closeTheGap(Supplier<Trainer> training) {
        return Exercise.check("Exercise 3.4 (close the gap)", () -> {
            Seed.set(11);
            Trainer t = training.get();
            if (t == null) return Exercise.notYet("the cell gave no trainer (null).", "return new Trainer(net, loss, optimizer) with your regularisers.");
            if (t.model().parameterCount() < BIG_NET)
                return Exercise.notYet(String.format("your network has %,d parameters; the exercise keeps the big net (784-256-256-10, 269,322).",
                        t.model().parameterCount()),
                        "regularise the big net rather than shrink it: bigNet(dropout, batchNorm) builds it, with the layers you choose.");
            Dataset train = Mnist.smallTrain(), val = Mnist.smallTest().range(0, 500), unseen = Mnist.smallTest().range(500, 1000);
            t.epochs(GAP_EPOCHS).seed(42).quiet().fit(train, val);
            double trainAcc = t.evaluate(train).get("accuracy"), unseenAcc = t.evaluate(unseen).get("accuracy");
            String result = String.format("after %d epochs, accuracy %.3f on the 1,000 training digits and %.3f on 500 digits it never saw:"
                    + " a gap of %.1f points.", GAP_EPOCHS, trainAcc, unseenAcc, 100 * (trainAcc - unseenAcc));
            boolean accurate = unseenAcc >= MIN_UNSEEN, narrow = trainAcc - unseenAcc <= MAX_GAP;
            String target = String.format(" The targets: at least %.2f unseen (the unregularised net's level), a gap of at most %.0f points.", MIN_UNSEEN, 100 * MAX_GAP);
            if (!accurate && (narrow || trainAcc < 0.95))
                return Exercise.notYet(result + target, "so much regularisation that the net under-fits: it does not even learn its own"
                        + " training digits. Use less of it, or another kind.");
            if (!narrow)
                return Exercise.notYet(result + target, "most regularisers in section 3's table hold the network back; which one gives it"
                        + " more to learn from instead?");
            return Exercise.right(result);
        });
    }

    /** A weight (penalised), a bias and a frozen weight, with random values and data gradients; the same every call. */
    private static List<Parameter> penaltyCase() {
        Random rnd = new Random(5);
        Parameter w = new Parameter("W", uniform(rnd, 2, 3));
        Parameter b = new Parameter("b", uniform(rnd, 1, 3)).regularized(false);
        Parameter frozen = new Parameter("V", uniform(rnd, 1, 2)).trainable(false);
        for (Parameter p : List.of(w, b, frozen)) p.grad().assign(uniform(rnd, p.value().shape()));
        return List.of(w, b, frozen);
    }
}
