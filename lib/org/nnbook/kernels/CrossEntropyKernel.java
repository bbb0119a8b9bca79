package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy, its gradient, the count of correct rows and a check of the targets in one
 * pass in Java, row by row, in double precision: for the logits of a mini-batch this costs a few
 * microseconds, while each ND4J op costs tens of microseconds of call overhead whatever its size.
 * Two forms: targets as probability rows (one-hot, smoothed, a teacher's soft targets) and targets
 * as class ids with an ignored id (padding). Logits are (M, C), 2-D.
 */
public final class CrossEntropyKernel {
    /** Logits with more entries than this are left to ND4J's vectorised ops (big vocabularies, long sequences). */
    public static final long MAX_ENTRIES = 1 << 15;

    private double loss;
    private long correct, counted;
    private int badRow = -1;
    private INDArray gradient;
    private double[] z = new double[0], t = new double[0], gz = new double[0];

    /** True when the kernels are on and the logits are a small dense float or double (M, C) array. */
    public static boolean applies(INDArray logits) {
        return Kernels.on() && Doubles.fits(logits) && logits.rank() == 2 && logits.ordering() == 'c' && logits.length() > 0 && logits.length() <= MAX_ENTRIES;
    }

    /** The mean loss of the last run. */
    public double loss() { return loss; }

    /** dL/d(logits) of the last run, (M, C), in the logits' type (made in the current workspace, if any). */
    public INDArray gradient() { return gradient; }

    /** Rows (or counted ids) whose largest logit is at the target's class. */
    public long correct() { return correct; }

    /** Rows, or ids that are not ignored. */
    public long counted() { return counted; }

    /** The first row whose target is not a probability distribution, or -1 (dense targets only). */
    public int badRow() { return badRow; }

    /**
     * Against probability rows y (M, C), smoothed towards uniform by ε: t = (1 − ε) y + ε / C.
     * Stops at the first row of y that has a value outside [0, 1] or does not sum to 1 (within 1e-3):
     * see {@link #badRow()}.
     */
    public void dense(INDArray logits, INDArray y, double smoothing) {
        int m = (int) logits.size(0), c = (int) logits.size(1), len = m * c;
        z = grow(z, len);
        t = grow(t, len);
        gz = grow(gz, len);
        Doubles.of(logits).read(0, z, 0, len);
        INDArray targets = Doubles.fits(y) && y.ordering() == 'c' ? y : y.castTo(logits.dataType()).dup('c');
        Doubles.of(targets).read(0, t, 0, len);
        badRow = -1;
        double sum = 0;
        long right = 0;
        for (int r = 0; r < m; r++) {
            int o = r * c, target = 0;
            double rowSum = 0;
            for (int k = 0; k < c; k++) {
                double tk = t[o + k];
                if (!(tk >= 0 && tk <= 1)) { badRow = r; return; }
                rowSum += tk;
                if (tk > t[o + target]) target = k;
            }
            if (Math.abs(rowSum - 1) > 1e-3) { badRow = r; return; }
            if (smoothing > 0) for (int k = 0; k < c; k++) t[o + k] = (1 - smoothing) * t[o + k] + smoothing / c;
            sum += row(o, c, m);
            if (argmax(o, c) == target) right++;
        }
        loss = sum / m;
        correct = right;
        counted = m;
        gradient = Nd4j.createUninitialized(logits.dataType(), logits.shape(), 'c');
        Doubles.of(gradient).write(gz, 0, 0, len);
    }

    /** True when the kernels are on and the logits are a dense float or double (M, C) array, of any size. */
    public static boolean appliesToIds(INDArray logits) {
        return Kernels.on() && Doubles.fits(logits) && logits.rank() == 2 && logits.ordering() == 'c' && logits.length() > 0;
    }

    /**
     * Against class ids (M), each in [0, C) or {@code ignoreIndex}; rows whose id is ignored add
     * nothing to the loss, the gradient or the counts, and the mean is over the other rows (as
     * PyTorch's {@code ignore_index}). Works through blocks of rows, so a large vocabulary never
     * needs more than {@link #MAX_ENTRIES} values on the heap. Returns the first row whose id is out
     * of range (nothing computed), or -1.
     */
    public int sparse(INDArray logits, int[] ids, int ignoreIndex) {
        int m = (int) logits.size(0), c = (int) logits.size(1), kept = 0;
        for (int r = 0; r < m; r++) {
            if (ids[r] == ignoreIndex) continue;
            if (ids[r] < 0 || ids[r] >= c) return r;
            kept++;
        }
        gradient = Nd4j.createUninitialized(logits.dataType(), logits.shape(), 'c');
        int rows = (int) Math.max(1, Math.min(m, MAX_ENTRIES / c)), len = rows * c;
        z = grow(z, len);
        gz = grow(gz, len);
        double sum = 0;
        long right = 0;
        Doubles in = Doubles.of(logits), out = Doubles.of(gradient);
        for (int from = 0; from < m; from += rows) {
            int n = Math.min(rows, m - from);
            in.read((long) from * c, z, 0, n * c);
            for (int r = 0; r < n; r++) {
                int o = r * c, id = ids[from + r];
                if (id == ignoreIndex) { java.util.Arrays.fill(gz, o, o + c, 0); continue; }
                sum += rowAtId(o, c, id, kept);
                if (argmax(o, c) == id) right++;
            }
            out.write(gz, 0, (long) from * c, n * c);
        }
        loss = kept == 0 ? 0 : sum / kept;
        correct = right;
        counted = kept;
        return -1;
    }

    /**
     * {@link #row} for a one-hot target at {@code id}, without the target row: the loss is
     * log Σ exp(z − max) − (z[id] − max), the gradient softmax / n with 1/n taken off at id. Per entry
     * one exp and one product; for a 4,000-token vocabulary this is most of a translation step's loss.
     */
    private double rowAtId(int o, int c, int id, int n) {
        double max = z[o];
        for (int k = 1; k < c; k++) max = Math.max(max, z[o + k]);
        double s = 0;
        for (int k = o; k < o + c; k++) {
            double e = Math.exp(z[k] - max);
            gz[k] = e;
            s += e;
        }
        double scale = 1 / (s * n);
        for (int k = o; k < o + c; k++) gz[k] *= scale;
        gz[o + id] -= 1.0 / n;
        return Math.log(s) - (z[o + id] - max);
    }

    /** Loss of row o against t, and its gradient (softmax − t) / n into gz. */
    private double row(int o, int c, int n) {
        double max = z[o];
        for (int k = 1; k < c; k++) max = Math.max(max, z[o + k]);
        double s = 0;
        for (int k = 0; k < c; k++) {
            double e = Math.exp(z[o + k] - max);                 // kept for the softmax below: one exp per entry
            gz[o + k] = e;
            s += e;
        }
        double logSum = Math.log(s), l = 0;
        for (int k = 0; k < c; k++) {
            if (t[o + k] != 0) l -= t[o + k] * (z[o + k] - max - logSum);
            gz[o + k] = (gz[o + k] / s - t[o + k]) / n;
        }
        return l;
    }

    /** The first position of the row's largest logit. */
    private int argmax(int o, int c) {
        int best = 0;
        for (int k = 1; k < c; k++) if (z[o + k] > z[o + best]) best = k;
        return best;
    }

    private static double[] grow(double[] a, int len) { return a.length >= len ? a : new double[len]; }
}
