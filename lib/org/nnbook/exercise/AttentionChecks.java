package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.function.DoubleBinaryOperator;

import static org.nnbook.exercise.ArrayChecks.close;

/**
 * What the checks of {@link Exercises11} compare a student's arrays with, in plain double-precision
 * arithmetic: softmax along either axis, a softmax over the keys a mask leaves visible, layer and batch
 * normalisation with the variance, ε and divisor of one's choice, and tables of sinusoids; the typical
 * mistakes are these with another argument.
 */
final class AttentionChecks {
    private AttentionChecks() {}

    /** Softmax along each row of s (axis 1, over the keys) or down each column (axis 0, over the queries). */
    static INDArray softmax(INDArray s, int axis) {
        if (axis == 0) return softmax(s.transpose(), 1).transpose().dup('c');
        INDArray e = Transforms.exp(s.sub(s.max(true, 1)), false);
        return e.divi(e.sum(true, 1));
    }

    /** Which keys query i may see. */
    @FunctionalInterface
    interface Visible { boolean test(int query, int key); }

    /**
     * Each row i of scores s (T, T) as weights: the scores of the keys that {@code visible} does not allow
     * become {@code hidden} (−∞: weight exactly 0), then a softmax of the row; a row with every key at −∞
     * is NaN, as it is for a student who masks so.
     */
    static INDArray maskedSoftmax(INDArray s, Visible visible, double hidden) {
        double[][] a = s.toDoubleMatrix(), w = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            double[] row = a[i].clone();
            for (int j = 0; j < row.length; j++) if (!visible.test(i, j)) row[j] = hidden;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double x : row) max = Math.max(max, x);
            w[i] = new double[row.length];
            for (int j = 0; j < row.length; j++) sum += w[i][j] = row[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(row[j] - max);
            for (int j = 0; j < row.length; j++) w[i][j] /= sum;
        }
        return Nd4j.createFromArray(w);
    }

    /** (T, T): 1 on and below the diagonal, 0 above. */
    static INDArray lowerTriangle(int t) {
        double[][] m = new double[t][t];
        for (int i = 0; i < t; i++) for (int j = 0; j <= i; j++) m[i][j] = 1;
        return Nd4j.createFromArray(m);
    }

    /** Rows from {@code from} on are close (NaN or anything in the rows before). */
    static boolean rowsClose(INDArray got, INDArray expected, int from) {
        long t = expected.size(0);
        return close(got.get(NDArrayIndex.interval(from, t), NDArrayIndex.all()).dup(), expected.get(NDArrayIndex.interval(from, t), NDArrayIndex.all()).dup());
    }

    /**
     * Normalisation of x (N, D) then γ and β per column: over each row ({@code perRow}, layer
     * normalisation) or each column (batch normalisation), with the sum of squares divided by
     * size − ddof and {@code scale}(variance, ε) as the divisor.
     */
    static INDArray normalised(INDArray x, INDArray gamma, INDArray beta, double eps, boolean perRow, int ddof, DoubleBinaryOperator scale) {
        double[][] a = (perRow ? x : x.transpose()).toDoubleMatrix();
        for (double[] row : a) {
            double mean = 0, squares = 0;
            for (double v : row) mean += v / row.length;
            for (double v : row) squares += (v - mean) * (v - mean);
            double divisor = scale.applyAsDouble(squares / (row.length - ddof), eps);
            for (int j = 0; j < row.length; j++) row[j] = (row[j] - mean) / divisor;
        }
        INDArray y = Nd4j.createFromArray(a);
        return (perRow ? y : y.transpose().dup('c')).muli(gamma.castTo(DataType.DOUBLE)).addi(beta.castTo(DataType.DOUBLE));
    }

    /** What a table holds at position p, column j. */
    @FunctionalInterface
    interface Code { double at(int p, int j); }

    /** A table (t, d) with code.at(p, j) at row p, column j. */
    static INDArray table(int t, int d, Code code) {
        double[][] pe = new double[t][d];
        for (int p = 0; p < t; p++) for (int j = 0; j < d; j++) pe[p][j] = code.at(p, j);
        return Nd4j.createFromArray(pe);
    }

    /** Column j of the sinusoidal table: sin (even j) or cos (odd j) of p / base^(2i/d), i = j / 2. */
    static double sinusoid(int p, int j, int d, double base) {
        double angle = p / Math.pow(base, 2.0 * (j / 2) / d);
        return j % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
    }
}
