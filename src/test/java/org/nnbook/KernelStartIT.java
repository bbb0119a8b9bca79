package org.nnbook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts the build's {@code nnbook} kernel through Jupyter (jupyter_client) several times in a row and
 * asks each one {@code 1 + 1}. Guards the kernel's start-up races (binder/kernel/LoopThread.java): an
 * unpatched kernel hangs on about one start in five. -Dnnbook.kernelStarts=N changes the count (10).
 */
class KernelStartIT {

    @Test
    void kernelStartsAndAnswersEveryTime() throws IOException {
        String missing = Jupyter.missing();
        if (missing != null) {
            fail("Cannot start the kernel through Jupyter: " + missing);
        }
        int starts = Integer.getInteger("nnbook.kernelStarts", 10);
        int perStart = 60;

        Path dir = Jupyter.buildDir().resolve("kernel-starts");
        Files.createDirectories(dir);
        Path script = dir.resolve("kernel_starts.py");
        try (InputStream in = KernelStartIT.class.getResourceAsStream("kernel_starts.py")) {
            if (in == null) {
                fail("kernel_starts.py is missing from the test resources");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        String python = Jupyter.python(Jupyter.command());
        Jupyter.Result r = Jupyter.run(
                List.of(python, script.toString(), Jupyter.KERNEL, String.valueOf(starts), String.valueOf(perStart)),
                Map.of("JUPYTER_PATH", Jupyter.jupyterPath().toString()),
                dir, (long) starts * (perStart + 30) + 60, dir.resolve("kernel-starts.log"));

        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        for (String line : r.logLines()) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line.substring("RESULT ".length())).getAsJsonObject();
            boolean ok = o.get("ok").getAsBoolean();
            String row = String.format("start %2d: %s ready %s s, answered %s s%s", o.get("start").getAsInt(),
                    ok ? "ok  " : "FAIL", num(o.get("ready_s")), num(o.get("total_s")),
                    ok ? "" : " - " + o.get("error").getAsString());
            report.add(row);
            if (ok) {
                ready.add(o.get("ready_s").getAsDouble());
            } else {
                failures.add(row);
            }
        }
        String summary = String.format("[KernelStartIT] %d/%d kernel starts answered `1 + 1`%s (python %s, log %s)%n  %s",
                ready.size(), starts,
                ready.isEmpty() ? "" : String.format("; ready in %.1f s median, %.1f s max",
                        ready.stream().sorted().toList().get(ready.size() / 2),
                        ready.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                python, r.log(), String.join("\n  ", report));
        System.out.println(summary);

        if (r.timedOut() || r.exitCode() != 0) {
            fail("the kernel-start script " + (r.timedOut() ? "timed out" : "exited " + r.exitCode())
                    + ".\n" + summary + "\nLast lines:\n" + r.tail(30));
        }
        assertEquals(starts, report.size(), "starts reported\n" + summary + "\nLast lines:\n" + r.tail(30));
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + starts + " kernel starts did not answer:\n" + summary);
        }
    }

    private static String num(JsonElement e) {
        return e == null || e.isJsonNull() ? "-" : String.format("%.2f", e.getAsDouble());
    }
}
