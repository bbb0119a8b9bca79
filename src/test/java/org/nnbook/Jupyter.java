package org.nnbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the notebook tests need to know about the build and the system's Jupyter: where Jupyter is,
 * which Python it runs on, the build folder, the kernelspec folder the build wrote (JUPYTER_PATH), and
 * a way to run a process with a time limit.
 */
final class Jupyter {
    private Jupyter() {}

    static final String KERNEL = "nnbook";
    static final String HOW_TO_INSTALL = "run 'binder/course test' (installs Jupyter, then runs mvn verify) "
            + "or 'binder/course setup' once; or install it yourself: apt-get install -y --no-install-recommends "
            + "jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client (or: pip install nbconvert nbclient "
            + "jupyter_client ipykernel), then point NNBOOK_JUPYTER at its 'jupyter' if it is not /usr/bin/jupyter";

    /** Maven's build folder (target/ unless -Dnnbook.buildDir). */
    static Path buildDir() {
        String dir = System.getProperty("nnbook.build.dir");
        if (dir != null && !dir.isBlank() && !dir.startsWith("${")) {
            return Path.of(dir).toAbsolutePath();
        }
        return jupyterPath().getParent();
    }

    /** The folder whose kernels/nnbook the build's pre-integration-test phase wrote; given as JUPYTER_PATH. */
    static Path jupyterPath() {
        String p = System.getProperty("nnbook.jupyter.path");
        if (p == null || p.isBlank() || p.startsWith("${")) {
            p = "target/jupyter";
        }
        return Path.of(p).toAbsolutePath();
    }

    /** Quick mode for notebooks, 1 unless the build says otherwise (-Dnnbook.quick=0). */
    static String quick() {
        String q = System.getProperty("nnbook.quick");
        return q == null || q.isBlank() || q.startsWith("${") ? "1" : q;
    }

    /**
     * The {@code jupyter} command: $NNBOOK_JUPYTER (or -Dnnbook.jupyter) if set, else /usr/bin/jupyter
     * (Debian's; a 'python3' earlier on PATH may be another Python without Jupyter), else 'jupyter' on PATH.
     * Null when none is there.
     */
    static Path command() {
        for (String s : new String[] {System.getProperty("nnbook.jupyter"), System.getenv("NNBOOK_JUPYTER")}) {
            if (s != null && !s.isBlank() && !s.startsWith("${")) {
                Path p = Path.of(s);
                return Files.isExecutable(p) ? p.toAbsolutePath() : null;
            }
        }
        Path debian = Path.of("/usr/bin/jupyter");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "jupyter");
                if (Files.isExecutable(p)) {
                    return p.toAbsolutePath();
                }
            }
        }
        return null;
    }

    /** The Python that runs {@code jupyter} (from its #! line), so its modules (jupyter_client) are there. */
    static String python(Path jupyter) {
        try {
            List<String> lines = Files.readAllLines(jupyter, StandardCharsets.ISO_8859_1);
            if (!lines.isEmpty() && lines.get(0).startsWith("#!")) {
                String[] words = lines.get(0).substring(2).trim().split("\\s+");
                // "#!/usr/bin/env python3" names the interpreter in its second word.
                if (words[0].endsWith("/env") && words.length > 1) {
                    return words[1];
                }
                return words[0];
            }
        } catch (IOException | RuntimeException e) {
            // not a script: fall through
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * {@code jupyter nbconvert --execute} of {@code notebook} on the course kernel into {@code outDir}, with the
     * notebook tests' time limits (-Dnnbook.notebook.cellTimeout, default 900 s per cell).
     */
    static List<String> executeCommand(Path notebook, Path outDir) {
        return List.of(command().toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + KERNEL,
                "--ExecutePreprocessor.timeout=" + Long.getLong("nnbook.notebook.cellTimeout", 900),
                "--ExecutePreprocessor.startup_timeout=180",
                "--output-dir", outDir.toString(), notebook.toAbsolutePath().toString());
    }

    /** Why the test cannot run here, or null when Jupyter with nbconvert is present. */
    static String missing() {
        Path jupyter = command();
        if (jupyter == null) {
            String set = System.getenv("NNBOOK_JUPYTER");
            return (set != null && !set.isBlank() ? "NNBOOK_JUPYTER=" + set + " is not an executable jupyter"
                    : "Jupyter is not installed (no /usr/bin/jupyter, no jupyter on PATH)") + ": " + HOW_TO_INSTALL;
        }
        try {
            Result r = run(List.of(jupyter.toString(), "nbconvert", "--version"), Map.of(), null, 120,
                    Files.createTempFile("nnbook-nbconvert", ".log"));
            if (r.exitCode() != 0) {
                return jupyter + " has no working nbconvert (exit " + r.exitCode() + "): " + HOW_TO_INSTALL
                        + "\n" + r.tail(20);
            }
        } catch (IOException e) {
            return "could not run " + jupyter + ": " + e + ": " + HOW_TO_INSTALL;
        }
        Path spec = jupyterPath().resolve("kernels").resolve(KERNEL).resolve("kernel.json");
        if (!Files.isRegularFile(spec)) {
            return "no kernelspec at " + spec + ": the pre-integration-test phase writes it "
                    + "(bash binder/install-kernel.sh <build>/jupyter/kernels <build>); run 'mvn verify', not the IT alone";
        }
        return null;
    }

    /** The outcome of {@link #run}. */
    record Result(int exitCode, boolean timedOut, double seconds, Path log) {
        /** The last {@code n} lines of the process's output, without terminal colour codes. */
        String tail(int n) {
            List<String> lines = logLines();
            // The kernel prints two lines per jar of its class path on start: noise here.
            lines.removeIf(l -> l.startsWith("Parsing classpath: ") || (l.startsWith("Add ") && l.endsWith(" to classpath")));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }

        /** nbconvert's report of the cell that failed (its source, traceback and error), or the log's last lines. */
        String failingCell() {
            List<String> lines = logLines();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).contains("An error occurred while executing the following cell")) {
                    return String.join("\n", lines.subList(i, Math.min(lines.size(), i + 80)));
                }
            }
            return tail(40);
        }

        List<String> logLines() {
            try {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                return new ArrayList<>(List.of(stripAnsi(text).split("\\R")));
            } catch (IOException e) {
                return new ArrayList<>(List.of("(no log: " + e + ")"));
            }
        }
    }

    static String stripAnsi(String s) {
        return s.replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "");
    }

    /**
     * Runs {@code command} with extra {@code env}, stdout and stderr both into {@code log}; past
     * {@code timeoutSeconds} the process and everything it started (the kernel JVM) are killed.
     */
    static Result run(List<String> command, Map<String, String> env, Path workDir, long timeoutSeconds, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done;
        try {
            done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            killTree(p);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(done ? p.exitValue() : -1, !done, seconds, log);
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
