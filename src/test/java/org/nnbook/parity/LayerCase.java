package org.nnbook.parity;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Layer;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.Parameter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A layer (or a small model) against the equivalent torch module, over a few steps: each step is a
 * forward pass in training or evaluation mode on a fresh input x (with a padding mask, if the case
 * has one), then backward with a random upstream gradient g = dL/dy. Compared after each step: y,
 * dL/dx (unless the input is ids), every parameter's gradient (zeroed before each step) and the
 * state (batch normalisation's running statistics).
 *
 * <p>Files: {@code param<k>} and {@code state<k>}, the values the torch module is given;
 * {@code step<i>.x}, {@code step<i>.g}, {@code step<i>.mask}; results {@code step<i>.y},
 * {@code step<i>.dx}, {@code step<i>.dparam<k>}, {@code step<i>.state<k>}.
 */
final class LayerCase extends ParityCase {
    private final Supplier<Layer> make;
    private final Function<Random, INDArray> input;
    private Function<Random, INDArray> mask;
    private boolean[] training = {true, false};
    private BiFunction<INDArray, INDArray, Map<String, INDArray>> extras;
    // drawn by prepare
    private Layer layer;
    private final List<INDArray> params0 = new ArrayList<>(), state0 = new ArrayList<>(), xs = new ArrayList<>(), masks = new ArrayList<>(),
            gs = new ArrayList<>();

    /** The layer that {@code make} builds, on inputs drawn by {@code input}; by default a training step, then an evaluation step. */
    LayerCase(String name, String kind, Map<String, Object> opts, Supplier<Layer> make, Function<Random, INDArray> input) {
        super(name, kind, opts);
        this.make = make;
        this.input = input;
    }

    /** Steps in these modes (true: training), in order. */
    LayerCase steps(boolean... training) { this.training = training; return this; }

    /** Gives every step a padding mask drawn by {@code mask}. */
    LayerCase mask(Function<Random, INDArray> mask) { this.mask = mask; return this; }

    /** Extra arrays for the script, computed from the first step's input and nnbook's output (e.g. a dropout mask). */
    LayerCase extras(BiFunction<INDArray, INDArray, Map<String, INDArray>> extras) { this.extras = extras; return this; }

    @Override
    Map<String, Object> prepare(Path dir, Random random) throws IOException {
        layer = make.get();
        layer.castTo(DataType.DOUBLE);
        List<String> names = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            // nnbook's own initial values, moved off the zero biases and unit scales that could hide a mistake
            p.value().addi(randn(random, p.value().shape()).muli(0.3));
            params0.add(p.value().dup());
            names.add(p.name());
        }
        for (INDArray s : layer.state()) state0.add(s.dup());
        for (int i = 0; i < training.length; i++) {
            xs.add(input.apply(random));
            masks.add(mask == null ? null : mask.apply(random));
            INDArray y = forward(i);                                    // for the output's shape (and a fixed dropout mask)
            gs.add(randn(random, y.shape()));
            if (i == 0 && extras != null)
                for (var e : extras.apply(xs.get(0), y).entrySet()) Npy.write(dir.resolve(e.getKey() + ".npy"), e.getValue());
        }
        for (int k = 0; k < params0.size(); k++) Npy.write(dir.resolve("param" + k + ".npy"), params0.get(k));
        for (int k = 0; k < state0.size(); k++) Npy.write(dir.resolve("state" + k + ".npy"), state0.get(k));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < training.length; i++) {
            Npy.write(dir.resolve("step" + i + ".x.npy"), xs.get(i));
            Npy.write(dir.resolve("step" + i + ".g.npy"), gs.get(i));
            if (masks.get(i) != null) Npy.write(dir.resolve("step" + i + ".mask.npy"), masks.get(i));
            steps.add(Map.of("training", training[i], "mask", masks.get(i) != null));
        }
        Map<String, Object> spec = spec("layer");
        spec.put("params", names);
        spec.put("state", state0.size());
        spec.put("steps", steps);
        return spec;
    }

    @Override
    Map<String, INDArray> run() {
        List<Parameter> params = layer.parameters();
        for (int k = 0; k < params.size(); k++) params.get(k).set(params0.get(k));
        for (int k = 0; k < state0.size(); k++) layer.state().get(k).assign(state0.get(k));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < training.length; i++) {
            layer.zeroGrad();
            out.put("step" + i + ".y", forward(i).dup());
            INDArray dx = layer.backward(gs.get(i).dup());
            if (dx != null) out.put("step" + i + ".dx", dx.dup());
            for (int k = 0; k < params.size(); k++) out.put("step" + i + ".dparam" + k, params.get(k).grad().dup());
            for (int k = 0; k < state0.size(); k++) out.put("step" + i + ".state" + k, layer.state().get(k).dup());
        }
        return out;
    }

    private INDArray forward(int step) {
        INDArray x = xs.get(step).dup(), m = masks.get(step);
        return layer instanceof MaskedLayer masked ? masked.forward(x, m, training[step]) : layer.forward(x, training[step]);
    }
}
