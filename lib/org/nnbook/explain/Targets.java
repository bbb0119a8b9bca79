package org.nnbook.explain;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/** Checks and small steps shared by the explanation methods: a model's class scores for one target class per example. */
final class Targets {
    private Targets() {}

    /** Fails unless {@code targets} holds one class per example of {@code x}. */
    static void require(String who, INDArray x, int[] targets) {
        if (x == null) throw new IllegalArgumentException(who + ": the input x is null.");
        if (targets == null) throw new IllegalArgumentException(who + ": targets is null; give the class to explain for each example (e.g. the labels, or the predictions).");
        if (x.rank() < 2) throw new IllegalArgumentException(who + ": x must be a batch (N, ...), got shape " + Arrays.toString(x.shape()) + ".");
        if (targets.length != x.size(0))
            throw new IllegalArgumentException(who + ": " + x.size(0) + " examples in x but " + targets.length + " targets; give one class per example.");
    }

    /** Fails unless the model's output is (N, classes) and every target is a class of it. */
    static void requireScores(String who, INDArray out, int[] targets) {
        if (out.rank() != 2 || out.size(0) != targets.length)
            throw new IllegalArgumentException(who + ": the model's output must be class scores (N, classes) for " + targets.length
                    + " examples, got " + Arrays.toString(out.shape()) + ". Explain a classifier whose last layer gives one score per class.");
        for (int i = 0; i < targets.length; i++)
            if (targets[i] < 0 || targets[i] >= out.size(1))
                throw new IllegalArgumentException(who + ": target " + targets[i] + " of example " + i + " is not a class of the model's "
                        + out.size(1) + " outputs (0 to " + (out.size(1) - 1) + ").");
    }

    /** A (N, classes) array of zeros with a 1 at each example's target: dS_t/d(scores). */
    static INDArray oneHot(INDArray out, int[] targets) {
        INDArray g = Nd4j.zeros(out.dataType(), out.shape());
        for (int i = 0; i < targets.length; i++) g.putScalar(i, targets[i], 1.0);
        return g;
    }

    /** Each row's softmax probability of its target, from the logits (N, classes). */
    static double[] probabilities(INDArray logits, int[] targets) {
        INDArray p = Transforms.softmax(logits, true);
        double[] r = new double[targets.length];
        for (int i = 0; i < r.length; i++) r[i] = p.getDouble(i, targets[i]);
        return r;
    }

    /** Fails unless x is a batch of images (N, C, H, W). */
    static void requireImages(String who, INDArray x) {
        if (x.rank() != 4)
            throw new IllegalArgumentException(who + ": x must be images (N, C, H, W), got shape " + Arrays.toString(x.shape())
                    + ". Reshape flat rows first, e.g. x.reshape(n, 1, 28, 28).");
    }
}
