package org.nnbook.audio;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Runs a short numpy script with /usr/bin/python3 and reads the numbers it prints; skips the test when numpy is not there. */
final class Numpy {
    private Numpy() {}

    static double[] run(String script) {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy as np\n" + script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); Assumptions.abort("python3 took too long"); }
            Assumptions.assumeTrue(p.exitValue() == 0 || !out.contains("No module named 'numpy'"), "numpy not installed");
            if (p.exitValue() != 0) throw new AssertionError("the numpy script failed: " + out);
            return Arrays.stream(out.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        } catch (IOException e) {
            Assumptions.abort("no /usr/bin/python3: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
