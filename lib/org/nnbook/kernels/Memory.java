package org.nnbook.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Direct access to the memory of ND4J arrays, for the kernels' loops written in Java (through
 * {@link Doubles}) and their direct BLAS calls; and the configuration of the workspace that
 * {@link StepMemory} runs training steps and predictions in.
 */
public final class Memory {
    private Memory() {}

    /**
     * An ND4J workspace for a loop whose rounds allocate the same arrays (a training step, a
     * prediction): sized during the first round, 20% spare, reallocated when a round needs more.
     * Arrays made inside it are valid until the next round; copy out ({@code detach()}) what must last.
     */
    public static final WorkspaceConfiguration LOOP_WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    /**
     * True when a's elements lie one after another in its ordering (default strides; a dimension of
     * size 1 may have any stride), so that element i in that ordering is value {@code a.offset() + i}
     * of the buffer.
     */
    public static boolean defaultStrides(INDArray a) {
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        boolean c = a.ordering() == 'c';
        for (int i = 0; i < shape.length; i++) {
            int d = c ? shape.length - 1 - i : i;
            if (shape[d] != 1 && stride[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /**
     * True when a holds float or double values with {@linkplain #defaultStrides default strides},
     * indexable by int through {@link #floats} or {@link #doubles} (its buffer covers offset + length).
     */
    public static boolean dense(INDArray a) {
        return a != null && !a.isEmpty() && a.data() != null && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)
                && defaultStrides(a) && a.offset() + a.length() <= Integer.MAX_VALUE / 8     // asNio() holds at most 2 GB
                && a.data().asNio().capacity() >= (a.offset() + a.length()) * a.dataType().width();
    }

    /** {@link #dense}, c order and no offset: element i of a is element i of its buffer (what the image loops need). */
    public static boolean denseC(INDArray a) { return a.ordering() == 'c' && a.offset() == 0 && dense(a); }

    /**
     * The float values of the allocation under a; a's first element is at index {@code a.offset()}
     * (ND4J's {@code asNio()} covers the whole underlying allocation, also for views). Bulk get and
     * put copy to and from Java arrays fast.
     */
    public static FloatBuffer floats(INDArray a) { return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer(); }

    /** As {@link #floats} for double values. */
    public static DoubleBuffer doubles(INDArray a) { return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer(); }

    /** A new float[] or double[] of n values for arrays of {@code type} (FLOAT or DOUBLE). */
    static Object newArray(DataType type, int n) { return type == DataType.FLOAT ? new float[n] : new double[n]; }

    /** Copies the first n values of the dense array a into {@code to}, a float[] or double[] of a's type. */
    static void get(INDArray a, Object to, int n) {
        if (to instanceof float[] f) floats(a).get((int) a.offset(), f, 0, n);
        else doubles(a).get((int) a.offset(), (double[]) to, 0, n);
    }

    /** Copies n values of {@code from}, a float[] or double[] of a's type, into the dense array a. */
    static void put(Object from, INDArray a, int n) {
        if (from instanceof float[] f) floats(a).put((int) a.offset(), f, 0, n);
        else doubles(a).put((int) a.offset(), (double[]) from, 0, n);
    }
}
