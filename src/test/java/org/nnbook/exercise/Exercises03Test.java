package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.data.Augment;
import org.nnbook.layers.BatchNorm;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Dropout;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Optimizer;
import org.nnbook.optim.Schedule;
import org.nnbook.train.Trainer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 03's exercise checks: the reference solutions (the same code as solutions/3.*.jsh) pass,
 * typical wrong answers fail with a message that names the mistake, unfinished starters get "not
 * yet", and strict checks throw.
 */
class Exercises03Test {

    /** solutions/3.1.jsh. */
    static class MyAdam extends Optimizer {
        final double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        final String mistake;

        MyAdam(double lr) { this(lr, ""); }

        MyAdam(double lr, String mistake) { super(lr); this.mistake = mistake; }

        @Override
        protected void update(Parameter p, INDArray value, INDArray grad) {
            INDArray[] s = state(p, 2);
            INDArray m = s[0], v = s[1];
            long t = steps();
            m.muli(beta1).addi(grad.mul(1 - beta1));
            v.muli(beta2).addi(grad.mul(grad).muli(1 - beta2));
            boolean corrected = !mistake.equals("no bias correction");
            INDArray mHat = corrected ? m.div(1 - Math.pow(beta1, t)) : m.dup();
            INDArray vHat = corrected ? v.div(1 - Math.pow(beta2, t)) : v.dup();
            INDArray denominator = mistake.equals("no square root") ? vHat.addi(eps) : Transforms.sqrt(vHat).addi(eps);
            INDArray step = mHat.divi(denominator).muli(lr());
            if (mistake.equals("not in place")) value.sub(step);
            else value.subi(step);
        }
    }

