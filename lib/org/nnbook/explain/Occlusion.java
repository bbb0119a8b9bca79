package org.nnbook.explain;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;

import java.util.ArrayList;
import java.util.List;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014, "Visualizing and Understanding Convolutional Networks",
 * section 4.2): slide a grey square over the image and watch the probability of the class fall. No
 * gradients, only forward passes: each pixel's value is the mean drop of the target's softmax probability
 * over all the square's positions that cover it. Positive: hiding the pixel hurts the class; negative: it
 * helps. Squares of {@code patch}×{@code patch} pixels moved by {@code stride} (the last row and column of
 * positions touch the image's edge), filled with {@code fill} (the blank background), on all channels.
 * Shapes: x (N, C, H, W) → map (N, H, W).
 * <pre>{@code
 * INDArray map = new Occlusion(lenet, 6, 2).fill(background).map(images, labels);   // (N, 28, 28)
 * }</pre>
 */
public final class Occlusion {
    private static final int BATCH = 512;
    private final Model model;
    private final int patch, stride;
    private double fill;

    /** Squares of patch × patch pixels moved by stride, filled with 0 unless {@link #fill} says otherwise. */
    public Occlusion(Model model, int patch, int stride) {
        if (model == null) throw new IllegalArgumentException("Occlusion: the model is null.");
        if (patch < 1 || stride < 1)
            throw new IllegalArgumentException("Occlusion: the patch size and the stride must be at least 1, got patch " + patch + ", stride " + stride + ".");
        if (stride > patch)
            throw new IllegalArgumentException("Occlusion: a stride of " + stride + " over patches of " + patch + " would leave pixels never covered;"
                    + " use a stride of at most the patch size.");
        this.model = model;
        this.patch = patch;
        this.stride = stride;
    }

    /** The value the square is filled with: the background (a blank pixel's value after any scaling of the data). */
    public Occlusion fill(double value) {
        this.fill = value;
        return this;
    }

    /** The positions of a square's first row (or column) along a side of {@code size} pixels. */
    static int[] starts(int size, int patch, int stride) {
        List<Integer> s = new ArrayList<>();
        for (int p = 0; p + patch <= size; p += stride) s.add(p);
        if (s.isEmpty() || s.get(s.size() - 1) + patch < size) s.add(Math.max(0, size - patch));
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The occlusion map (N, H, W): per pixel, the mean drop of the target's probability over the squares covering it. */
    public INDArray map(INDArray x, int[] targets) {
        Targets.require("Occlusion.map", x, targets);
        Targets.requireImages("Occlusion.map", x);
        int n = (int) x.size(0), h = (int) x.size(2), w = (int) x.size(3);
        if (patch > h || patch > w)
            throw new IllegalArgumentException("Occlusion.map: patches of " + patch + " pixels do not fit in images of " + h + "x" + w + ".");
        INDArray logits = model.predict(Inputs.of(x));
        Targets.requireScores("Occlusion.map", logits, targets);
        double[] original = Targets.probabilities(logits, targets);
        int[] tops = starts(h, patch, stride), lefts = starts(w, patch, stride);
        int positions = tops.length * lefts.length, perBatch = Math.max(1, BATCH / n);
        double[][][] sum = new double[n][h][w];
        int[][] count = new int[h][w];
        for (int first = 0; first < positions; first += perBatch) {
            int last = Math.min(positions, first + perBatch);
            INDArray[] copies = new INDArray[last - first];
            int[] repeated = new int[(last - first) * n];
            for (int p = first; p < last; p++) {
                int top = tops[p / lefts.length], left = lefts[p % lefts.length];
                INDArray c = x.dup();
                c.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(top, top + patch), NDArrayIndex.interval(left, left + patch)).assign(fill);
                copies[p - first] = c;
                System.arraycopy(targets, 0, repeated, (p - first) * n, n);
            }
            double[] occluded = Targets.probabilities(model.predict(Inputs.of(Nd4j.concat(0, copies))), repeated);
            for (int p = first; p < last; p++) {
                int top = tops[p / lefts.length], left = lefts[p % lefts.length];
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++) {
                        if (i < top || i >= top + patch || j < left || j >= left + patch) continue;
                        count[i][j]++;
                        for (int e = 0; e < n; e++) sum[e][i][j] += original[e] - occluded[(p - first) * n + e];
                    }
            }
        }
        double[][][] mean = new double[n][h][w];
        for (int e = 0; e < n; e++) for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) mean[e][i][j] = sum[e][i][j] / count[i][j];
        return Nd4j.create(mean);
    }

    @Override
    public String toString() { return "Occlusion(" + patch + "x" + patch + ", stride " + stride + ", fill " + fill + ")"; }
}
