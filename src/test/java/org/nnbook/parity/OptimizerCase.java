package org.nnbook.parity;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Parameter;
import org.nnbook.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * An optimizer against {@code torch.optim} on the same two parameters — a weight W (3, 4), which
 * weight penalties and AdamW's decay apply to, and a bias b (1, 4), which they do not — given the
 * same fixed gradients for a few steps. Files {@code param<k>} (initial values) and
 * {@code step<t>.grad<k>}; results {@code step<t>.param<k>}, the values after each step.
 */
final class OptimizerCase extends ParityCase {
    private static final int STEPS = 3;
    private static final long[][] SHAPES = {{3, 4}, {1, 4}};
    private static final boolean[] REGULARIZED = {true, false};
    private final Supplier<Optimizer> make;
    private final List<INDArray> values0 = new ArrayList<>();
    private final List<List<INDArray>> grads = new ArrayList<>();

    OptimizerCase(String name, String kind, Map<String, Object> opts, Supplier<Optimizer> make) {
        super(name, kind, opts);
        this.make = make;
    }

    @Override
    Map<String, Object> prepare(Path dir, Random random) throws IOException {
        for (int k = 0; k < SHAPES.length; k++) {
            values0.add(randn(random, SHAPES[k]));
            Npy.write(dir.resolve("param" + k + ".npy"), values0.get(k));
        }
        for (int t = 0; t < STEPS; t++) {
            List<INDArray> g = new ArrayList<>();
            for (int k = 0; k < SHAPES.length; k++) {
                g.add(randn(random, SHAPES[k]));
                Npy.write(dir.resolve("step" + t + ".grad" + k + ".npy"), g.get(k));
            }
            grads.add(g);
        }
        Map<String, Object> spec = spec("optimizer");
        spec.put("regularized", List.of(REGULARIZED[0], REGULARIZED[1]));
        spec.put("steps", STEPS);
        return spec;
    }

    @Override
    Map<String, INDArray> run() {
        List<Parameter> params = new ArrayList<>();
        for (int k = 0; k < SHAPES.length; k++)
            params.add(new Parameter(k == 0 ? "W" : "b", values0.get(k).dup()).regularized(REGULARIZED[k]));
        Optimizer optimizer = make.get();
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int t = 0; t < STEPS; t++) {
            for (int k = 0; k < params.size(); k++) params.get(k).grad().assign(grads.get(t).get(k));
            optimizer.step(params);
            for (int k = 0; k < params.size(); k++) out.put("step" + t + ".param" + k, params.get(k).value().dup());
        }
        return out;
    }
}
