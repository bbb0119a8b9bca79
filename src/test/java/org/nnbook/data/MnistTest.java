package org.nnbook.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MnistTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restoreCache() {
        System.clearProperty("nnbook.data");
        System.clearProperty("nnbook.fetch");
    }

    @Test
    void smallSubsetHasTheRightShapesAndValues() {
        Dataset train = Mnist.smallTrain(), test = Mnist.smallTest();
        assertArrayEquals(new long[]{1000, 784}, train.x().shape());
        assertArrayEquals(new long[]{1000, 10}, train.y().shape());
        assertEquals(DataType.FLOAT, train.x().dataType());
        assertEquals(1000, test.size());
        assertEquals(0.0, train.x().minNumber().doubleValue());
        assertEquals(1.0, train.x().maxNumber().doubleValue());
        // The first training digits of MNIST are 5 0 4 1 9 2 1 3 1 4; the first test digits 7 2 1 0 4.
        assertArrayEquals(new int[]{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train.labels(), 10));
        assertArrayEquals(new int[]{7, 2, 1, 0, 4}, Arrays.copyOf(test.labels(), 5));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), train.classNames());
        for (int c = 0; c < 10; c++) {
            int cls = c;
            assertTrue(Arrays.stream(train.labels()).filter(l -> l == cls).count() > 60, "every digit is well represented");
        }
    }

    /** Round trip: the loaded subset, written back as IDX bytes, is byte-for-byte the committed file. */
    @Test
    void subsetRoundTripsToTheCommittedBytes() {
        Dataset train = Mnist.smallTrain(), test = Mnist.smallTest();
        assertEquals(Mnist.SHA_SMALL_TRAIN_IMAGES, IdxFile.sha256(imagesIdx(train.x())));
        assertEquals(Mnist.SHA_SMALL_TRAIN_LABELS, IdxFile.sha256(labelsIdx(train.labels())));
        assertEquals(Mnist.SHA_SMALL_TEST_IMAGES, IdxFile.sha256(imagesIdx(test.x())));
        assertEquals(Mnist.SHA_SMALL_TEST_LABELS, IdxFile.sha256(labelsIdx(test.labels())));
    }

    @Test
    void asImagesViewsRowsAsOneChannelImages() {
        Dataset d = Mnist.smallTest().take(3);
        Dataset img = Mnist.asImages(d);
        assertArrayEquals(new long[]{3, 1, 28, 28}, img.x().shape());
        assertEquals(d.x().getFloat(1, 5 * 28 + 17), img.x().getFloat(1, 0, 5, 17));
        assertSame(img, Mnist.asImages(img));
        assertThrows(IllegalArgumentException.class, () -> Mnist.asImages(new Dataset(d.x().get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 100)), d.y())));
    }

    @Test
    void missingFullSetSaysWhereAndHowToFetch() {
        System.setProperty("nnbook.data", tmp.toString());
        System.setProperty("nnbook.fetch", "off"); // as outside a notebook, whatever this environment says
        DataFileException e = assertThrows(DataFileException.class, Mnist::train);
        String m = e.getMessage();
        assertTrue(m.contains(tmp.resolve("mnist").resolve("train-images-idx3-ubyte").toString()), m);
        assertTrue(m.contains("datasets/fetch mnist") && m.contains("binder/course setup"), m);
        assertTrue(m.contains("Mnist.smallTrain()"), "how to start without the download: " + m);
    }

    /** In a notebook an empty cache is fetched on first use; a fetch that fails says which command to run (no network here: a stand-in script). */
    @Test
    void aFailedFirstUseFetchSaysWhichCommandToRun() throws IOException {
        System.setProperty("nnbook.data", tmp.resolve("cache").toString());
        Path script = tmp.resolve("fetch");
        Files.writeString(script, "echo \"could not download MNIST: check the network\" >&2; exit 1\n");
        System.setProperty("nnbook.fetch", script.toString());
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        DataFileException e;
        try {
            e = assertThrows(DataFileException.class, Mnist::test);
        } finally {
            System.setOut(out);
        }
        String m = e.getMessage();
        assertTrue(m.contains("MNIST is not in the data cache (" + tmp.resolve("cache/mnist/t10k-images-idx3-ubyte") + "), and fetching it failed"), m);
        assertTrue(m.contains("bash " + script + " mnist` exited with status 1: could not download MNIST: check the network"), m);
        assertTrue(m.contains("Mnist.smallTrain()"), m);
    }

    @Test
    void corruptCachedFileIsRejectedWithTheFix() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        // Real-looking but wrong: a valid IDX image file with one image of zeros.
        ByteBuffer b = ByteBuffer.allocate(16 + 784).putInt(2051).putInt(1).putInt(28).putInt(28);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), b.array());
        System.setProperty("nnbook.data", tmp.toString());
        DataFileException e = assertThrows(DataFileException.class, Mnist::test);
        String m = e.getMessage();
        assertTrue(m.contains("t10k-images-idx3-ubyte") && m.contains("expected SHA-256 " + Mnist.SHA_TEST_IMAGES), m);
        assertTrue(m.contains("datasets/fetch mnist"), m);
    }

    @Test
    void truncatedCachedFileIsRejected() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        ByteBuffer b = ByteBuffer.allocate(16 + 784).putInt(2051).putInt(10000).putInt(28).putInt(28);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFileTest.gzip(b.array()));
        System.setProperty("nnbook.data", tmp.toString());
        DataFileException e = assertThrows(DataFileException.class, Mnist::test);
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("7840000 bytes"), e.getMessage());
    }

    @Test
    void mismatchedImagesAndLabelsAreCaught() {
        ByteBuffer img = ByteBuffer.allocate(16 + 2 * 784).putInt(2051).putInt(2).putInt(28).putInt(28);
        ByteBuffer lab = ByteBuffer.allocate(8 + 3).putInt(2049).putInt(3);
        IdxFile images = IdxFile.read(new java.io.ByteArrayInputStream(img.array()), "img", null);
        IdxFile labels = IdxFile.read(new java.io.ByteArrayInputStream(lab.array()), "lab", null);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(images, labels, ""));
        assertTrue(e.getMessage().contains("3 labels") && e.getMessage().contains("2 images"), e.getMessage());
    }

    /** With the full set in the cache (datasets/fetch mnist): it loads with the right shapes and begins with the subset. */
    @Test
    void fullSetLoadsAndStartsWithTheSubset() {
        assumeTrue(Files.exists(Mnist.dir().resolve(Mnist.TRAIN_IMAGES)) || Files.exists(Mnist.dir().resolve(Mnist.TRAIN_IMAGES + ".gz")),
                "full MNIST not fetched; run datasets/fetch mnist");
        Mnist.smallTest(); // warm up ND4J and the JIT
        long t0 = System.nanoTime();
        Dataset train = Mnist.train();
        long t1 = System.nanoTime();
        Dataset test = Mnist.test();
        long t2 = System.nanoTime();
        System.out.printf("MNIST load: train 60k %.0f ms, test 10k %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        assertArrayEquals(new long[]{60000, 784}, train.x().shape());
        assertArrayEquals(new long[]{10000, 10}, test.y().shape());
        Dataset small = Mnist.smallTrain();
        assertEquals(small.x(), train.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1000)));
        assertArrayEquals(small.labels(), Arrays.copyOf(train.labels(), 1000));
        assertArrayEquals(Mnist.smallTest().labels(), Arrays.copyOf(test.labels(), 1000));
    }

    static byte[] imagesIdx(INDArray x) {
        int n = (int) x.size(0);
        float[] px = x.data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(16 + px.length).putInt(2051).putInt(n).putInt(28).putInt(28);
        for (float p : px) b.put((byte) Math.round(p * 255f));
        return b.array();
    }

    static byte[] labelsIdx(int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(2049).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }
}
