package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Model;
import org.nnbook.data.Dataset;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A backdoor planted by data poisoning (Gu, Dolan-Gavitt and Garg, 2017, "BadNets: Identifying
 * Vulnerabilities in the Machine Learning Model Supply Chain"): a few training images get a small
 * trigger, a white square in the bottom-right corner, and the label {@code target}. The trained model
 * stays accurate on clean images, but classifies any image carrying the trigger as {@code target}.
 * Images are (N, 1, H, W) or (N, H·W) with square images, pixels in [0, 1].
 */
public final class Backdoor {
    private final int size, target;

    /** The training examples a poisoning changed, by row. */
    public record Poisoned(Dataset data, int[] rows) {}

    /** A trigger of {@code size}×{@code size} white pixels, 1 pixel from the bottom-right corner, and the class it leads to. */
    public Backdoor(int size, int target) {
        if (size < 1 || size > 8) throw new IllegalArgumentException("Backdoor: the trigger's side must be 1 to 8 pixels (BadNets: ~3), got " + size + ".");
        if (target < 0) throw new IllegalArgumentException("Backdoor: the target class must be >= 0, got " + target + ".");
        this.size = size;
        this.target = target;
    }

    public int target() { return target; }

    /** A copy of {@code x} with the trigger on every image. */
    public INDArray stamp(INDArray x) {
        if (x == null) throw new IllegalArgumentException("Backdoor.stamp needs images, got null.");
        INDArray images = x.rank() == 2 ? x.dup().reshape('c', x.size(0), 1, side(x), side(x)) : x.dup();
        if (images.rank() != 4 || images.size(1) != 1 || images.size(2) < size + 1 || images.size(3) < size + 1)
            throw new IllegalArgumentException("Backdoor.stamp expects grey images (N, 1, H, W) or (N, H*W) larger than the "
                    + size + "-pixel trigger, got " + Arrays.toString(x.shape()) + ".");
        long h = images.size(2), w = images.size(3);
        images.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(h - 1 - size, h - 1), NDArrayIndex.interval(w - 1 - size, w - 1)).assign(1);
        return x.rank() == 2 ? images.reshape('c', x.shape()) : images;
    }

    /**
     * {@code train} with {@code count} examples of other classes than the target, drawn at random by
     * {@code seed}, stamped and relabelled as the target; the rest unchanged.
     */
    public Poisoned poison(Dataset train, int count, long seed) {
        if (train == null) throw new IllegalArgumentException("Backdoor.poison needs training data, got null.");
        int[] labels = train.labels();
        if (target >= train.numClasses())
            throw new IllegalArgumentException("Backdoor: target class " + target + " but the data has " + train.numClasses() + " classes.");
        int[] others = IntStream.range(0, labels.length).filter(i -> labels[i] != target).toArray();
        if (count < 1 || count > others.length)
            throw new IllegalArgumentException("Backdoor.poison: count must be 1 to " + others.length + " (the examples not of class "
                    + target + "), got " + count + ".");
        Random rnd = new Random(seed);
        for (int i = others.length - 1; i > 0; i--) {                 // Fisher-Yates; the first count are poisoned
            int j = rnd.nextInt(i + 1), t = others[i];
            others[i] = others[j];
            others[j] = t;
        }
        int[] rows = Arrays.copyOf(others, count);
        Arrays.sort(rows);
        INDArray x = train.x().dup();
        INDArray stamped = stamp(Dataset.rows(x, rows));
        int[] newLabels = labels.clone();
        for (int r = 0; r < rows.length; r++) {
            x.get(NDArrayIndex.point(rows[r])).assign(stamped.get(NDArrayIndex.point(r)));
            newLabels[rows[r]] = target;
        }
        INDArray y = Dataset.oneHot(newLabels, train.numClasses()).castTo(train.y().dataType());
        return new Poisoned(new Dataset(x, y, train.classNames()), rows);
    }

    /** The share of the images of {@code test} not of the target class that, stamped, {@code model} classifies as the target. */
    public double successRate(Model model, Dataset test) {
        if (model == null || test == null) throw new IllegalArgumentException("Backdoor.successRate needs a model and test data.");
        int[] labels = test.labels();
        int[] others = IntStream.range(0, labels.length).filter(i -> labels[i] != target).toArray();
        if (others.length == 0) throw new IllegalArgumentException("Backdoor.successRate: every test image is of the target class " + target + ".");
        Dataset rest = test.subset(others);
        INDArray targets = Dataset.oneHot(IntStream.range(0, others.length).map(i -> target).toArray(), test.numClasses());
        return Robustness.accuracy(model, new Dataset(stamp(rest.x()), targets.castTo(rest.y().dataType())));
    }

    private static long side(INDArray x) {
        long s = Math.round(Math.sqrt(x.size(1)));
        if (s * s != x.size(1)) throw new IllegalArgumentException("Backdoor: rows of " + x.size(1) + " pixels are not square images; pass (N, 1, H, W).");
        return s;
    }

    @Override
    public String toString() { return "Backdoor(" + size + "x" + size + " white square -> class " + target + ")"; }
}
