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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The solutions edition of every notebook that has exercises, run for real: for each notebook with
 * code cells tagged {@code {"nnbook": {"exercise": "N.M"}}}, {@code binder/solutions.py} (what
 * {@code binder/course solutions} runs) writes its solutions edition into {@code <build>/solutions-it/};
 * every tagged cell must then hold its solution file
 * ({@code src/test/resources/org/nnbook/exercise/solutions/N.M.jsh}), and the edition is executed through
 * Jupyter on the build's {@code nnbook} kernel in quick mode with strict checks
 * ({@code NNBOOK_EXERCISES=strict}, which the kernel inherits through nbconvert): a check that is not
 * right throws, and every exercise's check must show "✓ Exercise N.M".
 *
 * <p>Notebooks are found by their tagged cells, so a notebook that gets exercises is tested without a
 * change here. Knobs as in {@link NotebooksIT}: -Dnnbook.notebooks=05 (names starting so),
 * -Dnnbook.notebooks.dir, -Dnnbook.quick, -Dnnbook.notebook.cellTimeout, -Dnnbook.notebook.timeout.
 */
class ExercisesIT {

    private static final Path NOTEBOOKS = Path.of(System.getProperty("nnbook.notebooks.dir", "notebooks"));
    private static final Path SOLUTIONS = Path.of("src/test/resources/org/nnbook/exercise/solutions");

