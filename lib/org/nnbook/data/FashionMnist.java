package org.nnbook.data;

import org.nnbook.notebook.MemoryLimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Fashion-MNIST, Zalando's drop-in replacement for MNIST: 28x28 grey images of clothes in 10 classes,
 * 60,000 for training and 10,000 for testing, in MNIST's IDX format. H. Xiao, K. Rasul and R. Vollgraf,
 * "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms", arXiv:1708.07747
 * (2017); https://github.com/zalandoresearch/fashion-mnist (MIT licence).
 *
 * <p>Loaders return what {@link Mnist}'s do: x (N, 784) float32 in [0, 1], y one-hot (N, 10), here
 * with the class names {@link #CLASS_NAMES}; {@link Mnist#asImages} views x as (N, 1, 28, 28). The
 * files come from the data cache ({@link DataCache}, folder {@code fashion-mnist/}), filled by
 * {@code datasets/fetch fashion-mnist} (in a notebook, on first use: {@link DataFetch}); each is checked against the SHA-256 of its decompressed
 * bytes (Debian's package re-gzipped the files, so only the decompressed bytes are comparable).
 */
public final class FashionMnist {
    /** The classes, in label order 0-9. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    // SHA-256 of the decompressed IDX files (datasets/README.md).
    static final String SHA_TRAIN_IMAGES = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888";
    static final String SHA_TRAIN_LABELS = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9";
    static final String SHA_TEST_IMAGES = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b";
    static final String SHA_TEST_LABELS = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34";

    static final String REFETCH = "Delete it and run `datasets/fetch fashion-mnist` (from the nnbook repository root) again.";

    private FashionMnist() {}

    /** The 60,000 training examples, from the data cache. */
    public static Dataset train() {
        return load(Mnist.TRAIN_IMAGES, SHA_TRAIN_IMAGES, Mnist.TRAIN_LABELS, SHA_TRAIN_LABELS);
    }

    /** The 10,000 test examples, from the data cache. */
    public static Dataset test() {
        return load(Mnist.TEST_IMAGES, SHA_TEST_IMAGES, Mnist.TEST_LABELS, SHA_TEST_LABELS);
    }

    /** The folder the files are read from: {@code <data cache>/fashion-mnist}. */
    public static Path dir() { return DataCache.dir("fashion-mnist"); }

    private static Dataset load(String images, String imagesSha, String labels, String labelsSha) {
        IdxFile x = read(images, imagesSha), y = read(labels, labelsSha);
        try {
            Dataset d = Mnist.load(x, y, REFETCH);
            return new Dataset(d.x(), d.y(), CLASS_NAMES);
        } catch (OutOfMemoryError e) {
            throw MemoryLimit.explain(e, "loading Fashion-MNIST's " + String.format(Locale.ROOT, "%,d", x.count()) + " images");
        }
    }

    /** The file in the cache (gzipped, or raw); an empty cache is filled first in a notebook ({@link DataFetch}). */
    private static IdxFile read(String name, String sha) {
        Path raw = dir().resolve(name), gz = dir().resolve(name + ".gz");
        Path file = DataFetch.find(DataFetch.FASHION_MNIST, () -> Files.isRegularFile(gz) ? gz : Files.isRegularFile(raw) ? raw : null, gz, "");
        try {
            return IdxFile.read(file, sha);
        } catch (DataFileException e) {
            throw e.withFix(REFETCH);
        }
    }
}
