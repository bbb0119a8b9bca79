package org.nnbook.compress;

import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Residual;
import org.nnbook.core.Sequential;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The weights of a model that compression works on, each with its place: the parameters that weight
 * penalties apply to and that have at least two axes — a {@code Dense}'s W (in, out), a
 * {@code Conv2D}'s W (O, C, k, k). Biases and normalisation parameters are left alone (they are a
 * fraction of a percent of the numbers, and Han et al. do not prune them either).
 *
 * <p>A weight's <b>output channel</b> is the axis quantisation gives a scale to: the last axis of a
 * matrix (a Dense's output column), the first of a kernel tensor (a Conv2D's filter).
 */
final class Weights {
    private Weights() {}

    /** A weight, its path in the model ("0.W": layer 0's W; "2.block.0.W" inside a Residual) and its layer. */
    record Weight(String path, Layer layer, Parameter parameter) {
        @Override
        public String toString() { return path + " " + layer; }
    }

    /** The weights of {@code model}, in the order of its parameters, each once. */
    static List<Weight> of(Model model) {
        List<Weight> out = new ArrayList<>();
        walk(model, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    static boolean isWeight(Parameter p) { return p.isRegularized() && p.value().rank() >= 2; }

    private static void walk(Model m, String path, List<Weight> out, Set<Parameter> seen) {
        if (m instanceof Sequential s) {
            for (int i = 0; i < s.size(); i++) walk(s.get(i), path + i + ".", out, seen);
        } else if (m instanceof Residual r) {
            walk(r.block(), path + "block.", out, seen);
        } else if (m instanceof Layer l) {
            for (Parameter p : l.parameters()) if (isWeight(p) && seen.add(p)) out.add(new Weight(path + p.name(), l, p));
        } else {
            for (Parameter p : m.parameters()) if (isWeight(p) && seen.add(p)) out.add(new Weight(path + p.name(), null, p));
        }
    }

    /** The output-channel axis of a weight of rank {@code rank}: the last for a matrix, the first otherwise. */
    static int channelAxis(int rank) { return rank == 2 ? 1 : 0; }

    /** The output channel of the element at flat (row-major) index {@code i} of an array of {@code shape}. */
    static int channelOf(long i, long[] shape) {
        if (shape.length == 2) return (int) (i % shape[1]);
        long per = 1;
        for (int a = 1; a < shape.length; a++) per *= shape[a];
        return (int) (i / per);
    }

    /** The number of output channels of an array of {@code shape}. */
    static int channels(long[] shape) { return (int) shape[channelAxis(shape.length)]; }
}
