package org.nnbook.exercise;

import static org.nnbook.exercise.ArrayChecks.*;

/**
 * The usual mistakes in exercises 3.1 to 3.3, recognised from an answer's numbers, so that the
 * checks can say which one an answer makes instead of only that its numbers differ.
 * <ul>
 *   <li>A hand-written Adam (Kingma &amp; Ba, 2015): each mistake is replayed on one scalar parameter
 *       with Adam's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, and compared with the answer's value.</li>
 *   <li>A warm-up-then-cosine schedule (Goyal et al., 2017; Loshchilov &amp; Hutter, 2017): a warm-up
 *       that starts at 0 or is missing, a cosine one epoch ahead, a rate that climbs again after the
 *       last epoch or falls to 0 instead of minLr, recognised from the rate at one step.</li>
 *   <li>The L2 penalty's gradient (Krogh &amp; Hertz, 1992): replacing the data gradient instead of adding
 *       to it, a missing factor 2 or λ, the wrong sign, recognised from what the answer added.</li>
 * </ul>
 */
final class TrainingMistakes {
    private static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;

    private TrainingMistakes() {}

    /** A mistake, and the hint that points at it without writing the fix. */
    enum Mistake {
        NOT_IN_PLACE("the value has not changed at all: sub, mul, div and add return a new array and leave the old one as it was;"
                + " the versions ending in i (subi, muli, divi, addi) change the array itself."),
        NO_BIAS_CORRECTION("your steps are those of Adam without its bias correction: m and v start at 0, so in the first steps"
                + " they are pulled towards 0, and m̂, v̂ undo that pull."),
        NO_SQUARE_ROOT("your steps are those of Adam dividing by v̂ itself: v̂ estimates g², so it is its square root that has"
                + " the size of a gradient."),
        WHOLE_GRADIENT("your m and v take in the whole new gradient each step: a moving average gives the new value the weight (1 − β)."),
        STATE_NOT_KEPT("your m and v start again from 0 at every step: they must last across steps (the arrays state(p, 2) gives"
                + " do last; update those in place)."),
        UPHILL("your parameter moves uphill: the update must go against the gradient."),
        PLAIN_SGD("that is a plain SGD step, θ − η g: Adam scales it by the moving averages m̂ and √v̂.");

        final String hint;

        Mistake(String hint) { this.hint = hint; }
    }

    /** Exercise 3.1: the hint of the Adam mistake that takes {@code x0} to {@code got} under the gradients {@code g} (steps 1, 2, ...), or null. */
    static String adam(double x0, double[] g, double lr, double got) {
        for (Mistake k : Mistake.values()) {
            double x = replay(k, x0, g, lr);
            if (Math.abs(x - got) <= 1e-9 + 1e-6 * Math.abs(got - x0)) return k.hint;
        }
        return null;
    }

    /** The value after {@code g.length} steps of Adam made with mistake {@code k}, from {@code x0}. */
    static double replay(Mistake k, double x0, double[] g, double lr) {
        double x = x0, m = 0, v = 0;
        for (int t = 1; t <= g.length; t++) {
            double gt = g[t - 1];
            if (k == Mistake.STATE_NOT_KEPT) m = v = 0;
            double w1 = k == Mistake.WHOLE_GRADIENT ? 1 : 1 - B1, w2 = k == Mistake.WHOLE_GRADIENT ? 1 : 1 - B2;
            m = B1 * m + w1 * gt;
            v = B2 * v + w2 * gt * gt;
            boolean corrected = k != Mistake.NO_BIAS_CORRECTION;
            double mHat = corrected ? m / (1 - Math.pow(B1, t)) : m, vHat = corrected ? v / (1 - Math.pow(B2, t)) : v;
            double step = switch (k) {
                case NOT_IN_PLACE -> 0;
                case PLAIN_SGD -> gt;
                case NO_SQUARE_ROOT -> mHat / (vHat + EPS);
                default -> mHat / (Math.sqrt(vHat) + EPS);
            };
            x = k == Mistake.UPHILL ? x + lr * step : x - lr * step;
        }
        return x;
    }

    /** Exercise 3.2: the hint of the usual mistake that gives {@code got} at (epoch, step) of a warm-up-then-cosine schedule. */
    static String schedule(double got, double lr, double minLr, int epochs, int warmup, int epoch, long step) {
        double warm = Math.min(1, (step + 1.0) / warmup);
        double cosine = minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs));
        if (close(got, 0)) return "a rate of 0 makes no step at all (optimizers refuse it): the first step of the warm-up already takes a small share.";
        if (close(got, cosine) && warm < 1) return "the first steps take the rate in full: the warm-up is missing, or it does not reach these steps.";
        if (close(got, cosine * step / warmup)) return "your warm-up is one step late: step 0 is the first step, and it takes 1/warmupSteps of the rate.";
        double ahead = minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(epoch + 1, epochs) / epochs));
        if (close(got, ahead * warm)) return "your cosine is one epoch ahead: epoch 0 (the first) starts at the full rate lr.";
        if (epoch > epochs) return "after the last epoch your rate moves away from minLr again: hold it there.";
        if (close(got, 0.5 * lr * (1 + Math.cos(Math.PI * epoch / epochs)) * warm)) return "your rate falls to 0 rather than to minLr.";
        return "compare with the chart of section 2 (warm-up 50 steps, then cosine); π · epoch / epochs goes from 0 to π.";
    }

    /**
     * Exercise 3.3: the hint for a penalised parameter whose gradient is {@code got} after the answer, {@code want} after
     * the library's penalty, and was {@code before} (the data gradient) when the answer started.
     */
    static String penalty(double[] got, double[] want, double[] before, double lambda) {
        double[] added = minus(got, before), right = minus(want, before);
        if (maxDiff(got, right) <= 1e-12) return "you replaced the gradient: backward has already put the data gradient there; add to it.";
        double ratio = dot(added, right) / dot(right, right);
        if (Math.abs(ratio - 0.5) < 1e-6) return "you add half the right amount: what is the derivative of λw² with respect to w?";
        if (Math.abs(ratio + 1) < 1e-6) return "you add it with the wrong sign: λw² grows as w moves away from 0, so its slope has the sign of w.";
        if (Math.abs(ratio - 1 / (2 * lambda)) < 1e-6) return "the strength λ is missing from what you add.";
        return "the gradient of λ Σ w² with respect to each w is added, element by element, to what backward left there.";
    }
}
