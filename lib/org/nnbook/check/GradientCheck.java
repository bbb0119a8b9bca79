package org.nnbook.check;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.loss.Loss;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Compares backpropagated gradients with central finite differences, in double precision.
 *
 * <p>For each checked scalar θᵢ: numeric = (L(θᵢ + ε) − L(θᵢ − ε)) / 2ε; it passes when the relative
 * error |a − n| / (|a| + |n|) is below {@code maxRelError}, or when |a − n| is below
 * {@code absFloor} (both tiny). The model's parameters and its floating-point inputs are converted to
 * DOUBLE first: float32 finite differences are too noisy to tell a bug from rounding. Every
 * parameter is checked (a shared one once), and the first input when it holds real numbers and the
 * model returns its gradient; integer inputs (token ids) and masks are left as they are.
 *
 * <pre>{@code
 * var result = GradientCheck.of(new Dense(4, 3)).check(Nd4j.randn(DataType.DOUBLE, 5, 4));
 * result.requirePassed();      // throws with a per-parameter table if any gradient is wrong
 * }</pre>
 *
 * The table names each tensor by its place and its layer: in a {@code Sequential}, {@code 2.W} with
 * {@code Dense(256 -> 10)} is the W of layer 2 (see {@link Entry}).
 *
 * Without a loss, L = Σ (output ⊙ R) for a fixed random R, which exercises every output. Models of
 * token ids or of several inputs take {@link Inputs}:
 * <pre>{@code
 * GradientCheck.of(model).check(new SparseCrossEntropy(PAD), Inputs.of(ids).withMask(mask), targets).requirePassed();
 * }</pre>
 */
public final class GradientCheck {
    /** Gradients smaller than this in magnitude do not count towards the reported relative error. */
    private static final double NEGLIGIBLE = 1e-6;
    private final Model model;
    private double eps = 1e-6;
    private double maxRelError = 1e-5;
    private double absFloor = 1e-8;
    private int maxPerParameter = 200;
    private boolean training = true;
    private long seed = 12345;

    private GradientCheck(Model model) { this.model = model; }

    /** A check of {@code model} (its parameters are converted to double precision). */
    public static GradientCheck of(Model model) {
        if (model == null) throw new IllegalArgumentException("GradientCheck needs a model or layer, got null.");
        return new GradientCheck(model);
    }

    /** Finite-difference step ε (default 1e-6). */
    public GradientCheck eps(double eps) { this.eps = eps; return this; }

    /** Largest relative error that passes (default 1e-5). */
    public GradientCheck maxRelError(double v) { this.maxRelError = v; return this; }

    /** Absolute difference below which a scalar passes whatever its relative error (default 1e-8). */
    public GradientCheck absFloor(double v) { this.absFloor = v; return this; }

    /** At most this many randomly chosen scalars per parameter (default 200; all of a smaller one). */
    public GradientCheck maxPerParameter(int n) { this.maxPerParameter = n; return this; }

    /** Run forward in training mode (default true) or evaluation mode. */
    public GradientCheck training(boolean training) { this.training = training; return this; }

    /** Checks the model of one input under L = Σ output ⊙ R. */
    public Result check(INDArray x) { return check(Inputs.of(x)); }

    /** Checks the model under L = Σ output ⊙ R. */
    public Result check(Inputs inputs) {
        model.castTo(DataType.DOUBLE);
        Inputs in = inDouble(inputs);
        INDArray out = model.forward(in, training);
        INDArray r = Nd4j.rand(new Random(seed).nextLong(), out.shape()).castTo(DataType.DOUBLE).subi(0.5);
        return run(in, () -> model.forward(in, training).mul(r).sumNumber().doubleValue(), () -> r);
    }

    /** Checks the model of one input followed by {@code loss} against targets {@code y}. */
    public Result check(Loss loss, INDArray x, INDArray y) { return check(loss, Inputs.of(x), y); }

    /** Checks the model followed by {@code loss} against targets {@code y}. */
    public Result check(Loss loss, Inputs inputs, INDArray y) {
        model.castTo(DataType.DOUBLE);
        Inputs in = inDouble(inputs);
        INDArray yd = y.dataType().isFPType() ? y.castTo(DataType.DOUBLE) : y;
        return run(in, () -> loss.forward(model.forward(in, training), yd), loss::backward);
    }

    /** The inputs with every floating-point array (not ids, not the mask) in double precision. */
    private static Inputs inDouble(Inputs inputs) {
        List<INDArray> arrays = new ArrayList<>();
        for (INDArray a : inputs.arrays()) arrays.add(a.dataType().isFPType() ? a.castTo(DataType.DOUBLE) : a);
        return new Inputs(arrays, inputs.mask());
    }

    /** Checks a loss on its own: dL/dyHat against finite differences. */
    public static Result checkLoss(Loss loss, INDArray yHat, INDArray y) {
        INDArray p = yHat.castTo(DataType.DOUBLE);
        INDArray yd = y.castTo(DataType.DOUBLE);
        loss.forward(p, yd);
        INDArray analytic = loss.backward().dup();
        Entry e = compare("dL/dyHat", "dL/dyHat", ParameterPaths.describe(loss), p, analytic, () -> loss.forward(p, yd), 1e-6, 1e-5, 1e-8,
                Integer.MAX_VALUE, new Random(1));
        return new Result(List.of(e), 1e-5);
    }

