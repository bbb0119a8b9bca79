package org.nnbook.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One named dimension of a {@link SearchSpace}: a list of choices, a uniform or log-uniform range of
 * reals, or a range of integers. Made by the space's builder methods, e.g.
 * {@code space.logUniform("lr", 1e-4, 1e-1)}.
 *
 * <p>Random search draws from the whole range; grid search needs a finite list of values: the
 * choices, every integer of an integer range, or {@code points} evenly spaced values of a real range
 * (on a log scale for log-uniform, so 4 points over [1e-4, 1e-1] are 1e-4, 1e-3, 1e-2, 1e-1).
 */
public final class HyperParameter {
    /** How the values are spread. */
    public enum Kind { CHOICE, UNIFORM, LOG_UNIFORM, INT }

    private final String name;
    private final Kind kind;
    private final List<Object> choices;
    private final double low, high;
    private final int points; // grid points of a real or integer range; 0 = none given

    private HyperParameter(String name, Kind kind, List<Object> choices, double low, double high, int points) {
        this.name = name;
        this.kind = kind;
        this.choices = choices;
        this.low = low;
        this.high = high;
        this.points = points;
    }

    static HyperParameter choice(String name, Object... values) {
        if (values == null || values.length == 0)
            throw new IllegalArgumentException("choice(\"" + name + "\") needs at least one value, e.g. choice(\"" + name + "\", 64, 128, 256).");
        Class<?> type = null;
        for (Object v : values) {
            if (v == null) throw new IllegalArgumentException("choice(\"" + name + "\") has a null value; give real values.");
            if (type != null && v.getClass() != type)
                throw new IllegalArgumentException("choice(\"" + name + "\") mixes " + type.getSimpleName() + " and " + v.getClass().getSimpleName()
                        + " values " + Arrays.toString(values) + "; give them all one type (e.g. 1.0, 2.5 rather than 1, 2.5).");
            type = v.getClass();
        }
        return new HyperParameter(name, Kind.CHOICE, List.of(values), Double.NaN, Double.NaN, 0);
    }

    static HyperParameter range(String name, Kind kind, double low, double high, int points) {
        String call = switch (kind) { case UNIFORM -> "uniform"; case LOG_UNIFORM -> "logUniform"; default -> "intRange"; };
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high))
            throw new IllegalArgumentException(call + "(\"" + name + "\", " + low + ", " + high + "): expected finite bounds with low < high.");
        if (kind == Kind.LOG_UNIFORM && !(low > 0))
            throw new IllegalArgumentException("logUniform(\"" + name + "\", " + low + ", " + high + "): a log scale needs low > 0, e.g. 1e-5.");
        if (points < 0 || points == 1)
            throw new IllegalArgumentException(call + "(\"" + name + "\"): a grid needs at least 2 points (both ends), got " + points + ".");
        if (kind == Kind.INT && points > high - low + 1)
            throw new IllegalArgumentException("intRange(\"" + name + "\", " + (int) low + ", " + (int) high + ", " + points
                    + "): only " + (int) (high - low + 1) + " integers in the range; ask for fewer points.");
        return new HyperParameter(name, kind, null, low, high, points);
    }

    public String name() { return name; }

    public Kind kind() { return kind; }

    /** The lower bound of a range (NaN for a choice). */
    public double low() { return low; }

    /** The upper bound of a range (NaN for a choice). */
    public double high() { return high; }

    /** Whether grid search can enumerate it: choices, integer ranges, and real ranges given a number of points. */
    public boolean isGridReady() { return kind == Kind.CHOICE || kind == Kind.INT || points > 0; }

    /** The values grid search tries, in order. */
    public List<Object> gridValues() {
        if (kind == Kind.CHOICE) return choices;
        List<Object> values = new ArrayList<>();
        if (kind == Kind.INT) {
            if (points == 0) for (long v = (long) low; v <= (long) high; v++) values.add((int) v);
            else for (int i = 0; i < points; i++) {
                int v = (int) Math.round(low + (high - low) * i / (points - 1));
                if (!values.contains(v)) values.add(v);
            }
            return values;
        }
        if (points == 0)
            throw new IllegalArgumentException("Grid search cannot enumerate '" + name + "', a continuous " + describe()
                    + ". Give it a number of grid points, e.g. " + (kind == Kind.LOG_UNIFORM ? "logUniform" : "uniform")
                    + "(\"" + name + "\", " + fmt(low) + ", " + fmt(high) + ", 4), or use Search.random(space, trials).");
        for (int i = 0; i < points; i++) {
            double t = (double) i / (points - 1);
            values.add(kind == Kind.LOG_UNIFORM ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low));
        }
        return values;
    }

    /** One value drawn at random: uniform over the choices or integers, over [low, high), or over [log low, log high). */
    public Object sample(Random rnd) {
        return switch (kind) {
            case CHOICE -> choices.get(rnd.nextInt(choices.size()));
            case INT -> (int) low + rnd.nextInt((int) (high - low) + 1);
            case UNIFORM -> low + rnd.nextDouble() * (high - low);
            case LOG_UNIFORM -> Math.exp(Math.log(low) + rnd.nextDouble() * (Math.log(high) - Math.log(low)));
        };
    }

    /** E.g. "log-uniform range [0.0001, 0.1]" or "choice of [64, 128, 256]". */
    public String describe() {
        return switch (kind) {
            case CHOICE -> "choice of " + choices;
            case INT -> "integer range [" + (int) low + ", " + (int) high + "]";
            case UNIFORM -> "uniform range [" + fmt(low) + ", " + fmt(high) + "]";
            case LOG_UNIFORM -> "log-uniform range [" + fmt(low) + ", " + fmt(high) + "]";
        } + (points > 0 ? ", " + points + " grid points" : "");
    }

    /** A compact number: 3 significant digits, no trailing zeros (0.001, 0.0316, 128). */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v);
        if (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) {
            String[] parts = String.format(java.util.Locale.ROOT, "%.2e", v).split("e"); // "3.16e-04"
            return parts[0].replaceAll("\\.?0+$", "") + "e" + Integer.parseInt(parts[1]);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() { return name + ": " + describe(); }
}
