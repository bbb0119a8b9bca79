package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import org.nnbook.data.Dataset;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import java.util.stream.Collectors;

/**
 * What the exercise checks say about arrays: random inputs drawn from a seeded {@link Random} (so a
 * check asks the same questions every run, whatever ND4J's generator did before), comparisons with a
 * tolerance that forgives float32 rounding, descriptions of the first difference in plain words, class
 * counts, images (N, 784) with their pixels moved (the typical wrong flips a check recognises), and a
 * few sums over plain double arrays for diagnosing an answer.
 */
final class ArrayChecks {
    private ArrayChecks() {}

    /** A float64 array of {@code shape} with draws from N(0, 1). */
    static INDArray random(Random rnd, long... shape) {
        double[] v = new double[(int) Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
        return Nd4j.create(v, shape, 'c');
    }

    /** A (rows, cols) float64 array of draws from N(mean, std²). */
    static INDArray gaussian(Random rnd, int rows, int cols, double mean, double std) { return random(rnd, rows, cols).muli(std).addi(mean); }

    /** A float64 array of {@code shape} with values uniform in [−1, 1). */
    static INDArray uniform(Random rnd, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        return Nd4j.createFromArray(rnd.doubles(n).map(x -> 2 * x - 1).toArray()).reshape(shape);
    }

    /** Same shape and every element within 1e-5 · (1 + |expected|): float32 answers pass, wrong ones do not. */
    static boolean close(INDArray got, INDArray expected) {
        if (got == null || !Arrays.equals(got.shape(), expected.shape())) return false;
        double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector();
        double[] e = expected.castTo(DataType.DOUBLE).reshape(expected.length()).toDoubleVector();
        for (int i = 0; i < e.length; i++)
            if (!(Math.abs(g[i] - e[i]) <= 1e-5 * (1 + Math.abs(e[i])))) return false;
        return true;
    }

    /** Whether every element is a finite number. */
    static boolean finite(INDArray a) {
        return Arrays.stream(a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector()).allMatch(Double::isFinite);
    }

    /** Whether every element is 0. */
    static boolean zero(INDArray a) { return a.castTo(DataType.DOUBLE).amaxNumber().doubleValue() == 0; }

    /** "(4, 3)". */
    static String shapeOf(INDArray a) {
        return Arrays.stream(a.shape()).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Null when got has expected's shape, else what is wrong: "your dL/dx has shape (5, 3); dL/dx has x's shape (5, 4)." */
    static String shapeProblem(INDArray got, String name, INDArray expected, String rule) {
        if (got == null) return "your " + name + " is null; " + rule + " " + shapeOf(expected) + ".";
        if (Arrays.equals(got.shape(), expected.shape())) return null;
        return "your " + name + " has shape " + shapeOf(got) + "; " + rule + " " + shapeOf(expected) + ".";
    }

    /** Row r of a matrix: "[1000, 0, -0.1667]". */
    static String row(INDArray a, int r) {
        return Arrays.stream(a.getRow(r).castTo(DataType.DOUBLE).toDoubleVector()).mapToObj(ArrayChecks::number)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** A whole number as such ("1000", "-3"), any other with 4 significant digits ("0.1667", "NaN"). */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format("%.4g", v);
    }

    /** The first index (row-major, any rank) where two same-shaped arrays differ by more than {@link #close}'s tolerance, or null. */
    static long[] firstDifference(INDArray got, INDArray expected) {
        double[] g = flat(got.castTo(DataType.DOUBLE)), e = flat(expected.castTo(DataType.DOUBLE));
        for (int i = 0; i < e.length; i++)
            if (!(Math.abs(g[i] - e[i]) <= 1e-5 * (1 + Math.abs(e[i])))) return Shape.ind2subC(expected.shape(), i);
        return null;
    }

    /** Where two same-shaped arrays first differ: "your dL/dW[2][1] is 0.5132, the right value is -0.2210." */
    static String firstDifference(INDArray got, INDArray expected, String name) {
        long[] at = firstDifference(got, expected);
        if (at == null) return "your " + name + " is right.";
        StringBuilder index = new StringBuilder();
        for (long i : at) index.append('[').append(i).append(']');
        return String.format("your %s%s is %.4f, the right value is %.4f.", name, index, got.getDouble(at), expected.getDouble(at));
    }

    /** The first line of an exception's message, with its type: what a student needs to see, not a stack trace. */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }

    /** How many examples of each class {@code d} holds. */
    static int[] counts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int label : d.labels()) c[label]++;
        return c;
    }

    /** x (N, 784) with pixel (r, c) of each 28 × 28 image taken from the same image's pixel number source(r, c). */
    static INDArray moved(INDArray x, IntBinaryOperator source) {
        double[][] a = x.castTo(DataType.DOUBLE).toDoubleMatrix(), out = new double[a.length][784];
        for (int n = 0; n < a.length; n++)
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++) out[n][r * 28 + c] = a[n][source.applyAsInt(r, c)];
        return Nd4j.createFromArray(out);
    }

    /** The elements of {@code a} in row-major order. */
    static double[] flat(INDArray a) { return Nd4j.toFlattened(a).toDoubleVector(); }

    /** E.g. "[0.1235, -2.000]": 4 significant digits, for messages. */
    static String rounded(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format("%.4g", v[i]));
        return sb.append(']').toString();
    }

    /** Equal to within a relative 1e-9 (and 1e-15 near zero). */
    static boolean close(double a, double b) { return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15; }

    /** The largest |a[i] − b[i]|. */
    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** a − b, element by element. */
    static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    /** Σ a[i] b[i]. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