    private Result run(Inputs in, DoubleSupplier lossFn, Supplier<INDArray> gradOfOutput) {
        // analytic pass: fresh gradients, one forward, one backward
        List<Parameter> params = Parameters.distinct(model.parameters());
        for (Parameter p : params) p.zeroGrad();
        lossFn.getAsDouble();
        INDArray dx = model.backward(gradOfOutput.get());
        if (dx != null) dx = dx.dup();
        List<Entry> entries = new ArrayList<>();
        Random rnd = new Random(seed);
        Map<Parameter, ParameterPaths.Place> places = ParameterPaths.of(model);
        for (Parameter p : params) {
            ParameterPaths.Place at = places.getOrDefault(p, new ParameterPaths.Place(p.name(), ParameterPaths.describe(model)));
            entries.add(compare(p.name(), at.path(), at.layer(), p.value(), p.grad().dup(), lossFn, eps, maxRelError, absFloor, maxPerParameter, rnd));
        }
        if (dx != null && in.x().dataType().isFPType())
            entries.add(compare("input", "input", "", in.x(), dx, lossFn, eps, maxRelError, absFloor, maxPerParameter, rnd));
        return new Result(entries, maxRelError);
    }

    private static Entry compare(String name, String path, String layer, INDArray values, INDArray analytic, DoubleSupplier lossFn,
                                 double eps, double maxRel, double absFloor, int maxChecks, Random rnd) {
        long n = values.length();
        int count = (int) Math.min(n, maxChecks);
        double worst = 0, maxAbs = 0;
        int failures = 0;
        for (int k = 0; k < count; k++) {
            long i = n <= maxChecks ? k : (long) (rnd.nextDouble() * n);
            double orig = values.getDouble(i);
            values.putScalar(i, orig + eps);
            double plus = lossFn.getAsDouble();
            values.putScalar(i, orig - eps);
            double minus = lossFn.getAsDouble();
            values.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * eps);
            double a = analytic.getDouble(i);
            double diff = Math.abs(a - numeric);
            double rel = diff == 0 ? 0 : diff / (Math.abs(a) + Math.abs(numeric));
            maxAbs = Math.max(maxAbs, diff);
            // a relative error means something only where the gradient itself is not vanishingly small
            if (diff > absFloor || Math.abs(a) + Math.abs(numeric) > NEGLIGIBLE) worst = Math.max(worst, rel);
            if (diff > absFloor && rel > maxRel) failures++;
        }
        return new Entry(name, count, n, worst, maxAbs, failures, path, layer);
    }

    /**
     * One checked tensor: what and where it is, how many scalars were checked and the worst errors seen.
     *
     * @param name        the parameter's own name ({@code "W"}), or {@code "input"} for the first input
     * @param checked     how many of its scalars were checked
     * @param total       how many scalars it has
     * @param maxRelError the worst relative error among the checked scalars (ignoring negligible gradients)
     * @param maxAbsError the worst absolute difference
     * @param failures    how many checked scalars failed
     * @param path        where it is in the model: {@code "2.W"} for the W of layer 2 of a {@code Sequential},
     *                    {@code "encoder.0.b"} for a part held in a model's field {@code encoder}, {@code "W"}
     *                    for a single layer's W; {@code "input"} for the input
     * @param layer       the layer that owns it, e.g. {@code "Dense(784 -> 256)"}; empty for the input
     */
    public record Entry(String name, int checked, long total, double maxRelError, double maxAbsError, int failures,
                        String path, String layer) {
        /** An entry named only by {@code name} (its path), without a layer. */
        public Entry(String name, int checked, long total, double maxRelError, double maxAbsError, int failures) {
            this(name, checked, total, maxRelError, maxAbsError, failures, name, "");
        }

        public boolean passed() { return failures == 0; }
    }

    /** The outcome of a gradient check, printable as a table. */
    public static final class Result {
        private final List<Entry> entries;
        private final double threshold;

        Result(List<Entry> entries, double threshold) {
            this.entries = List.copyOf(entries);
            this.threshold = threshold;
        }

        public List<Entry> entries() { return entries; }

        public boolean passed() { return entries.stream().allMatch(Entry::passed); }

        /** The worst relative error over everything checked. */
        public double maxRelativeError() { return entries.stream().mapToDouble(Entry::maxRelError).max().orElse(0); }

        /** Throws an {@link AssertionError} with the table unless every gradient matched. */
        public Result requirePassed() {
            if (!passed()) throw new AssertionError("Gradient check failed:\n" + this);
            return this;
        }

        /** The table: one row per tensor, its path and its layer, the checked scalars, the worst errors, the verdict. */
        @Override
        public String toString() {
            int nameWidth = 6, layerWidth = 5, checkedWidth = 7;
            for (Entry e : entries) {
                nameWidth = Math.max(nameWidth, e.path().length());
                layerWidth = Math.max(layerWidth, e.layer() == null ? 0 : e.layer().length());
                checkedWidth = Math.max(checkedWidth, (e.checked() + "/" + e.total()).length());
            }
            String row = "%-" + nameWidth + "s  %-" + layerWidth + "s  %" + checkedWidth + "s %14s %14s  %s%n";
            StringBuilder sb = new StringBuilder(String.format(row, "tensor", "layer", "checked", "max rel err", "max abs err", "verdict"));
            for (Entry e : entries)
                sb.append(String.format(row, e.path(), e.layer() == null ? "" : e.layer(), e.checked() + "/" + e.total(),
                        String.format("%.2e", e.maxRelError()), String.format("%.2e", e.maxAbsError()),
                        e.passed() ? "ok" : "WRONG (" + e.failures() + " scalars above " + threshold + ")"));
            return sb.append(passed() ? "gradient check passed" : "gradient check FAILED").toString();
        }
    }
}
