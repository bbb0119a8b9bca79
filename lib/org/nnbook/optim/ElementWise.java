package org.nnbook.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Memory;

/**
 * When optimizers may update element by element in Java ({@link Adam}, through
 * {@link Memory#floats}): arrays qualify when they hold float or double values one after another (default
 * strides), all with the same type, shape and ordering, so that element i of each is the i-th value
 * from its offset.
 */
final class ElementWise {
    private ElementWise() {}

    /** Elements copied to the Java heap at a time: 4 arrays of this many floats fit in a core's L2 cache. */
    static final int CHUNK = 4096;

    /** True when all arrays are float or double with the same type, shape and ordering, densely stored, and indexable by int. */
    static boolean sameLayout(INDArray first, INDArray... others) {
        if (!Memory.dense(first)) return false;
        for (INDArray a : others)
            if (!Memory.dense(a) || a.dataType() != first.dataType() || a.ordering() != first.ordering()
                    || !java.util.Arrays.equals(a.shape(), first.shape())) return false;
        return true;
    }
}
