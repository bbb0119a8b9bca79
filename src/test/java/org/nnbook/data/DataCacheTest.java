package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The data cache's location: the rule of {@link DataCache#root(String, Map, String)}, and that
 * {@code datasets/fetch} (which fills the cache) picks the same folder as Java (which reads it).
 * Nothing here uses the network or touches the real cache: {@code fetch where} only prints.
 */
class DataCacheTest {
    private static final String USER_HOME = "/account/home";

    @TempDir
    Path tmp;

    @Test
    void ruleOnThePureFunction() {
        Map<String, String> both = Map.of("NNBOOK_DATA", "/env/data", "HOME", "/h");
        assertEquals(Path.of("/prop/data"), DataCache.root("/prop/data", both, USER_HOME), "the system property comes first");
        assertEquals(Path.of("/env/data"), DataCache.root(null, both, USER_HOME), "then NNBOOK_DATA");
        assertEquals(Path.of("/env/data"), DataCache.root(" ", both, USER_HOME), "a blank property counts as unset");
        assertEquals(Path.of("/h/.nnbook/data"), DataCache.root(null, Map.of("HOME", "/h"), USER_HOME),
                "then $HOME, even where the account's home (user.home) differs");
        assertEquals(Path.of("/h/.nnbook/data"), DataCache.root(null, Map.of("NNBOOK_DATA", "", "HOME", "/h"), USER_HOME),
                "an empty NNBOOK_DATA counts as unset");
        assertEquals(Path.of(USER_HOME, ".nnbook", "data"), DataCache.root(null, Map.of(), USER_HOME), "last, user.home");
        assertEquals(Path.of(USER_HOME, ".nnbook", "data"), DataCache.root(null, Map.of("HOME", ""), USER_HOME),
                "an empty HOME counts as unset");
    }

    @Test
    void fetchScriptAndJavaAgreeOnHome() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("NNBOOK_DATA");
        env.put("HOME", home.toString());
        assertEquals(home.resolve(".nnbook/data"), agree(env));
        assertFalse(Files.exists(home.resolve(".nnbook")), "'fetch where' only prints; it creates nothing");
    }

    @Test
    void fetchScriptAndJavaAgreeOnNnbookData() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", tmp.resolve("home").toString());
        env.put("NNBOOK_DATA", tmp.resolve("cache").toString());
        assertEquals(tmp.resolve("cache"), agree(env));
    }

    @Test
    void withoutHomeTheScriptStopsAndSaysWhatToSet() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("NNBOOK_DATA");
        env.remove("HOME");
        Result r = fetchWhere(env);
        assertNotEquals(0, r.exitCode);
        assertTrue(r.stdout.isEmpty(), r.stdout);
        assertTrue(r.stderr.contains("neither NNBOOK_DATA nor HOME is set") && r.stderr.contains("Set NNBOOK_DATA"), r.stderr);
    }

    /** Runs `datasets/fetch where` in {@code env}; asserts it prints what Java computes for {@code env}, and returns that. */
    private static Path agree(Map<String, String> env) throws Exception {
        Result r = fetchWhere(env);
        assertEquals(0, r.exitCode, "datasets/fetch where failed: " + r.stderr);
        Path java = DataCache.root(null, env, USER_HOME);
        assertEquals(java, Path.of(r.stdout.strip()), "the shell's cache folder (stdout: '" + r.stdout + "') differs from Java's");
        return java;
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** Runs the repository's datasets/fetch with the argument `where` in exactly the environment {@code env}. */
    private static Result fetchWhere(Map<String, String> env) throws IOException, InterruptedException {
        Path script = Path.of("datasets", "fetch").toAbsolutePath();
        assertTrue(Files.isRegularFile(script), "no " + script + ": run the tests from the repository root");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "where");
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }
}
