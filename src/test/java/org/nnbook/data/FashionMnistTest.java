package org.nnbook.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restoreCache() {
        System.clearProperty("nnbook.data");
        System.clearProperty("nnbook.fetch");
    }

    @Test
    void missingFileNamesItAndTheFetchCommand() {
        System.setProperty("nnbook.data", tmp.toString());
        System.setProperty("nnbook.fetch", "off"); // as outside a notebook, whatever this environment says
        DataFileException e = assertThrows(DataFileException.class, FashionMnist::train);
        String m = e.getMessage();
        assertTrue(m.contains(tmp.resolve("fashion-mnist").resolve("train-images-idx3-ubyte.gz").toString()), m);
        assertTrue(m.contains("datasets/fetch fashion-mnist"), m);
    }

    @Test
    void corruptFileIsRejectedWithTheFix() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fashion-mnist"));
        ByteBuffer b = ByteBuffer.allocate(16 + 784).putInt(2051).putInt(1).putInt(28).putInt(28);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFileTest.gzip(b.array()));
        System.setProperty("nnbook.data", tmp.toString());
        DataFileException e = assertThrows(DataFileException.class, FashionMnist::test);
        String m = e.getMessage();
        assertTrue(m.contains("t10k-images-idx3-ubyte.gz") && m.contains("expected SHA-256 " + FashionMnist.SHA_TEST_IMAGES), m);
        assertTrue(m.contains("datasets/fetch fashion-mnist"), m);
    }

    /** With the set in the cache (datasets/fetch fashion-mnist). */
    @Test
    void fullSetLoadsWithItsClassNames() {
        Path dir = FashionMnist.dir();
        assumeTrue(Files.exists(dir.resolve("train-images-idx3-ubyte.gz")) || Files.exists(dir.resolve("train-images-idx3-ubyte")),
                "Fashion-MNIST not fetched; run datasets/fetch fashion-mnist");
        long t0 = System.nanoTime();
        Dataset train = FashionMnist.train();
        System.out.printf("Fashion-MNIST load: train 60k %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        Dataset test = FashionMnist.test();
        assertArrayEquals(new long[]{60000, 784}, train.x().shape());
        assertArrayEquals(new long[]{10000, 10}, test.y().shape());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
                train.classNames());
        int[] perClass = new int[10];
        for (int l : train.labels()) perClass[l]++;
        int[] six = new int[10];
        Arrays.fill(six, 6000);
        assertArrayEquals(six, perClass, "Fashion-MNIST is balanced: 6,000 per class in training");
        assertEquals(9, train.labels()[0], "the first training image is an ankle boot");
        assertEquals(0.0, train.x().minNumber().doubleValue());
        assertEquals(1.0, train.x().maxNumber().doubleValue());
        assertArrayEquals(new long[]{10000, 1, 28, 28}, Mnist.asImages(test).x().shape());
        assertEquals(FashionMnist.CLASS_NAMES, Mnist.asImages(test).classNames());
    }
}
