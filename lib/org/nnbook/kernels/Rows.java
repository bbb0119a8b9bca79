package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;

/**
 * Gathers rows of an (N, ...) array block by block on the Java side: when the array is laid out
 * row after row (c order with default strides, as data sets and their row ranges are), each row is
 * one block of bytes, whatever the type (floats, ids), and copying them costs far less than
 * {@code Nd4j.pullRows}. The training loop gathers every mini-batch this way.
 */
public final class Rows {
    private Rows() {}

    /** The rows {@code indices} of a, in that order, as a new (indices.length, ...) array; null when a's layout does not allow it (or the kernels are off). */
    public static INDArray gather(INDArray a, int[] indices) {
        long n = a.size(0);
        if (!Kernels.on() || indices.length == 0 || n == 0 || a.ordering() != 'c' || a.isEmpty() || !Memory.defaultStrides(a)) return null;
        int width = a.dataType().width();
        long rowBytes = a.length() / n * width;
        long srcStart = a.offset() * width;
        if (srcStart + n * rowBytes > Integer.MAX_VALUE) return null;       // ByteBuffers index with int
        ByteBuffer src = a.data().asNio();                   // the whole underlying buffer; a.offset() is relative to it
        if (src == null || srcStart + n * rowBytes > src.capacity()) return null;
        long[] outShape = a.shape().clone();
        outShape[0] = indices.length;
        INDArray out = Nd4j.createUninitialized(a.dataType(), outShape, 'c');
        ByteBuffer dst = out.data().asNio();
        if (dst == null || out.offset() != 0 || dst.capacity() < indices.length * rowBytes) return null;
        int rb = (int) rowBytes;
        for (int i = 0; i < indices.length; i++)
            dst.put(i * rb, src, Math.toIntExact(srcStart + indices[i] * rowBytes), rb);
        return out;
    }
}
