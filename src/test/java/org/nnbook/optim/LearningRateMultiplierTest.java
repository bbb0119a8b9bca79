package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A parameter's learning-rate multiplier m, for every optimizer: its step is exactly m times the step at
 * multiplier 1, the same as the optimizer at learning rate η·m; m = 0 is frozen; and Adam counts the steps
 * of each parameter, so a layer unfrozen late starts its bias correction at t = 1.
 */
class LearningRateMultiplierTest {

    /** Every optimizer of the library, by learning rate. */
    private static final List<DoubleFunction<Optimizer>> ALL = List.of(SGD::new, Momentum::new, lr -> new Momentum(lr, 0.9, true),
            Adagrad::new, RMSProp::new, Adam::new, lr -> new AdamW(lr, 0.1));

    /** Four gradients of shape (3, 4), the same every time. */
    private static List<INDArray> gradients() {
        Seed.set(11);
        List<INDArray> g = new ArrayList<>();
        for (int i = 0; i < 4; i++) g.add(Nd4j.randn(DataType.DOUBLE, 3, 4));
        return g;
    }

    private static Parameter parameter() {
        Seed.set(12);
        return new Parameter("W", Nd4j.randn(DataType.DOUBLE, 3, 4));
    }

    @Test
    void aMultiplierIsTheOptimizerAtTheScaledLearningRate() {
        for (DoubleFunction<Optimizer> make : ALL) {
            Parameter scaled = parameter().lrMultiplier(0.25), plain = parameter();
            Optimizer withMultiplier = make.apply(0.1), atLowerRate = make.apply(0.025);
            for (INDArray g : gradients()) {
                scaled.grad().assign(g);
                plain.grad().assign(g);
                withMultiplier.step(List.of(scaled));
                atLowerRate.step(List.of(plain));
                assertEquals(0, scaled.value().sub(plain.value()).amaxNumber().doubleValue(), 1e-15, withMultiplier.toString());
            }
        }
    }

    /** Two copies of a parameter in one optimizer, multipliers 1 and 0.3: every update of the second is 0.3 times the first's. */
    @Test
    void everyStepIsExactlyScaled() {
        for (DoubleFunction<Optimizer> make : ALL) {
            Optimizer opt = make.apply(0.05);
            Parameter one = parameter(), third = parameter().lrMultiplier(0.3);
            List<INDArray> grads = gradients();
            // AdamW's decay, η m λ θ, scales with m too, but it also depends on θ, which differs between the two copies after step 1
            int steps = opt instanceof AdamW ? 1 : grads.size();
            for (int s = 0; s < steps; s++) {
                INDArray before1 = one.value().dup(), before3 = third.value().dup();
                one.grad().assign(grads.get(s));
                third.grad().assign(grads.get(s));
                opt.step(List.of(one, third));
                INDArray step1 = one.value().sub(before1), step3 = third.value().sub(before3);
                assertTrue(step1.amaxNumber().doubleValue() > 1e-4, opt + " moved the parameter");
                assertEquals(0, step3.sub(step1.mul(0.3)).amaxNumber().doubleValue(), 1e-14, opt + ", step " + (s + 1));
            }
        }
    }

    @Test
    void aZeroMultiplierIsFrozen() {
        for (DoubleFunction<Optimizer> make : ALL) {
            Parameter zero = parameter().lrMultiplier(0), frozen = parameter().trainable(false), other = parameter(), other2 = parameter();
            Optimizer a = make.apply(0.1).clipGradNorm(0.5), b = make.apply(0.1).clipGradNorm(0.5);
            INDArray start = zero.value().dup();
            for (INDArray g : gradients()) {
                for (Parameter p : List.of(zero, frozen, other, other2)) p.grad().assign(g);
                a.step(List.of(zero, other));
                b.step(List.of(frozen, other2));
                assertEquals(b.lastGradNorm(), a.lastGradNorm(), 1e-12, a + ": a parameter at multiplier 0 counts in the clipping norm like a frozen one, i.e. not");
                assertEquals(start, zero.value(), a + " changed a parameter at multiplier 0");
                assertEquals(other2.value(), other.value(), a + ": the other parameter trains as beside a frozen one");
            }
        }
    }

    /** A parameter that joins after 5 steps takes Adam's first step, η g / (|g| + ε), not one biased by the optimizer's step count. */
    @Test
    void adamCountsTheStepsOfEachParameter() {
        for (Adam adam : List.of(new Adam(0.01), new AdamW(0.01, 0))) {
            Parameter early = parameter(), late = parameter().trainable(false);
            List<INDArray> grads = gradients();
            for (int s = 0; s < 5; s++) {
                early.grad().assign(grads.get(s % grads.size()));
                adam.step(List.of(early, late));
            }
            assertEquals(5, adam.steps(early));
            assertEquals(0, adam.steps(late));
            late.trainable(true).lrMultiplier(0.5);
            INDArray before = late.value().dup(), g = grads.get(0);
            late.grad().assign(g);
            adam.step(List.of(early, late));
            INDArray want = g.div(Transforms.abs(g, true).addi(1e-8)).muli(-0.01 * 0.5);
            assertEquals(0, late.value().sub(before).sub(want).amaxNumber().doubleValue(), 1e-12, adam + ": the late parameter's first step");
            assertEquals(1, adam.steps(late));
            assertEquals(6, adam.steps());
        }
    }

    @Test
    void resetForgetsTheCounts() {
        Adam adam = new Adam(0.01);
        Parameter p = parameter();
        p.grad().assign(1);
        adam.step(List.of(p));
        adam.reset();
        assertEquals(0, adam.steps(p));
        assertEquals(0, adam.steps());
    }

    @Test
    void multipliersAreCheckedAndShown() {
        Parameter p = parameter();
        assertEquals(1, p.lrMultiplier());
        for (double bad : new double[]{-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.lrMultiplier(bad));
            assertTrue(e.getMessage().contains("'W'") && e.getMessage().contains(">= 0"), e.getMessage());
        }
        assertEquals("W[3, 4] (lr x0.1)", p.lrMultiplier(0.1).toString());
        assertEquals("W[3, 4] (frozen) (lr x0.1)", p.trainable(false).toString());
        assertEquals("W[3, 4]", p.trainable(true).lrMultiplier(1).toString());
    }
}
