package org.nnbook.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The hyper-parameters to search over, each with a name and the values it may take.
 *
 * <pre>{@code
 * var space = new SearchSpace()
 *         .logUniform("lr", 1e-4, 1e-1)          // learning rates spread evenly over 3 decades
 *         .choice("hidden", 64, 128, 256)
 *         .intRange("epochs", 2, 5);
 * space.grid()              // every combination (needs points for real ranges: logUniform("lr", 1e-4, 1e-1, 4))
 * space.sample(10, 42)      // 10 random combinations, the same for the same seed
 * }</pre>
 *
 * <p>Log-uniform is the usual choice for learning rates and weight decay: a draw is as likely to
 * land in [1e-4, 1e-3] as in [1e-2, 1e-1], while a uniform draw would land in the top decade 90% of
 * the time. Names are unique; the declaration order is the order of the table columns and of the
 * grid's nested loops (the first name varies slowest).
 */
public final class SearchSpace {
    private final Map<String, HyperParameter> params = new LinkedHashMap<>();

    /** One of the given values, e.g. {@code choice("hidden", 64, 128, 256)} or {@code choice("act", "relu", "tanh")}. */
    public SearchSpace choice(String name, Object... values) { return add(HyperParameter.choice(check(name), values)); }

    /** A real number uniform in [low, high); not usable by grid search (give points for that). */
    public SearchSpace uniform(String name, double low, double high) { return uniform(name, low, high, 0); }

    /** As {@link #uniform(String, double, double)}; grid search takes {@code points} evenly spaced values from low to high. */
    public SearchSpace uniform(String name, double low, double high, int points) {
        return add(HyperParameter.range(check(name), HyperParameter.Kind.UNIFORM, low, high, points));
    }

    /** A positive real whose logarithm is uniform: as many draws per decade; not usable by grid search (give points for that). */
    public SearchSpace logUniform(String name, double low, double high) { return logUniform(name, low, high, 0); }

    /** As {@link #logUniform(String, double, double)}; grid search takes {@code points} values evenly spaced on a log scale. */
    public SearchSpace logUniform(String name, double low, double high, int points) {
        return add(HyperParameter.range(check(name), HyperParameter.Kind.LOG_UNIFORM, low, high, points));
    }

    /** An integer from low to high, both included; grid search tries every one. */
    public SearchSpace intRange(String name, int low, int high) { return intRange(name, low, high, 0); }

    /** As {@link #intRange(String, int, int)}; grid search tries {@code points} evenly spaced integers (rounded). */
    public SearchSpace intRange(String name, int low, int high, int points) {
        return add(HyperParameter.range(check(name), HyperParameter.Kind.INT, low, high, points));
    }

    /** The hyper-parameters, in declaration order. */
    public List<HyperParameter> parameters() { return List.copyOf(params.values()); }

    /** The names, in declaration order. */
    public List<String> names() { return List.copyOf(params.keySet()); }

    /** The hyper-parameter called {@code name}. */
    public HyperParameter get(String name) {
        HyperParameter p = params.get(name);
        if (p == null) throw new IllegalArgumentException("The search space has no hyper-parameter '" + name + "'; it has " + names() + ".");
        return p;
    }

    public int size() { return params.size(); }

    /** Every combination of the grid values (the Cartesian product), the first name varying slowest. */
    public List<Params> grid() {
        requireNotEmpty();
        List<List<Object>> axes = new ArrayList<>();
        long total = 1;
        for (HyperParameter p : params.values()) {
            List<Object> values = p.gridValues(); // explains what to do for a continuous range
            axes.add(values);
            total *= values.size();
        }
        if (total > 100_000)
            throw new IllegalArgumentException("The grid has " + total + " combinations, too many to train; use fewer values or Search.random.");
        List<Params> grid = new ArrayList<>();
        int[] at = new int[axes.size()];
        for (long k = 0; k < total; k++) {
            Map<String, Object> values = new LinkedHashMap<>();
            int i = 0;
            for (String name : params.keySet()) { values.put(name, axes.get(i).get(at[i])); i++; }
            grid.add(new Params(values));
            for (int d = at.length - 1; d >= 0; d--) { // odometer: the last name varies fastest
                if (++at[d] < axes.get(d).size()) break;
                at[d] = 0;
            }
        }
        return grid;
    }

    /** {@code n} combinations drawn independently at random (repeats possible for choices); the same seed gives the same draws. */
    public List<Params> sample(int n, long seed) {
        requireNotEmpty();
        if (n < 1) throw new IllegalArgumentException("SearchSpace.sample: n must be >= 1, got " + n + ".");
        Random rnd = new Random(seed);
        List<Params> draws = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (HyperParameter p : params.values()) values.put(p.name(), p.sample(rnd));
            draws.add(new Params(values));
        }
        return draws;
    }

    private SearchSpace add(HyperParameter p) {
        params.put(p.name(), p);
        return this;
    }

    private String check(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("A hyper-parameter needs a name, e.g. \"lr\".");
        if (params.containsKey(name))
            throw new IllegalArgumentException("The search space already has '" + name + "' (" + params.get(name).describe() + "); names must be unique.");
        return name;
    }

    private void requireNotEmpty() {
        if (params.isEmpty())
            throw new IllegalArgumentException("The search space is empty: add hyper-parameters first, e.g. "
                    + "new SearchSpace().logUniform(\"lr\", 1e-4, 1e-1).choice(\"hidden\", 64, 128).");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SearchSpace(");
        params.values().forEach(p -> sb.append("\n  ").append(p));
        return sb.append(params.isEmpty() ? ")" : "\n)").toString();
    }
}
