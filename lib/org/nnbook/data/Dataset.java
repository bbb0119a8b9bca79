package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.Rows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Examples and their targets, row by row: inputs x (N, ...) and targets y (N, ...).
 *
 * <ul>
 *   <li>Classification: x (N, features) or images (N, C, H, W), y one-hot (N, C)
 *       ({@link #ofLabels}) or class ids (N) ({@link #ofClassIds}, for {@code SparseCrossEntropy}).</li>
 *   <li>Regression: y (N, outputs) of real values.</li>
 *   <li>Sequences: token ids x (N, T) and, e.g., next-token ids y (N, T); padded sentences carry a
 *       mask (N, T), 1 at real tokens and 0 at padding ({@link #withMask}).</li>
 *   <li>Several inputs (a translation model's source and target): {@code new Dataset(Inputs.of(src, tgtIn), tgtOut, null)}.</li>
 * </ul>
 * Class names label the classes (the columns of a one-hot y).
 */
public final class Dataset {
    private final Inputs inputs;
    private final INDArray y;
    private final List<String> classNames;

    /** A data set of one input array; classes (if any) are named "0", "1", .... */
    public Dataset(INDArray x, INDArray y) { this(x, y, null); }

    /** A data set of one input array with named classes. */
    public Dataset(INDArray x, INDArray y, List<String> classNames) {
        this(Inputs.of(requireArray("x", x)), y, classNames);
    }

    /** A data set of one or more input arrays (and perhaps a mask), targets y and, for classification, class names (or null). */
    public Dataset(Inputs inputs, INDArray y, List<String> classNames) {
        if (inputs == null) throw new IllegalArgumentException("Dataset needs inputs, got null.");
        requireArray("y", y);
        if (y.rank() < 1 || y.size(0) != inputs.size())
            throw new IllegalArgumentException("Dataset: the inputs have " + inputs.size() + " rows but y has shape " + Shapes.of(y)
                    + "; y needs one row per example.");
        if (classNames != null && y.rank() == 2 && y.dataType().isFPType() && classNames.size() != y.size(1))
            throw new IllegalArgumentException("Dataset: " + classNames.size() + " class names for " + y.size(1) + " columns of y.");
        this.inputs = inputs;
        this.y = y;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
    }

    private static INDArray requireArray(String name, INDArray a) {
        if (a == null) throw new IllegalArgumentException("Dataset needs both x and y, got " + name + " = null.");
        return a;
    }

    /** A classification data set from integer labels in [0, numClasses), one-hot encoded as float32. */
    public static Dataset ofLabels(INDArray x, int[] labels, int numClasses) { return ofLabels(x, labels, numClasses, null); }

    /** As {@link #ofLabels(INDArray, int[], int)} with class names. */
    public static Dataset ofLabels(INDArray x, int[] labels, int numClasses, List<String> classNames) {
        return new Dataset(x, oneHot(labels, numClasses), classNames);
    }

    /** A classification data set whose targets are the class ids themselves, y (N) int32, for {@code SparseCrossEntropy}. */
    public static Dataset ofClassIds(INDArray x, int[] labels, List<String> classNames) {
        if (classNames == null || classNames.isEmpty()) throw new IllegalArgumentException("Dataset.ofClassIds needs the class names.");
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= classNames.size())
                throw new IllegalArgumentException("Label " + labels[i] + " at row " + i + " is outside [0, " + classNames.size() + ").");
        return new Dataset(x, Nd4j.createFromArray(labels), classNames);
    }

    /** One-hot encoding (N, numClasses) of {@code labels}, as float32. */
    public static INDArray oneHot(int[] labels, int numClasses) {
        float[] data = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= numClasses)
                throw new IllegalArgumentException("Label " + c + " at row " + i + " is outside [0, " + numClasses + ").");
            data[i * numClasses + c] = 1f;
        }
        return Nd4j.create(data, new long[]{labels.length, numClasses}, DataType.FLOAT);
    }

    /** The same examples with a padding mask (N, T): 1 at real tokens, 0 at padding. */
    public Dataset withMask(INDArray mask) { return new Dataset(inputs.withMask(mask), y, classNames); }

    /** The inputs: one array or more, and the mask if there is one. */
    public Inputs inputs() { return inputs; }

    /** The first (often the only) input array. */
    public INDArray x() { return inputs.x(); }

    /** The targets. */
    public INDArray y() { return y; }

    /** The padding mask, or null. */
    public INDArray mask() { return inputs.mask(); }

    /** Number of examples N. */
    public int size() { return inputs.size(); }

    /** Whether y is one-hot rows (N, C) rather than ids or values. */
    private boolean oneHotTargets() { return y.rank() == 2 && y.dataType().isFPType(); }

    /** Number of classes: the class names given, else the columns of a one-hot y. */
    public int numClasses() {
        if (classNames != null) return classNames.size();
        if (oneHotTargets()) return (int) y.size(1);
        throw new IllegalStateException("This data set's targets " + Shapes.of(y) + " are not one-hot rows; give the class names"
                + " (e.g. Dataset.ofClassIds(x, labels, classNames)) to say how many classes there are.");
    }

    /** The class names, "0".."C-1" unless given. */
    public List<String> classNames() {
        if (classNames != null) return classNames;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses(); i++) names.add(Integer.toString(i));
        return names;
    }

    /** The class index of each example: the argmax of a one-hot y, or y itself when it holds class ids (N). */
    public int[] labels() {
        if (oneHotTargets()) return y.argMax(1).toIntVector();
        if (y.rank() == 1) return y.castTo(DataType.INT).toIntVector();
        throw new IllegalStateException("labels() needs one-hot targets (N, C) or class ids (N); this data set's y is " + Shapes.of(y) + ".");
    }

    /** The first {@code n} examples (or all, if there are fewer), as a copy. */
    public Dataset take(int n) {
        int m = Math.min(n, size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return subset(idx);
    }

    /**
     * Examples {@code from} (inclusive) to {@code to} (exclusive): {@code train.range(0, 55_000)}.
     * The result is a view that shares memory with this data set (no copy), so changing its arrays
     * in place changes these too.
     */
    public Dataset range(int from, int to) {
        if (from < 0 || to > size() || from >= to)
            throw new IllegalArgumentException("Dataset.range(" + from + ", " + to + ") is outside [0, " + size() + "] or empty.");
        return map(a -> rowsView(a, from, to));
    }

    private static INDArray rowsView(INDArray a, int from, int to) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < idx.length; d++) idx[d] = NDArrayIndex.all();
        return a.get(idx);
    }

    /** The examples at {@code indices}, in that order, as a copy. */
    public Dataset subset(int[] indices) { return map(a -> rows(a, indices)); }

    /**
     * The examples whose class is none of {@code classes}, in their order, as a copy; the targets keep all
     * C columns (or ids), so a model trained on it still has an output for the missing classes. Hinton et
     * al. (2015) distilled a student on MNIST without a single 3: {@code train.without(3)}.
     */
    public Dataset without(int... classes) {
        int c = numClasses();
        boolean[] drop = new boolean[c];
        for (int k : classes) {
            if (k < 0 || k >= c) throw new IllegalArgumentException("Dataset.without(" + k + "): there are classes 0 to " + (c - 1) + " only.");
            drop[k] = true;
        }
        int[] labels = labels();
        return subset(java.util.stream.IntStream.range(0, size()).filter(i -> !drop[labels[i]]).toArray());
    }

    /** This data set with every array (inputs, mask, targets) replaced by f of it. */
    private Dataset map(java.util.function.UnaryOperator<INDArray> f) {
        List<INDArray> in = new ArrayList<>();
        for (INDArray a : inputs.arrays()) in.add(f.apply(a));
        INDArray mask = inputs.mask() == null ? null : f.apply(inputs.mask());
        return new Dataset(new Inputs(in, mask), f.apply(y), classNames);
    }

    /** Gathers rows of an (N, ...) array into a new (indices.length, ...) array. */
    public static INDArray rows(INDArray a, int[] indices) {
        long n = a.size(0);
        for (int i : indices)
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Row " + i + " is outside [0, " + n + ").");
        INDArray fast = Rows.gather(a, indices);       // the same, block by block (org.nnbook.kernels)
        if (fast != null) return fast;
        long[] shape = a.shape().clone();
        INDArray flat = a.reshape('c', n, a.length() / n);
        INDArray picked = Nd4j.pullRows(flat, 1, indices);
        shape[0] = indices.length;
        return picked.reshape('c', shape);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Dataset(");
        List<INDArray> in = inputs.arrays();
        for (int i = 0; i < in.size(); i++) sb.append(in.size() == 1 ? "x " : "x" + i + " ").append(Arrays.toString(in.get(i).shape())).append(", ");
        if (inputs.hasMask()) sb.append("mask ").append(Arrays.toString(inputs.mask().shape())).append(", ");
        return sb.append("y ").append(Arrays.toString(y.shape())).append(")").toString();
    }
}
