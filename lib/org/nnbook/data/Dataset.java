package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Memory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Examples and their targets, row by row: {@code x} is (N, ...) and {@code y} is (N, C) — one-hot
 * for classification, real values for regression. Class names label the columns of {@code y}.
 */
public final class Dataset {
    private final INDArray x;
    private final INDArray y;
    private final List<String> classNames;

    /** A data set whose classes (if any) are named "0", "1", .... */
    public Dataset(INDArray x, INDArray y) { this(x, y, null); }

    /** A data set with named classes; {@code classNames.size()} must equal the number of columns of {@code y}. */
    public Dataset(INDArray x, INDArray y, List<String> classNames) {
        if (x == null || y == null) throw new IllegalArgumentException("Dataset needs both x and y, got " + (x == null ? "x = null" : "y = null") + ".");
        if (x.rank() < 1 || y.rank() != 2)
            throw new IllegalArgumentException("Dataset expects y of shape (N, C) but got " + Arrays.toString(y.shape())
                    + ". For class labels use Dataset.ofLabels(x, labels, numClasses), which one-hot encodes them.");
        if (x.size(0) != y.size(0))
            throw new IllegalArgumentException("Dataset: x has " + x.size(0) + " rows but y has " + y.size(0) + "; they must match.");
        if (classNames != null && classNames.size() != y.size(1))
            throw new IllegalArgumentException("Dataset: " + classNames.size() + " class names for " + y.size(1) + " columns of y.");
        this.x = x;
        this.y = y;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** A classification data set from integer labels in [0, numClasses), one-hot encoded as float32. */
    public static Dataset ofLabels(INDArray x, int[] labels, int numClasses) {
        return ofLabels(x, labels, numClasses, null);
    }

    /** As {@link #ofLabels(INDArray, int[], int)} with class names. */
    public static Dataset ofLabels(INDArray x, int[] labels, int numClasses, List<String> classNames) {
        return new Dataset(x, oneHot(labels, numClasses), classNames);
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

    public INDArray x() { return x; }

    public INDArray y() { return y; }

    /** Number of examples N. */
    public int size() { return (int) x.size(0); }

    /** Number of columns of y (classes, for classification). */
    public int numClasses() { return (int) y.size(1); }

    /** The class names, "0".."C-1" unless given. */
    public List<String> classNames() {
        if (classNames != null) return classNames;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses(); i++) names.add(Integer.toString(i));
        return names;
    }

    /** The class index of each row: the argmax of y. */
    public int[] labels() { return y.argMax(1).toIntVector(); }

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
        return new Dataset(rowsView(x, from, to), rowsView(y, from, to), classNames);
    }

    private static INDArray rowsView(INDArray a, int from, int to) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < idx.length; d++) idx[d] = NDArrayIndex.all();
        return a.get(idx);
    }

    /** The examples at {@code indices}, in that order, as a copy. */
    public Dataset subset(int[] indices) {
        return new Dataset(rows(x, indices), rows(y, indices), classNames);
    }

    /** Gathers rows of an (N, ...) array into a new (indices.length, ...) array. */
    public static INDArray rows(INDArray a, int[] indices) {
        long n = a.size(0);
        for (int i : indices)
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Row " + i + " is outside [0, " + n + ").");
        long[] shape = a.shape().clone();
        INDArray copied = copyRows(a, indices);
        if (copied != null) return copied;
        INDArray flat = a.rank() == 2 ? a : a.reshape('c', n, a.length() / n);
        INDArray picked = Nd4j.pullRows(flat, 1, indices);
        shape[0] = indices.length;
        return a.rank() == 2 ? picked : picked.reshape('c', shape);
    }

    /**
     * The fast path of {@link #rows}: when {@code a} is laid out row after row (c order with default
     * strides, as data sets and their {@link #range} views are), each row is one block of memory, and
     * the rows are copied block by block on the Java side, without an ND4J op (the training loop
     * gathers every mini-batch this way; {@code Nd4j.pullRows} costs far more per call). Returns null
     * for any other layout.
     */
    private static INDArray copyRows(INDArray a, int[] indices) {
        long n = a.size(0);
        if (indices.length == 0 || n == 0 || a.ordering() != 'c' || a.isEmpty()) return null;
        if (!Memory.defaultStrides(a)) return null;
        long[] shape = a.shape();
        int width = a.dataType().width();
        long rowBytes = a.length() / n * width;
        long srcStart = a.offset() * width;
        if (srcStart + n * rowBytes > Integer.MAX_VALUE) return null;       // ByteBuffers index with int
        ByteBuffer src = a.data().asNio();                   // the whole underlying buffer; a.offset() is relative to it
        if (src == null || srcStart + n * rowBytes > src.capacity()) return null;
        long[] outShape = shape.clone();
        outShape[0] = indices.length;
        INDArray out = Nd4j.createUninitialized(a.dataType(), outShape, 'c');
        ByteBuffer dst = out.data().asNio();
        if (dst == null || out.offset() != 0 || dst.capacity() < indices.length * rowBytes) return null;
        int rb = (int) rowBytes;
        for (int i = 0; i < indices.length; i++)
            dst.put(i * rb, src, Math.toIntExact(srcStart + indices[i] * rowBytes), rb);
        return out;
    }

    @Override
    public String toString() {
        return "Dataset(x " + Arrays.toString(x.shape()) + ", y " + Arrays.toString(y.shape()) + ")";
    }
}
