package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between ND4J arrays of float or double values and Java {@code double[]} arrays: the one
 * place where the kernels' Java loops meet the two floating-point types. Every loop is written once,
 * in double; float values are widened on the way in (exactly) and rounded on the way out. Bulk
 * copies from an array's memory are fast, element-wise access to it is not, so the loops copy a
 * block in, work on the Java array while it stays in the cache, and copy the block out.
 *
 * <p>The arrays must be {@link Memory#dense}; positions count elements from the array's first one
 * in its own ordering.
 */
public final class Doubles {
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4096]);

    private Doubles() {}

    /** True when a holds float or double values laid out densely, so that it can be read and written here. */
    public static boolean fits(INDArray a) { return Memory.dense(a); }

    /** True when every array {@link #fits} and all have the type of the first. */
    public static boolean fit(INDArray first, INDArray... others) {
        if (!fits(first)) return false;
        for (INDArray a : others) if (!fits(a) || a.dataType() != first.dataType()) return false;
        return true;
    }

    /** Reads {@code len} values of {@code a}, from its element {@code from} on, into {@code to[toAt...]}. */
    public static void read(INDArray a, long from, double[] to, int toAt, int len) {
        int at = Math.toIntExact(a.offset() + from);
        if (a.dataType() == DataType.DOUBLE) {
            Memory.doubles(a).get(at, to, toAt, len);
            return;
        }
        float[] f = scratch(len);
        Memory.floats(a).get(at, f, 0, len);
        for (int i = 0; i < len; i++) to[toAt + i] = f[i];
    }

    /** Writes {@code from[fromAt...]} ({@code len} values) into {@code a}, from its element {@code at} on. */
    public static void write(double[] from, int fromAt, INDArray a, long at, int len) {
        int pos = Math.toIntExact(a.offset() + at);
        if (a.dataType() == DataType.DOUBLE) {
            Memory.doubles(a).put(pos, from, fromAt, len);
            return;
        }
        float[] f = scratch(len);
        for (int i = 0; i < len; i++) f[i] = (float) from[fromAt + i];
        Memory.floats(a).put(pos, f, 0, len);
    }

    /** All values of a, in its ordering. */
    public static double[] all(INDArray a) {
        double[] out = new double[Math.toIntExact(a.length())];
        read(a, 0, out, 0, out.length);
        return out;
    }

    private static float[] scratch(int len) {
        float[] f = SCRATCH.get();
        if (f.length < len) SCRATCH.set(f = new float[Math.max(len, 2 * f.length)]);
        return f;
    }
}
