package org.nnbook.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded, stratified splits of a classification {@link Dataset}: every part keeps the class
 * proportions of the whole (to within one example per class), which matters for small or unbalanced
 * sets, where a plain random cut can leave a class out of the test part. The same seed gives the
 * same parts. For a large set that comes with its own test set, {@link #holdOut} simply keeps the
 * last rows of the training set for validation.
 *
 * <pre>{@code
 * Split s = Splits.stratified(iris, 0.8, 42);               // s.train(), s.test()
 * Split t = Splits.stratified(iris, 0.7, 0.15, 42);         // s.train(), s.validation(), s.test()
 * for (Fold f : Splits.kFold(iris, 5, 42)) { ... f.train() ... f.validation() ... }
 * Split m = Splits.holdOut(mnistTrain, 0.1, mnistTest);     // the last 10% of mnistTrain validates
 * Dataset few = Splits.perClass(mnistTrain, 10, 42);        // 10 examples of each class
 * }</pre>
 *
 * <p>The class of a row is the argmax of y; with a single column (regression) every row is in the
 * same class, so the split is simply random. Within each part the examples are in a random (seeded)
 * order, never grouped by class.
 */
public final class Splits {
    private Splits() {}

    /** Train and test parts: {@code trainFraction} of each class goes to train, the rest to test. */
    public static Split stratified(Dataset data, double trainFraction, long seed) {
        checkFraction("trainFraction", trainFraction);
        int[][] parts = stratifiedIndices(data, new double[]{trainFraction}, seed);
        return new Split(part(data, parts[0], "train"), null, part(data, parts[1], "test"));
    }

    /** Train, validation and test parts; the test part is what is left: 1 - trainFraction - validationFraction. */
    public static Split stratified(Dataset data, double trainFraction, double validationFraction, long seed) {
        checkFraction("trainFraction", trainFraction);
        checkFraction("validationFraction", validationFraction);
        if (trainFraction + validationFraction >= 1)
            throw new IllegalArgumentException("Splits.stratified: trainFraction + validationFraction must be < 1 to leave a test part, got "
                    + trainFraction + " + " + validationFraction + ".");
        int[][] parts = stratifiedIndices(data, new double[]{trainFraction, validationFraction}, seed);
        return new Split(part(data, parts[0], "train"), part(data, parts[1], "validation"), part(data, parts[2], "test"));
    }

    /**
     * Train, validation and test parts of a data set that comes with its own test set (MNIST,
     * Fashion-MNIST): the last {@code validationFraction} of {@code train}, in its order, is the
     * validation part, the rows before it the train part, and {@code test} is the test part as it is.
     * Nothing is shuffled or stratified, so the parts are the same every time: meant for large sets
     * whose rows are already in a random order. The validation part has
     * {@code round(validationFraction * N)} rows; both parts are views of {@code train} (no copy).
     */
    public static Split holdOut(Dataset train, double validationFraction, Dataset test) {
        checkData(train);
        checkData(test);
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new IllegalArgumentException("Splits.holdOut: validationFraction must be in (0, 1), got " + validationFraction + ".");
        int n = train.size(), cut = n - (int) Math.round(validationFraction * n);
        if (cut == n || cut == 0)
            throw new IllegalArgumentException("Splits.holdOut: holding out " + validationFraction + " of " + n + " examples leaves the "
                    + (cut == n ? "validation" : "train") + " part empty. Use a " + (cut == n ? "larger" : "smaller") + " fraction or more data.");
        return new Split(train.range(0, cut), train.range(cut, n), test);
    }

    /**
     * A few labels per class: {@code perClass} examples of each class, drawn at random (seeded), in a
     * random order; for learning from few labels. For one seed the draws are nested: the 10 examples
     * of a class drawn for {@code perClass = 10} are among its 50 drawn for 50.
     * <pre>{@code
     * Dataset tenEach = Splits.perClass(pool, 10, 1);     // 10 digits of each class, 100 in all
     * }</pre>
     */
    public static Dataset perClass(Dataset data, int perClass, long seed) {
        checkData(data);
        int[][] classes = byClass(data);
        if (perClass < 1) throw new IllegalArgumentException("Splits.perClass: perClass must be >= 1, got " + perClass + ".");
        for (int c = 0; c < classes.length; c++)
            if (classes[c].length < perClass)
                throw new IllegalArgumentException("Splits.perClass: class " + data.classNames().get(c) + " has " + classes[c].length
                        + " examples, fewer than the " + perClass + " asked for. Ask for at most that many, or use the whole set.");
        Random rnd = new Random(seed);
        int[] picked = new int[classes.length * perClass];
        for (int c = 0; c < classes.length; c++) System.arraycopy(shuffled(classes[c], rnd), 0, picked, c * perClass, perClass);
        return data.subset(shuffled(picked, rnd));
    }

    /**
     * Only the examples of the given classes, relabelled 0, 1, ... in the order given and keeping their
     * names, e.g. one half of Fashion-MNIST's classes to pretrain on and the other half as a new task.
     * <pre>{@code
     * Dataset clothes = Splits.classes(fashion, 0, 1, 2, 3, 4);     // T-shirt/top ... coat, now classes 0-4
     * }</pre>
     */
    public static Dataset classes(Dataset data, int... classes) {
        checkData(data);
        int k = data.numClasses();
        if (classes == null || classes.length < 2)
            throw new IllegalArgumentException("Splits.classes needs at least two classes to keep, got " + Arrays.toString(classes) + ".");
        int[] newId = new int[k];
        Arrays.fill(newId, -1);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= k)
                throw new IllegalArgumentException("Splits.classes: class " + classes[i] + " does not exist; the data has classes 0 to " + (k - 1) + ".");
            if (newId[classes[i]] >= 0) throw new IllegalArgumentException("Splits.classes: class " + classes[i] + " is listed twice.");
            newId[classes[i]] = i;
        }
        int[] labels = data.labels();
        int[] keep = java.util.stream.IntStream.range(0, labels.length).filter(n -> newId[labels[n]] >= 0).toArray();
        Dataset kept = data.subset(keep);
        List<String> names = Arrays.stream(classes).mapToObj(c -> data.classNames().get(c)).toList();
        return Dataset.ofLabels(kept.x(), Arrays.stream(kept.labels()).map(c -> newId[c]).toArray(), classes.length, names);
    }

    /**
     * Stratified k-fold cross-validation: the examples are dealt into k folds class by class, so every
     * fold has ~N/k examples and the class proportions of the whole; fold i validates on fold i and
     * trains on the other k-1.
     */
    public static List<Fold> kFold(Dataset data, int k, long seed) {
        checkData(data);
        if (k < 2 || k > data.size())
            throw new IllegalArgumentException("Splits.kFold: k must be between 2 and the number of examples (" + data.size() + "), got " + k + ".");
        int[] fold = foldOf(data, k, seed);
        List<Fold> folds = new ArrayList<>();
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        for (int f = 0; f < k; f++) {
            int fi = f;
            int[] val = shuffled(indicesWhere(fold, i -> fold[i] == fi), rnd);
            int[] train = shuffled(indicesWhere(fold, i -> fold[i] != fi), rnd);
            folds.add(new Fold(f, data.subset(train), data.subset(val)));
        }
        return folds;
    }

    /** The fold (0..k-1) of each example: class by class in a shuffled order, dealt round-robin. */
    static int[] foldOf(Dataset data, int k, long seed) {
        Random rnd = new Random(seed);
        int[] fold = new int[data.size()];
        int next = 0;
        for (int[] members : byClass(data)) {
            for (int i : shuffled(members, rnd)) fold[i] = next++ % k; // continuing the deal balances the fold sizes
        }
        return fold;
    }

    /**
     * Indices of the parts: part p gets {@code fractions[p]} of each class, the last part the rest.
     * Per class the counts are rounded so that each part's total is its fraction of N, rounded
     * (largest remainders), and the members are drawn in a seeded random order.
     */
    static int[][] stratifiedIndices(Dataset data, double[] fractions, long seed) {
        checkData(data);
        int[][] classes = byClass(data);
        int n = data.size(), numParts = fractions.length + 1;
        int[][] counts = new int[classes.length][numParts]; // counts[c][p]: how many of class c go to part p
        int[] left = new int[classes.length];
        for (int c = 0; c < classes.length; c++) left[c] = classes[c].length;
        double taken = 0;
        for (int p = 0; p < fractions.length; p++) {
            double share = fractions[p] / (1 - taken); // of what is left
            int[] alloc = allocate(left, share, (int) Math.round(fractions[p] * n));
            for (int c = 0; c < classes.length; c++) {
                counts[c][p] = alloc[c];
                left[c] -= alloc[c];
            }
            taken += fractions[p];
        }
        for (int c = 0; c < classes.length; c++) counts[c][numParts - 1] = left[c];

        Random rnd = new Random(seed);
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < numParts; p++) parts.add(new ArrayList<>());
        for (int c = 0; c < classes.length; c++) {
            int[] members = shuffled(classes[c], rnd);
            int at = 0;
            for (int p = 0; p < numParts; p++)
                for (int j = 0; j < counts[c][p]; j++) parts.get(p).add(members[at++]);
        }
        int[][] result = new int[numParts][];
        for (int p = 0; p < numParts; p++) result[p] = shuffled(parts.get(p).stream().mapToInt(Integer::intValue).toArray(), rnd);
        return result;
    }

    /**
     * Splits {@code total} over the classes in proportion to {@code left[c] * share}: floors first,
     * then one more to the classes with the largest remainders (ties: the lower class), never more
     * than a class has left.
     */
    private static int[] allocate(int[] left, double share, int total) {
        int[] alloc = new int[left.length];
        double[] remainder = new double[left.length];
        int sum = 0;
        for (int c = 0; c < left.length; c++) {
            double want = left[c] * share;
            alloc[c] = Math.min(left[c], (int) Math.floor(want + 1e-9));
            remainder[c] = want - alloc[c];
            sum += alloc[c];
        }
        Integer[] order = new Integer[left.length];
        for (int c = 0; c < order.length; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
        for (int i = 0; sum < total && i < order.length; i++) {
            int c = order[i];
            if (alloc[c] < left[c]) { alloc[c]++; sum++; }
        }
        return alloc;
    }

    /** The row indices of each class, in row order. */
    private static int[][] byClass(Dataset data) {
        int[] labels = data.labels();
        int[] count = new int[data.numClasses()];
        for (int l : labels) count[l]++;
        int[][] members = new int[count.length][];
        for (int c = 0; c < count.length; c++) members[c] = new int[count[c]];
        int[] at = new int[count.length];
        for (int i = 0; i < labels.length; i++) members[labels[i]][at[labels[i]]++] = i;
        return members;
    }

    private static int[] indicesWhere(int[] a, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, a.length).filter(keep).toArray();
    }

    /** A shuffled copy (Fisher-Yates). */
    private static int[] shuffled(int[] a, Random rnd) {
        int[] s = a.clone();
        for (int i = s.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = s[i]; s[i] = s[j]; s[j] = t;
        }
        return s;
    }

    private static Dataset part(Dataset data, int[] idx, String name) {
        if (idx.length == 0)
            throw new IllegalArgumentException("Splits.stratified: the " + name + " part would be empty (" + data.size()
                    + " examples). Use larger fractions for it or more data.");
        return data.subset(idx);
    }

    private static void checkData(Dataset data) {
        if (data == null) throw new IllegalArgumentException("Splits needs a Dataset, got null.");
    }

    private static void checkFraction(String name, double f) {
        if (!(f > 0 && f < 1)) throw new IllegalArgumentException("Splits.stratified: " + name + " must be in (0, 1), got " + f + ".");
    }
}
