package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The values of an ND4J array of float or double values, read into and written from Java
 * {@code double[]} arrays: the one place where the kernels' Java loops meet the two floating-point
 * types. Every loop is written once, in double; float values are widened on the way in (exactly) and
 * rounded on the way out. Bulk copies from an array's memory are fast, element-wise access to it is
 * not, so the loops copy a block in, work on the Java array while it stays in the cache, and copy
 * the block out.
 *
 * <pre>{@code
 * Doubles w = Doubles.of(value);         // once per array and call: it makes the memory views
 * w.read(from, block, 0, len);  ...  w.write(block, 0, from, len);
 * }</pre>
 *
 * The array must {@linkplain #fits fit}; positions count elements from its first one in its ordering.
 */
public final class Doubles {
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4096]);
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final long offset;
    private float[] scratch;

    private Doubles(INDArray a) {
        boolean f = a.dataType() == DataType.FLOAT;
        this.floats = f ? Memory.floats(a) : null;
        this.doubles = f ? null : Memory.doubles(a);
        this.offset = a.offset();
        this.scratch = f ? SCRATCH.get() : null;
    }

    /** The values of {@code a}, which must {@linkplain #fits fit}. */
    public static Doubles of(INDArray a) { return new Doubles(a); }

    /** True when a holds float or double values laid out densely, so that its values can be read and written here. */
    public static boolean fits(INDArray a) { return Memory.dense(a); }

    /** True when every array {@link #fits} and all have the type of the first. */
    public static boolean fit(INDArray first, INDArray... others) {
        if (!fits(first)) return false;
        for (INDArray a : others) if (!fits(a) || a.dataType() != first.dataType()) return false;
        return true;
    }

    /** Reads {@code len} values, from element {@code from} on, into {@code to[toAt...]}. */
    public void read(long from, double[] to, int toAt, int len) {
        int at = Math.toIntExact(offset + from);
        if (doubles != null) {
            doubles.get(at, to, toAt, len);
            return;
        }
        float[] f = scratch(len);
        floats.get(at, f, 0, len);
        for (int i = 0; i < len; i++) to[toAt + i] = f[i];
    }

    /** Writes {@code from[fromAt...]} ({@code len} values) from element {@code at} on. */
    public void write(double[] from, int fromAt, long at, int len) {
        int pos = Math.toIntExact(offset + at);
        if (doubles != null) {
            doubles.put(pos, from, fromAt, len);
            return;
        }
        float[] f = scratch(len);
        for (int i = 0; i < len; i++) f[i] = (float) from[fromAt + i];
        floats.put(pos, f, 0, len);
    }

    /** All values of a, in its ordering. */
    public static double[] all(INDArray a) {
        double[] out = new double[Math.toIntExact(a.length())];
        of(a).read(0, out, 0, out.length);
        return out;
    }

    private float[] scratch(int len) {
        if (scratch.length < len) SCRATCH.set(scratch = new float[Math.max(len, 2 * scratch.length)]);
        return scratch;
    }
}
