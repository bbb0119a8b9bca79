package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * counts, and images (N, 784) with their pixels moved (the typical wrong flips a check recognises).
 */
final class ArrayChecks {
    private ArrayChecks() {}

    /** A (rows, cols) float64 array of draws from N(mean, std²). */
    static INDArray random(Random rnd, int rows, int cols, double mean, double std) {
        double[][] a = new double[rows][cols];
        for (double[] r : a) for (int j = 0; j < cols; j++) r[j] = mean + std * rnd.nextGaussian();
        return Nd4j.createFromArray(a);
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

    /** Where two same-shaped matrices first differ: "your dL/dW[2][1] is 0.5132, the right value is -0.2210." */
    static String firstDifference(INDArray got, INDArray expected, String name) {
        INDArray g = got.castTo(DataType.DOUBLE), e = expected.castTo(DataType.DOUBLE);
        long cols = e.rank() == 2 ? e.size(1) : e.length();
        double[] gv = g.reshape(g.length()).toDoubleVector(), ev = e.reshape(e.length()).toDoubleVector();
        for (int i = 0; i < ev.length; i++)
            if (!(Math.abs(gv[i] - ev[i]) <= 1e-5 * (1 + Math.abs(ev[i]))))
                return String.format("your %s[%d][%d] is %.4f, the right value is %.4f.", name, i / cols, i % cols, gv[i], ev[i]);
        return "your " + name + " is right.";
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
}
