package org.nnbook.exercise;

import org.junit.jupiter.api.Test;

/** Each check of notebook 17 passes the reference answer, fails typical wrong ones with a useful message, and says "not yet" to the starter. */
class Exercises17Test extends VerdictChecks {

    static double[] step(double[] x, double[] g, double eps, boolean sign, double direction, boolean clip) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i] + direction * eps * (sign ? Math.signum(g[i]) : g[i]);
            out[i] = clip ? Math.max(0, Math.min(1, v)) : v;
        }
        return out;
    }

    @Test
    void fgsmStep() {
        right(Exercises17.fgsmStep((x, g, eps) -> step(x, g, eps, true, 1, true)));
        notYet(Exercises17.fgsmStep((x, g, eps) -> step(x, g, eps, true, 1, false)), "outside [0, 1]", "clip");
        notYet(Exercises17.fgsmStep((x, g, eps) -> step(x, g, eps, false, 1, true)), "gradient itself", "sign");
        notYet(Exercises17.fgsmStep((x, g, eps) -> step(x, g, eps, true, -1, true)), "lowers the loss");
        notYet(Exercises17.fgsmStep((x, g, eps) -> new double[1]), "pixels, not");
        notYet(Exercises17.fgsmStep((x, g, eps) -> starter()), "starter");
    }

    static double[] project(double[] adv, double[] x, double eps, boolean ball, boolean range, boolean aroundAdv) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double c = aroundAdv ? adv[i] : x[i], v = adv[i];
            if (ball) v = Math.max(c - eps, Math.min(c + eps, v));
            if (range) v = Math.max(0, Math.min(1, v));
            out[i] = v;
        }
        return out;
    }

    @Test
    void projection() {
        right(Exercises17.projection((adv, x, eps) -> project(adv, x, eps, true, true, false)));
        notYet(Exercises17.projection((adv, x, eps) -> project(adv, x, eps, false, true, false)), "more than ε from the original");
        notYet(Exercises17.projection((adv, x, eps) -> project(adv, x, eps, true, false, false)), "outside [0, 1]");
        notYet(Exercises17.projection((adv, x, eps) -> project(adv, x, eps, true, true, true)), "more than ε from the original");
        notYet(Exercises17.projection((adv, x, eps) -> starter()), "starter");
    }

    static double accuracy(double[] m, double[] n, double tau, boolean strict, boolean pooled, boolean membersOnly) {
        double tp = 0, tn = 0;
        for (double l : m) if (strict ? l < tau : l <= tau) tp++;
        for (double l : n) if (strict ? l >= tau : l > tau) tn++;
        if (membersOnly) return tp / m.length;
        return pooled ? (tp + tn) / (m.length + n.length) : (tp / m.length + tn / n.length) / 2;
    }

    @Test
    void thresholdAccuracy() {
        right(Exercises17.thresholdAccuracy((m, n, t) -> accuracy(m, n, t, true, false, false)));
        notYet(Exercises17.thresholdAccuracy((m, n, t) -> 1 - accuracy(m, n, t, true, false, false)), "one minus", "BELOW");
        notYet(Exercises17.thresholdAccuracy((m, n, t) -> accuracy(m, n, t, true, true, false)), "pooled");
        notYet(Exercises17.thresholdAccuracy((m, n, t) -> accuracy(m, n, t, true, false, true)), "true-positive rate");
        notYet(Exercises17.thresholdAccuracy((m, n, t) -> accuracy(m, n, t, false, false, false)), "exactly equal to τ");
        notYet(Exercises17.thresholdAccuracy((m, n, t) -> starter()), "starter");
    }
}
