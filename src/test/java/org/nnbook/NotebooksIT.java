package org.nnbook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every course notebook (notebooks/*.ipynb) through real Jupyter with the build's {@code nnbook}
 * kernel, in quick mode unless -Dnnbook.quick=0:
 * {@code jupyter nbconvert --to notebook --execute} into {@code <build>/executed/}.
 *
 * <p>A notebook fails when it is committed with outputs or execution counts, when a cell fails (the
 * notebook's own checks throw when it learns nothing), when it runs past its time, or when it shows no
 * chart (every course notebook has at least one {@code image/png} output).
 *
 * <p>Knobs: -Dnnbook.notebook.cellTimeout (s, default 900), -Dnnbook.notebook.timeout (s per notebook,
 * default 1800), -Dnnbook.notebooks=01,03 (only notebooks whose names start so), -Dnnbook.notebooks.dir,
 * NNBOOK_JUPYTER (the jupyter command; default /usr/bin/jupyter, else the one on PATH).
 */
class NotebooksIT {

    /** The course's notebooks; -Dnnbook.notebooks.dir points elsewhere (to try the test on scratch notebooks). */
    private static final Path NOTEBOOKS = Path.of(System.getProperty("nnbook.notebooks.dir", "notebooks"));

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsCleanly() throws IOException {
        List<Path> notebooks = notebooks();
        if (notebooks.isEmpty()) {
            System.out.println("[NotebooksIT] no " + NOTEBOOKS + "/*.ipynb yet: nothing to run");
            return Stream.empty();
        }
        String missing = Jupyter.missing();
        if (missing != null) {
            fail("Cannot run the notebooks: " + missing);
        }
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), nb.toUri(),
                () -> check(nb)));
    }

    private static List<Path> notebooks() throws IOException {
        if (!Files.isDirectory(NOTEBOOKS)) {
            return List.of();
        }
        String only = System.getProperty("nnbook.notebooks", "");
        List<String> prefixes = only.isBlank() ? List.of() : List.of(only.split(","));
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                    .filter(p -> prefixes.isEmpty()
                            || prefixes.stream().anyMatch(x -> p.getFileName().toString().startsWith(x.trim())))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static void check(Path notebook) throws IOException {
        String name = notebook.getFileName().toString();
        JsonObject committed = parse(notebook);

        // 1. Committed clean: no outputs, no execution counts, opens with the course kernel.
        List<String> dirty = new ArrayList<>();
        int index = 0;
        for (JsonElement c : committed.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            index++;
            if (!"code".equals(str(cell, "cell_type"))) {
                continue;
            }
            JsonArray outputs = cell.getAsJsonArray("outputs");
            JsonElement count = cell.get("execution_count");
            if ((outputs != null && !outputs.isEmpty()) || (count != null && !count.isJsonNull())) {
                dirty.add("cell " + index);
            }
        }
        if (!dirty.isEmpty()) {
            fail(name + " is committed with outputs or execution counts in " + String.join(", ", dirty)
                    + ". Clear them before committing: jupyter nbconvert --clear-output --inplace " + notebook);
        }
        JsonObject meta = committed.getAsJsonObject("metadata");
        JsonObject spec = meta == null ? null : meta.getAsJsonObject("kernelspec");
        if (spec == null || !Jupyter.KERNEL.equals(str(spec, "name"))) {
            fail(name + " does not name the course kernel: its metadata.kernelspec.name must be \"" + Jupyter.KERNEL
                    + "\" (is " + (spec == null ? "absent" : "\"" + str(spec, "name") + "\"")
                    + "), or Jupyter opens it with another kernel");
        }

        // 2. Execute it.
        Path outDir = Jupyter.buildDir().resolve("executed");
        Files.createDirectories(outDir);
        Path executed = outDir.resolve(name);
        Files.deleteIfExists(executed);
        Path log = outDir.resolve(name.replaceAll("\\.ipynb$", "") + ".log");
        long cellTimeout = Long.getLong("nnbook.notebook.cellTimeout", 900);
        long timeout = Long.getLong("nnbook.notebook.timeout", 1800);
        List<String> cmd = List.of(Jupyter.command().toString(), "nbconvert",
                "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + Jupyter.KERNEL,
                "--ExecutePreprocessor.timeout=" + cellTimeout,
                "--ExecutePreprocessor.startup_timeout=180",
                "--output-dir", outDir.toString(),
                notebook.toAbsolutePath().toString());
        Map<String, String> env = Map.of(
                "JUPYTER_PATH", Jupyter.jupyterPath().toString(),
                "NNBOOK_QUICK", Jupyter.quick());
        Jupyter.Result r = Jupyter.run(cmd, env, notebook.toAbsolutePath().getParent(), timeout, log);

        if (r.timedOut()) {
            fail(String.format("%s ran past %d s and was stopped (quick=%s).%s%nLog %s, last lines:%n%s",
                    name, timeout, Jupyter.quick(), runningCell(committed, r), log, r.tail(40)));
        }
        if (r.exitCode() != 0) {
            fail(String.format("%s failed (nbconvert exit %d after %.0f s, quick=%s).%n%s%nLog: %s",
                    name, r.exitCode(), r.seconds(), Jupyter.quick(), failingCell(r), log));
        }
        if (!Files.isRegularFile(executed)) {
            fail(name + ": nbconvert exited 0 but wrote no " + executed + ". Last lines:\n" + r.tail(40));
        }

        // 3. Look at what it produced.
        JsonObject out = parse(executed);
        int cells = 0;
        int pngs = 0;
        int stderr = 0;
        List<String> errors = new ArrayList<>();
        index = 0;
        for (JsonElement c : out.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            index++;
            if (!"code".equals(str(cell, "cell_type"))) {
                continue;
            }
            cells++;
            JsonArray outputs = cell.getAsJsonArray("outputs");
            if (outputs == null) {
                continue;
            }
            for (JsonElement o : outputs) {
                JsonObject output = o.getAsJsonObject();
                String type = str(output, "output_type");
                if ("error".equals(type)) {
                    errors.add("cell " + index + ": " + str(output, "ename") + ": " + str(output, "evalue") + "\n"
                            + Jupyter.stripAnsi(join(output.getAsJsonArray("traceback"))));
                } else if ("stream".equals(type) && "stderr".equals(str(output, "name"))) {
                    stderr++;
                }
                JsonObject data = output.getAsJsonObject("data");
                if (data != null && data.has("image/png")) {
                    pngs++;
                }
            }
        }
        System.out.printf("[NotebooksIT] %s: ok in %.1f s (quick=%s), %d code cells, %d image/png outputs, "
                + "%d stderr outputs -> %s%n", name, r.seconds(), Jupyter.quick(), cells, pngs, stderr, executed);
        if (!errors.isEmpty()) {
            fail(name + " has error outputs:\n" + String.join("\n", errors));
        }
        if (pngs == 0) {
            fail(name + " produced no image/png output: every course notebook shows at least one chart "
                    + "(a cell whose value is a BufferedImage). See " + executed);
        }
    }

    /** Which code cell was running when time ran out, from the kernel's log of execute requests. */
    private static String runningCell(JsonObject notebook, Jupyter.Result r) {
        long executes = r.logLines().stream().filter(l -> l.contains("Handling message: execute_request")).count();
        if (executes == 0) {
            return " No cell had started (did the kernel start and answer?).";
        }
        List<String> sources = new ArrayList<>();
        for (JsonElement c : notebook.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if ("code".equals(str(cell, "cell_type"))) {
                sources.add(source(cell));
            }
        }
        if (executes > sources.size()) {
            return "";
        }
        String[] lines = sources.get((int) executes - 1).split("\\R");
        int shown = Math.min(lines.length, 5);
        return String.format(" It was running code cell %d of %d:%n    %s%s", executes, sources.size(),
                String.join("\n    ", List.of(lines).subList(0, shown)), lines.length > shown ? "\n    ..." : "");
    }

    /** A cell's source: nbformat stores it as one string or as a list of lines that keep their newlines. */
    private static String source(JsonObject cell) {
        JsonElement src = cell.get("source");
        if (src == null || src.isJsonNull()) {
            return "";
        }
        if (!src.isJsonArray()) {
            return src.getAsString();
        }
        StringBuilder sb = new StringBuilder();
        src.getAsJsonArray().forEach(e -> sb.append(e.getAsString()));
        return sb.toString();
    }

    /** From nbconvert's log: the failing cell's source, traceback and "Name: value", plus the log's tail. */
    private static String failingCell(Jupyter.Result r) {
        List<String> lines = r.logLines();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("An error occurred while executing the following cell")) {
                start = i;
            }
        }
        if (start >= 0) {
            List<String> section = lines.subList(start, Math.min(lines.size(), start + 80));
            return "The failing cell, its traceback and error (name: value):\n" + String.join("\n", section);
        }
        return "Last lines of nbconvert's output:\n" + r.tail(40);
    }

    private static JsonObject parse(Path p) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError(p + " is not valid notebook JSON: " + e.getMessage(), e);
        }
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static String join(JsonArray a) {
        if (a == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        a.forEach(e -> parts.add(e.getAsString()));
        return String.join("\n", parts);
    }
}
