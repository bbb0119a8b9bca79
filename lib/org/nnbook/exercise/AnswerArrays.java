package org.nnbook.exercise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Small helpers of the exercise checks: an answer's array as plain doubles, differences and dot
 * products for diagnosing it, and short printouts of values for the messages.
 */
final class AnswerArrays {
    private AnswerArrays() {}

    /** The elements of {@code a} in row-major order. */
    static double[] flat(INDArray a) { return Nd4j.toFlattened(a).toDoubleVector(); }

    /** A double array of {@code shape} with values uniform in [−1, 1) from {@code rnd}: repeatable, unlike ND4J's generator state. */
    static INDArray uniform(Random rnd, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        return Nd4j.createFromArray(rnd.doubles(n).map(x -> 2 * x - 1).toArray()).reshape(shape);
    }

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

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
