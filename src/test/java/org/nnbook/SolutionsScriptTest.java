package org.nnbook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * binder/solutions.py, which {@code binder/course solutions} runs: it keeps the notebooks' JSON as it is
 * except for the exercise cells, and refuses, naming both sides, a tagged cell without a solution file and
 * a solution file without a tagged cell. (Running the solutions edition is {@link ExercisesIT}'s job.)
 */
class SolutionsScriptTest {

    private static final Path SOLUTIONS = Path.of("src/test/resources/org/nnbook/exercise/solutions");

    private record Run(int exitCode, String output) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> cmd = new ArrayList<>(List.of(python, "binder/solutions.py"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3 here: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "binder/solutions.py did not finish");
        return new Run(p.exitValue(), out);
    }

    /** A copy of notebook 05 with one more cell, tagged {@code tag}. */
    private static Path withExtraCell(Path dir, String tag) throws IOException {
        Path src = Path.of("notebooks/05-convolutional-networks.ipynb");
        String json = Files.readString(src, StandardCharsets.UTF_8);
        String cell = "  {\n   \"cell_type\": \"code\",\n   \"id\": \"extra\",\n   \"metadata\": {\"nnbook\": {\"exercise\": \"" + tag
                + "\"}},\n   \"source\": [\"int x = 1;\"],\n   \"execution_count\": null,\n   \"outputs\": []\n  },\n";
        Path nb = dir.resolve(src.getFileName());
        Files.writeString(nb, json.replaceFirst("\"cells\": \\[\n", "\"cells\": [\n" + cell.replace("\\", "\\\\").replace("$", "\\$")));
        return nb;
    }

    @Test
    void replacesOnlyTheExerciseCellsAndKeepsTheFormatting(@TempDir Path out) throws Exception {
        Run r = run("--out", out.toString(), "05");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("05-convolutional-networks.ipynb (exercises 5.1, 5.2, 5.3, 5.4, 5.5 solved)"), r.output());
        // no exercises: byte for byte the notebook given
        Path inputs = Files.createDirectories(out.resolveSibling(out.getFileName() + "-in"));
        Path plain = Files.writeString(inputs.resolve("99-no-exercises.ipynb"),
                "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n   \"metadata\": {},\n   \"outputs\": [],\n"
                        + "   \"source\": [\n    \"int x = 1;\"\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n");
        Run same = run("--out", out.toString(), plain.toString());
        assertEquals(0, same.exitCode(), same.output());
        assertEquals(Files.readString(plain), Files.readString(out.resolve("99-no-exercises.ipynb")));
        // with exercises: every solution's lines in place of the starter, the rest unchanged
        String edition = Files.readString(out.resolve("05-convolutional-networks.ipynb"));
        assertFalse(edition.contains("your code here"), "a starter is left in the solutions edition");
        assertTrue(edition.contains("\"    return (in + 2L * pad - k) / stride + 1;\\n\""), "5.1's solution is not in the edition");
        String committed = Files.readString(Path.of("notebooks/05-convolutional-networks.ipynb"));
        assertEquals(committed.substring(0, committed.indexOf("\"id\": \"x11\"")), edition.substring(0, edition.indexOf("\"id\": \"x11\"")));
    }

    @Test
    void aTaggedCellWithoutSolutionIsAnError(@TempDir Path dir) throws Exception {
        Path nb = withExtraCell(dir, "5.9");
        Run r = run("--out", dir.resolve("out").toString(), nb.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("cell 1 (tagged exercise 5.9) has no solution file") && r.output().contains("solutions/5.9.jsh"), r.output());
        assertFalse(Files.exists(dir.resolve("out").resolve(nb.getFileName())), "nothing is written when a check fails");
    }

    @Test
    void aSolutionWithoutTaggedCellIsAnError(@TempDir Path dir) throws Exception {
        Path solutions = Files.createDirectories(dir.resolve("solutions"));
        try (var files = Files.list(SOLUTIONS)) {
            for (Path f : files.toList()) Files.copy(f, solutions.resolve(f.getFileName()));
        }
        Files.writeString(solutions.resolve("5.7.jsh"), "int y = 2;\n");
        Run r = run("--solutions", solutions.toString(), "--out", dir.resolve("out").toString(), "05");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("5.7.jsh has no cell tagged {\"nnbook\": {\"exercise\": \"5.7\"}} in notebooks/05-convolutional-networks.ipynb"), r.output());
        Run wrongNumber = run("--out", dir.resolve("out").toString(), withExtraCell(dir, "4.1").toString());
        assertTrue(wrongNumber.exitCode() == 1 && wrongNumber.output().contains("the tag must be \"5.M\""), wrongNumber.output());
    }
}