    @TestFactory
    Stream<DynamicTest> everySolutionPassesItsChecks() throws IOException {
        Map<Path, Map<Integer, String>> withExercises = new LinkedHashMap<>();
        for (Path nb : notebooks()) {
            Map<Integer, String> tagged = taggedCells(parse(nb));
            if (!tagged.isEmpty()) withExercises.put(nb, tagged);
        }
        if (withExercises.isEmpty()) {
            System.out.println("[ExercisesIT] no notebook with exercise cells among " + NOTEBOOKS + "/*.ipynb: nothing to run");
            return Stream.empty();
        }
        String missing = Jupyter.missing();
        if (missing != null) fail("Cannot run the solutions edition: " + missing);
        return withExercises.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getFileName().toString(),
                e.getKey().toUri(), () -> check(e.getKey(), e.getValue())));
    }

    private static List<Path> notebooks() throws IOException {
        if (!Files.isDirectory(NOTEBOOKS)) return List.of();
        List<String> prefixes = List.of(System.getProperty("nnbook.notebooks", "").split(",")).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                    .filter(p -> prefixes.isEmpty() || prefixes.stream().anyMatch(x -> p.getFileName().toString().startsWith(x)))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static void check(Path notebook, Map<Integer, String> tagged) throws IOException {
        String name = notebook.getFileName().toString();
        Path editions = Jupyter.buildDir().resolve("solutions-it"), executedDir = Jupyter.buildDir().resolve("solutions-executed");
        Files.createDirectories(editions);
        Files.createDirectories(executedDir);
        String stem = name.replaceAll("\\.ipynb$", "");

        // 1. The solutions edition, by the script binder/course uses.
        Jupyter.Result made = Jupyter.run(List.of(Jupyter.python(Jupyter.command()), "binder/solutions.py", "--out", editions.toString(),
                notebook.toAbsolutePath().toString()), Map.of(), null, 120, editions.resolve(stem + ".log"));
        if (made.exitCode() != 0) fail("binder/solutions.py could not make the solutions edition of " + name + ":\n" + made.tail(20));
        Path edition = editions.resolve(name);
        JsonObject solvedNotebook = parse(edition);
        Map<Integer, String> solved = taggedCells(solvedNotebook);
        for (Map.Entry<Integer, String> e : tagged.entrySet()) {
            Path solution = SOLUTIONS.resolve(e.getValue() + ".jsh");
            String want = Files.isRegularFile(solution) ? Files.readString(solution, StandardCharsets.UTF_8).stripTrailing() : null;
            String got = e.getValue().equals(solved.get(e.getKey())) ? source(cell(solvedNotebook, e.getKey())).stripTrailing() : null;
            if (want == null || !want.equals(got))
                fail(String.format("%s, cell %d (exercise %s) did not get its solution %s in %s", name, e.getKey(), e.getValue(), solution, edition));
        }

        // 2. Run it, with checks that throw when they are not right.
        Path executed = executedDir.resolve(name);
        Files.deleteIfExists(executed);
        long timeout = Long.getLong("nnbook.notebook.timeout", 1800);
        Jupyter.Result r = Jupyter.run(Jupyter.executeCommand(edition, executedDir),
                Map.of("JUPYTER_PATH", Jupyter.jupyterPath().toString(), "NNBOOK_QUICK", Jupyter.quick(), "NNBOOK_EXERCISES", "strict"),
                edition.getParent(), timeout, executedDir.resolve(stem + ".log"));
        if (r.timedOut()) fail(String.format("the solutions edition of %s ran past %d s. Last lines of %s:%n%s", name, timeout, r.log(), r.tail(30)));
        if (r.exitCode() != 0) {
            // A strict check that is not right throws its verdict, "✗ Exercise N.M ... Hint: ...": show it once.
            List<String> verdicts = r.logLines().stream().filter(l -> l.contains("✗ Exercise") || l.trim().startsWith("Hint:"))
                    .map(l -> l.contains("✗") ? l.substring(l.indexOf('✗')) : l).distinct().toList();
            fail(String.format("the solutions edition of %s failed (nbconvert exit %d, quick=%s)%s%nLog: %s", name, r.exitCode(), Jupyter.quick(),
                    verdicts.isEmpty() ? ":\n" + r.failingCell() : ": a solution is not right:\n" + String.join("\n", verdicts), r.log()));
        }

        // 3. Every exercise's check said right.
        String outputs = outputsText(parse(executed));
        List<String> unchecked = tagged.values().stream().filter(n -> !outputs.contains("✓ Exercise " + n + " ")).toList();
        if (!unchecked.isEmpty())
            fail(name + ": no \"✓ Exercise N.M\" output for " + unchecked + ": has each exercise a check cell after it? See " + executed);
        System.out.printf("[ExercisesIT] %s: exercises %s solved and checked in %.1f s (quick=%s) -> %s%n", name,
                String.join(", ", tagged.values()), r.seconds(), Jupyter.quick(), executed);
    }

    /** Code cells tagged as exercises: their index (1-based, as nbconvert and binder/solutions.py count) to the tag. */
    private static Map<Integer, String> taggedCells(JsonObject notebook) {
        Map<Integer, String> tagged = new LinkedHashMap<>();
        JsonArray cells = notebook.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject meta = cells.get(i).getAsJsonObject().getAsJsonObject("metadata");
            JsonObject nnbook = meta == null || !meta.has("nnbook") ? null : meta.getAsJsonObject("nnbook");
            if (nnbook != null && nnbook.has("exercise")) tagged.put(i + 1, nnbook.get("exercise").getAsString());
        }
        return tagged;
    }

    private static JsonObject cell(JsonObject notebook, int index) {
        return notebook.getAsJsonArray("cells").get(index - 1).getAsJsonObject();
    }

    /** Every text output of every code cell, one after the other. */
    private static String outputsText(JsonObject notebook) {
        StringBuilder sb = new StringBuilder();
        for (JsonElement c : notebook.getAsJsonArray("cells")) {
            JsonArray outputs = c.getAsJsonObject().getAsJsonArray("outputs");
            if (outputs == null) continue;
            for (JsonElement o : outputs) {
                JsonObject out = o.getAsJsonObject();
                JsonObject data = out.getAsJsonObject("data");
                if (data != null && data.has("text/plain")) sb.append(text(data.get("text/plain"))).append('\n');
                if (out.has("text")) sb.append(text(out.get("text"))).append('\n');
            }
        }
        return sb.toString();
    }

    private static String source(JsonObject cell) { return text(cell.get("source")); }

    /** nbformat stores text as one string or as a list of lines that keep their newlines. */
    private static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) return "";
        if (!e.isJsonArray()) return e.getAsString();
        StringBuilder sb = new StringBuilder();
        e.getAsJsonArray().forEach(x -> sb.append(x.getAsString()));
        return sb.toString();
    }

    private static JsonObject parse(Path p) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError(p + " is not valid notebook JSON: " + e.getMessage(), e);
        }
    }
}
