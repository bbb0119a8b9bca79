package org.nnbook.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Access to the memory of ND4J arrays for optimizers that update element by element in Java
 * ({@link Adam}): arrays qualify when they hold float or double values one after another (default
 * strides), all with the same type, shape and ordering, so that element i of each is the i-th value
 * from its offset.
 */
final class ElementWise {
    private ElementWise() {}

    /** Elements copied to the Java heap at a time: 4 arrays of this many floats fit in a core's L2 cache. */
    static final int CHUNK = 4096;

    /** True when all arrays are float or double with the same type, shape and ordering, densely stored, and indexable by int. */
    static boolean sameLayout(INDArray first, INDArray... others) {
        if (!dense(first)) return false;
        for (INDArray a : others)
            if (!dense(a) || a.dataType() != first.dataType() || a.ordering() != first.ordering()
                    || !java.util.Arrays.equals(a.shape(), first.shape())) return false;
        return true;
    }

    private static boolean dense(INDArray a) {
        return a != null && !a.isEmpty() && a.data() != null && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)
                && defaultStrides(a) && a.offset() + a.length() <= Integer.MAX_VALUE
                && a.data().asNio().capacity() >= (a.offset() + a.length()) * a.dataType().width();
    }

    /**
     * The float values of the allocation under a; a's first element is at index {@code a.offset()}
     * (ND4J's {@code asNio()} covers the whole underlying allocation, also for views).
     */
    static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** As {@link #floats} for double values. */
    static DoubleBuffer doubles(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    /** True when a's elements lie one after another in its ordering (default strides; a dimension of size 1 may have any stride). */
    private static boolean defaultStrides(INDArray a) {
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        if (a.ordering() == 'c') {
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] != 1 && stride[d] != expected) return false;
                expected *= shape[d];
            }
        } else {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] != 1 && stride[d] != expected) return false;
                expected *= shape[d];
            }
        }
        return true;
    }
}
