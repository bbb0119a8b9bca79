package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The comparison notebook 03 shows, as a test so its story stays true: 500 steps on the Rosenbrock
 * function f(x, y) = (1 − x)² + 100 (y − x²)² from (−1.5, 2), whose minimum f = 0 at (1, 1) lies at
 * the bottom of a long, curved, flat-floored valley.
 */
class OptimizerComparisonTest {

    static double rosenbrock(double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); }

    /** f after {@code steps} steps of {@code opt} from (−1.5, 2). */
    static double descend(Optimizer opt, int steps) {
        Parameter p = new Parameter("xy", Nd4j.createFromArray(new double[][]{{-1.5, 2}}));
        for (int i = 0; i < steps; i++) {
            double x = p.value().getDouble(0), y = p.value().getDouble(1);
            p.grad().putScalar(0, -2 * (1 - x) - 400 * x * (y - x * x));
            p.grad().putScalar(1, 200 * (y - x * x));
            opt.step(List.of(p));
        }
        return rosenbrock(p.value().getDouble(0), p.value().getDouble(1));
    }

    @Test
    void optimizersDifferAsTheLiteratureSays() {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("SGD", descend(new SGD(1e-3), 500));
        f.put("Momentum", descend(new Momentum(1e-3, 0.9), 500));
        f.put("Nesterov", descend(new Momentum(1e-3, 0.9, true), 500));
        f.put("Adagrad", descend(new Adagrad(0.5), 500));
        f.put("RMSProp", descend(new RMSProp(1e-2), 500));
        f.put("Adam", descend(new Adam(0.1), 500));
        String table = f.toString();
        // SGD's η is capped by the steep walls (curvature ~1000), so it crawls along the valley floor
        assertTrue(f.get("SGD") > 1, table);
        // momentum accumulates the small, consistent gradient along the floor
        assertTrue(f.get("Momentum") < f.get("SGD") / 100, table);
        assertTrue(f.get("Nesterov") < f.get("Momentum"), table);
        // Adagrad's steps shrink with every large gradient it has seen: barely better than SGD
        assertTrue(f.get("Adagrad") > f.get("RMSProp"), table);
        // RMSProp and Adam rescale each coordinate by its recent gradient size
        assertTrue(f.get("RMSProp") < f.get("SGD") / 2, table);
        assertTrue(f.get("Adam") < f.get("SGD") / 100, table);
    }
}
