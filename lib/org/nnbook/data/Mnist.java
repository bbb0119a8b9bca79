package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.notebook.MemoryLimit;

import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST, the handwritten digits of LeCun, Cortes and Burges (http://yann.lecun.com/exdb/mnist/):
 * 28x28 grey images of the digits 0-9, 60,000 for training and 10,000 for testing.
 *
 * <p>Each loader returns a {@link Dataset} with x (N, 784) float32, pixels scaled to [0, 1], row by
 * row, and y one-hot (N, 10); class names "0".."9". {@link #asImages} views x as (N, 1, 28, 28) for
 * convolutional nets.
 *
 * <ul>
 *   <li>{@link #train()}, {@link #test()}: the full set, from the data cache ({@link DataCache},
 *       folder {@code mnist/}), filled by {@code datasets/fetch mnist}; in a notebook, an empty cache is
 *       filled on first use, with a message ({@link DataFetch}).</li>
 *   <li>{@link #smallTrain()}, {@link #smallTest()}: the first 1,000 examples of each, shipped
 *       inside the nnbook jar: no download needed.</li>
 * </ul>
 *
 * <p>Every file read is checked against the SHA-256 of the original decompressed IDX file; a
 * missing, corrupt or truncated file is a {@link DataFileException} saying how to fix it.
 */
public final class Mnist {
    /** Image height and width. */
    public static final int SIZE = 28;
    /** Pixels per image, 28 * 28. */
    public static final int PIXELS = SIZE * SIZE;
    /** Number of classes, the digits 0-9. */
    public static final int CLASSES = 10;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte", TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte", TEST_LABELS = "t10k-labels-idx1-ubyte";

    // SHA-256 of the decompressed originals; they match the published ones (datasets/README.md).
    static final String SHA_TRAIN_IMAGES = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db";
    static final String SHA_TRAIN_LABELS = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5";
    static final String SHA_TEST_IMAGES = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7";
    static final String SHA_TEST_LABELS = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2";
    // ... and of the 1,000-example subsets made by datasets/make-mnist-small.
    static final String SHA_SMALL_TRAIN_IMAGES = "386bb018796babeaca208787b77c1b9db39532c4098951ea35f4694e744eb4b7";
    static final String SHA_SMALL_TRAIN_LABELS = "895f65588e45d05babf0b5fa7aee2a0d782d8143b40b5764e596df91bc9dddeb";
    static final String SHA_SMALL_TEST_IMAGES = "de7c252b04f05e1f8309634180ccdf286dc6dbac8c579b74e76e02ae0331ca52";
    static final String SHA_SMALL_TEST_LABELS = "832c0d20f0dc42e575488c75a83a970787d4c8d4d05831b2ef03701b4a478a90";

    /** Added to the error when the full set is missing. */
    static final String SMALL_HINT = "To start without downloading, Mnist.smallTrain() and Mnist.smallTest() hold 1,000 examples each.";
    static final String REFETCH = "Delete it and run `datasets/fetch mnist` (from the nnbook repository root) again.";
    static final String REBUILD = "The subset comes from datasets/mnist-small/ (made by datasets/make-mnist-small);"
            + " rebuild the jar with `mvn package` from the repository root.";

    private Mnist() {}

    /** The 60,000 training examples, from the data cache. */
    public static Dataset train() { return fromCache(TRAIN_IMAGES, SHA_TRAIN_IMAGES, TRAIN_LABELS, SHA_TRAIN_LABELS); }

    /** The 10,000 test examples, from the data cache. */
    public static Dataset test() { return fromCache(TEST_IMAGES, SHA_TEST_IMAGES, TEST_LABELS, SHA_TEST_LABELS); }

    /** The first 1,000 training examples, from the nnbook jar. */
    public static Dataset smallTrain() {
        return fromJar(TRAIN_IMAGES, SHA_SMALL_TRAIN_IMAGES, TRAIN_LABELS, SHA_SMALL_TRAIN_LABELS);
    }

    /** The first 1,000 test examples, from the nnbook jar. */
    public static Dataset smallTest() {
        return fromJar(TEST_IMAGES, SHA_SMALL_TEST_IMAGES, TEST_LABELS, SHA_SMALL_TEST_LABELS);
    }

    /** The folder the full set is read from: {@code <data cache>/mnist}. */
    public static Path dir() { return DataCache.dir("mnist"); }

    /**
     * The same examples with x viewed as images (N, 1, 28, 28) — channels first, as Conv2D expects;
     * y is shared. Accepts x of shape (N, 784) or already (N, 1, 28, 28).
     */
    public static Dataset asImages(Dataset d) {
        INDArray x = d.x();
        if (x.rank() == 4 && x.size(1) == 1 && x.size(2) == SIZE && x.size(3) == SIZE) return d;
        if (x.rank() != 2 || x.size(1) != PIXELS)
            throw new IllegalArgumentException("Mnist.asImages expects x of shape (N, 784) or (N, 1, 28, 28), got "
                    + Arrays.toString(x.shape()) + ".");
        return new Dataset(x.reshape('c', x.size(0), 1, SIZE, SIZE), d.y(), d.classNames());
    }

    private static Dataset fromCache(String images, String imagesSha, String labels, String labelsSha) {
        IdxFile x = readCached(images, imagesSha), y = readCached(labels, labelsSha);
        try {
            return load(x, y, REFETCH);
        } catch (OutOfMemoryError e) {
            throw MemoryLimit.explain(e, "loading MNIST's " + String.format(java.util.Locale.ROOT, "%,d", x.count()) + " images");
        }
    }

    private static IdxFile readCached(String name, String sha) {
        Path file = cached(name);
        try {
            return IdxFile.read(file, sha);
        } catch (DataFileException e) {
            throw e.withFix(REFETCH);
        }
    }

    /**
     * The file in the cache, raw or gzipped. When neither is there, a notebook fetches the set now
     * ({@link DataFetch}: {@code datasets/fetch mnist}, saying so); elsewhere the error names the command.
     */
    private static Path cached(String name) {
        Path raw = dir().resolve(name), gz = dir().resolve(name + ".gz");
        return DataFetch.find(DataFetch.MNIST, () -> Files.isRegularFile(raw) ? raw : Files.isRegularFile(gz) ? gz : null, raw, SMALL_HINT);
    }

    private static Dataset fromJar(String images, String imagesSha, String labels, String labelsSha) {
        return load(resource(images + ".gz", imagesSha), resource(labels + ".gz", labelsSha), REBUILD);
    }

    private static IdxFile resource(String name, String sha) {
        String path = "mnist-small/" + name;
        String where = "resource org/nnbook/data/" + path;
        InputStream in = Mnist.class.getResourceAsStream(path);
        if (in == null)
            throw new DataFileException(where, "The MNIST subset is missing from the class path: no " + where + ". " + REBUILD);
        try {
            return IdxFile.read(in, where, sha);
        } catch (DataFileException e) {
            throw e.withFix(REBUILD);
        }
    }

    /** Checks that the two files fit together and builds the Dataset. */
    static Dataset load(IdxFile images, IdxFile labels, String fix) {
        int[] d = images.dims();
        if (images.type() != 0x08 || d.length != 3 || d[1] != SIZE || d[2] != SIZE)
            throw new DataFileException(images.source(), images.source() + " is not an MNIST image file: expected unsigned bytes"
                    + " of dimensions [N, 28, 28], found type 0x" + Integer.toHexString(images.type()) + " " + Arrays.toString(d) + ". " + fix);
        if (labels.type() != 0x08 || labels.dims().length != 1)
            throw new DataFileException(labels.source(), labels.source() + " is not an MNIST label file: expected unsigned bytes"
                    + " of dimensions [N], found type 0x" + Integer.toHexString(labels.type()) + " " + Arrays.toString(labels.dims()) + ". " + fix);
        int n = images.count();
        if (labels.count() != n)
            throw new DataFileException(labels.source(), labels.source() + " has " + labels.count() + " labels but "
                    + images.source() + " has " + n + " images; expected the same number. " + fix);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsignedByte(i);
            if (y[i] >= CLASSES)
                throw new DataFileException(labels.source(), labels.source() + ": label " + y[i] + " at row " + i
                        + ", expected a digit 0-9. " + fix);
        }
        return Dataset.ofLabels(pixels(images, n), y, CLASSES);
    }

    /** (n, 784) float32 in [0, 1], written straight into ND4J's buffer a chunk at a time (no big heap copy). */
    private static INDArray pixels(IdxFile images, int n) {
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, n, PIXELS);
        FloatBuffer out = x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] chunk = new float[PIXELS * 1024];
        long total = (long) n * PIXELS;
        for (long at = 0; at < total; at += chunk.length) {
            int len = (int) Math.min(chunk.length, total - at);
            for (int i = 0; i < len; i++) chunk[i] = images.unsignedByte(at + i) / 255f;
            out.put(chunk, 0, len);
        }
        return x;
    }
}