    /** solutions/3.2.jsh, with a typical mistake when {@code mistake} is not empty. */
    static Schedule warmupCosine(double lr, double minLr, int epochs, int warmupSteps, String mistake) {
        return (epoch, step) -> {
            int e = mistake.equals("ahead") ? epoch + 1 : epoch;
            int capped = mistake.equals("no hold") ? e : Math.min(e, epochs);
            double cosine = minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * capped / epochs));
            double share = mistake.equals("from zero") ? step / (double) warmupSteps : (step + 1.0) / warmupSteps;
            return cosine * Math.min(1.0, share);
        };
    }

    /** solutions/3.3.jsh, with a typical mistake when {@code mistake} is not empty. */
    static void addL2Gradient(List<Parameter> params, double lambda, String mistake) {
        for (Parameter p : params) {
            if (!mistake.equals("penalises biases") && (!p.isTrainable() || !p.isRegularized())) continue;
            if (mistake.equals("replaces")) p.grad().assign(p.value().mul(2 * lambda));
            else p.grad().addi(p.value().mul(mistake.equals("no factor 2") ? lambda : 2 * lambda));
        }
    }

    /** The notebook's bigNet(dropout, batchNorm): 784-256-256-10. */
    static Sequential bigNet(boolean dropout, boolean batchNorm) {
        List<Layer> layers = new ArrayList<>();
        for (int[] size : new int[][]{{784, 256}, {256, 256}}) {
            layers.add(new Dense(size[0], size[1]));
            if (batchNorm) layers.add(new BatchNorm(size[1]));
            layers.add(new ReLU());
            if (dropout) layers.add(new Dropout(0.5));
        }
        layers.add(new Dense(256, 10));
        return Sequential.of(layers);
    }

    static Trainer adamTrainer(Sequential net) { return new Trainer(net, new CrossEntropy(), new Adam(1e-3)); }

    private static void assertNotYet(Verdict v, String... inMessage) {
        assertFalse(v.passed(), "should not pass: " + v);
        for (String s : inMessage) assertTrue(v.message().contains(s), "the message should contain '" + s + "': " + v);
    }

    @Test
    void adamByHand() {
        Verdict right = Exercises03.adam(lr -> new MyAdam(lr));
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises03.adam(lr -> new MyAdam(lr, "no bias correction")), "after step 1", "bias correction");
        assertNotYet(Exercises03.adam(lr -> new MyAdam(lr, "no square root")), "square root");
        assertNotYet(Exercises03.adam(lr -> new MyAdam(lr, "not in place")), "has not changed", "subi");
        assertNotYet(Exercises03.adam(lr -> new Adam(lr)), "library's Adam");
        assertNotYet(Exercises03.adam(lr -> { throw new UnsupportedOperationException("your code here"); }), "starter");
    }

    @Test
    void warmupThenCosine() {
        Verdict right = Exercises03.warmupCosine((lr, minLr, epochs, w) -> warmupCosine(lr, minLr, epochs, w, ""));
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises03.warmupCosine((lr, minLr, epochs, w) -> warmupCosine(lr, minLr, epochs, w, "from zero")), "step 0", "rate of 0");
        assertNotYet(Exercises03.warmupCosine((lr, minLr, epochs, w) -> warmupCosine(lr, minLr, epochs, w, "ahead")), "one epoch ahead");
        assertNotYet(Exercises03.warmupCosine((lr, minLr, epochs, w) -> warmupCosine(lr, minLr, epochs, w, "no hold")), "epoch 11", "hold it");
        assertNotYet(Exercises03.warmupCosine((lr, minLr, epochs, w) -> Schedule.warmup(w, Schedule.cosine(lr, minLr, epochs))), "library's own");
        assertNotYet(Exercises03.warmupCosine((lr, minLr, epochs, w) -> (epoch, step) -> {
            throw new UnsupportedOperationException("your code here");
        }), "starter");
    }

    @Test
    void l2PenaltyGradient() {
        Verdict right = Exercises03.l2Gradient((params, lambda) -> addL2Gradient(params, lambda, ""));
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises03.l2Gradient((params, lambda) -> addL2Gradient(params, lambda, "no factor 2")), "'W'", "half", "derivative");
        assertNotYet(Exercises03.l2Gradient((params, lambda) -> addL2Gradient(params, lambda, "replaces")), "replaced the gradient");
        assertNotYet(Exercises03.l2Gradient((params, lambda) -> addL2Gradient(params, lambda, "penalises biases")), "'b'", "bias");
        assertNotYet(Exercises03.l2Gradient((params, lambda) -> { throw new UnsupportedOperationException("your code here"); }), "starter");
    }

    @Test
    void closeTheGap() {
        var aug = Augment.compose(Augment.rotate(10), Augment.shift(2));
        Verdict right = Exercises03.closeTheGap(() -> adamTrainer(bigNet(false, false)).augment(aug));
        assertTrue(right.passed(), right.toString());
        assertNotYet(Exercises03.closeTheGap(() -> adamTrainer(bigNet(false, false))), "a gap of", "at most 9 points", "more to learn from");
        assertNotYet(Exercises03.closeTheGap(() -> adamTrainer(bigNet(true, false))), "at most 9 points");
        assertNotYet(Exercises03.closeTheGap(() -> adamTrainer(Sequential.of(new Dense(784, 16), new ReLU(), new Dense(16, 10)))),
                "12,730 parameters", "big net");
        assertNotYet(Exercises03.closeTheGap(() -> adamTrainer(bigNet(true, false)).augment(aug)), "at least 0.85", "under-fits", "training digits");
        assertNotYet(Exercises03.closeTheGap(() -> { throw new UnsupportedOperationException("your code here"); }), "starter");
    }

    @Test
    void strictChecksThrowForAWrongAnswer() {
        System.setProperty("nnbook.exercises", "strict");
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> Exercises03.l2Gradient((params, lambda) -> addL2Gradient(params, lambda, "no factor 2")));
            assertTrue(e.getMessage().contains("Exercise 3.3"), e.getMessage());
            assertTrue(Exercises03.warmupCosine((lr, minLr, epochs, w) -> warmupCosine(lr, minLr, epochs, w, "")).passed());
        } finally {
            System.clearProperty("nnbook.exercises");
        }
    }
}
