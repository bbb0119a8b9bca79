package org.nnbook.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** libnd4j's integer arguments for its windowed ops (conv2d, 2-D pooling), and running an op without oneDNN. */
final class OpArgs {
    private OpArgs() {}

    /**
     * kH, kW, sH, sW, pH, pW, dH, dW, same-mode, then two op-specific ones (conv2d: NHWC flag, weight
     * format; pooling: extra parameter, NHWC flag). Explicit padding pH, pW is 0: SAME mode computes it.
     */
    static int[] window(int window, int stride, boolean same, int arg9, int arg10) {
        return new int[]{window, window, stride, stride, 0, 0, 1, 1, same ? 1 : 0, arg9, arg10};
    }

    /**
     * Runs libnd4j's own (not oneDNN's) implementation of op {@code name}, writing into {@code out}.
     * oneDNN pools plain NCHW arrays with its slow reference kernel ("simple_nchw", several times
     * slower than libnd4j's here) and its maxpool backward runs the forward pass again.
     */
    static INDArray withoutHelpers(String name, int[] args, INDArray out, INDArray... in) {
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.allowHelpers(false);
            ctx.setInputArrays(in);
            ctx.setOutputArrays(out);
            ctx.setIArguments(Arrays.stream(args).asLongStream().toArray());
            Nd4j.exec(DynamicCustomOp.builder(name).build(), ctx);
            return out;
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
