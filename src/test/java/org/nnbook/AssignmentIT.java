package org.nnbook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assignment starter cannot pass by accident. {@code binder/course new-assignment} makes a project in a
 * temporary folder; Maven runs its tests offline against the local repository, where the build's
 * pre-integration-test phase put this jar (as {@code mvn install} would). On the untouched starter every test
 * fails with the checks' "not yet" message, none crashes; with the reference solution
 * ({@code src/test/resources/org/nnbook/assignment/solution/}) copied over the starter every test passes, and
 * surefire's reports show that the tests really ran (the trap: zero tests and BUILD SUCCESS); with no tests at
 * all the build fails. Logs in {@code <build>/assignment-it/}.
 */
class AssignmentIT {
    private static final String[] SOLUTION = {"Linear.java", "Network.java"};

    @Test
    void theStarterFailsWithClearMessagesAndTheSolutionPasses(@TempDir Path tmp) throws IOException {
        Path logs = Jupyter.buildDir().resolve("assignment-it");
        Files.createDirectories(logs);
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        String repo = property("nnbook.maven.repo", System.getProperty("user.home") + "/.m2/repository");
        String mvn = property("nnbook.maven.home", null) == null ? "mvn" : property("nnbook.maven.home", null) + "/bin/mvn";
        String mavenOpts = ("-Dmaven.repo.local=" + repo + " " + System.getenv().getOrDefault("MAVEN_OPTS", "")).trim();
        // NNBOOK_BUILD_DIR: were the command to build the jar after all, it would not write into this build's target/.
        Map<String, String> env = Map.of("MAVEN_OPTS", mavenOpts, "NNBOOK_BUILD_DIR", tmp.resolve("course-build").toString());

        // 1. the real command, which finds the jar the build installed
        Path project = tmp.resolve("demo");
        Jupyter.Result made = Jupyter.run(List.of("bash", root.resolve("binder/course").toString(), "new-assignment", "demo", project.toString()),
                env, tmp, 600, logs.resolve("1-new-assignment.log"));
        String madeLog = String.join("\n", made.logLines());
        assertEquals(0, made.exitCode(), "binder/course new-assignment failed:\n" + made.tail(40));
        assertTrue(madeLog.contains("is installed") && !madeLog.contains("installing org.nnbook"),
                "the command should have used the jar that the pre-integration-test phase installed, not built one:\n" + madeLog);
        for (String f : List.of("pom.xml", "README.md", "src/main/java/assignment/Linear.java", "src/test/resources/simplelogger.properties"))
            assertTrue(Files.isRegularFile(project.resolve(f)), "the assignment has no " + f);
        assertTrue(!Files.readString(project.resolve("pom.xml")).contains("@NNBOOK_VERSION@"), "the pom's version placeholder was not filled in");
        Jupyter.Result again = Jupyter.run(List.of("bash", root.resolve("binder/course").toString(), "new-assignment", "demo", project.toString()),
                env, tmp, 120, logs.resolve("1b-new-assignment-again.log"));
        assertNotEquals(0, again.exitCode(), "a second new-assignment into the same folder must refuse");
        assertTrue(String.join("\n", again.logLines()).contains("is not empty"), again.tail(10));

        // 2. the untouched starter: every test fails with a message, none errors
        Jupyter.Result starter = mvnTest(mvn, repo, project, env, logs.resolve("2-starter.log"));
        String starterLog = String.join("\n", starter.logLines());
        assertNotEquals(0, starter.exitCode(), "the starter's tests passed:\n" + starter.tail(40));
        Counts s = Counts.of(project);
        assertTrue(s.tests > 0, "surefire ran no test on the starter:\n" + starter.tail(40));
        assertEquals(s.tests, s.failures, "every test must fail on the starter (" + s + "):\n" + starter.tail(60));
        assertEquals(0, s.errors, "a test crashed instead of failing with a message (" + s + "):\n" + starter.tail(60));
        assertTrue(starterLog.contains("not yet") && starterLog.contains("your code here: Linear.forward")
                && starterLog.contains("your code here: Network.digitClassifier"), "the failures should say what is not written yet:\n" + starter.tail(60));
        assertTrue(!starterLog.contains("INFO org.nd4j"), "ND4J's INFO lines should be quiet:\n" + starter.tail(60));

        // 3. the reference solution over the starter: every test passes, and they did run
        for (String f : SOLUTION) {
            try (InputStream in = AssignmentIT.class.getResourceAsStream("assignment/solution/" + f)) {
                assertTrue(in != null, "no reference solution " + f + " in the test resources");
                Files.copy(in, project.resolve("src/main/java/assignment").resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Jupyter.Result solved = mvnTest(mvn, repo, project, env, logs.resolve("3-solution.log"));
        assertEquals(0, solved.exitCode(), "the reference solution does not pass:\n" + solved.tail(60));
        Counts p = Counts.of(project);
        assertEquals(s.tests, p.tests, "the same tests should run on the solution (" + p + ")");
        assertEquals(0, p.failures + p.errors + p.skipped, p.toString());
        assertTrue(String.join("\n", solved.logLines()).contains("Part 3 (the network learns)"), solved.tail(20));

        // 4. no tests at all is a failed build, not a passed one
        try (Stream<Path> tests = Files.list(project.resolve("src/test/java/assignment"))) {
            for (Path t : tests.filter(f -> f.toString().endsWith("Test.java")).toList()) Files.delete(t);
        }
        deleteTree(project.resolve("target/test-classes"));
        deleteTree(project.resolve("target/surefire-reports"));
        Jupyter.Result none = mvnTest(mvn, repo, project, env, logs.resolve("4-no-tests.log"));
        assertNotEquals(0, none.exitCode(), "a run without tests passed:\n" + none.tail(30));
        System.out.printf("[AssignmentIT] starter: %s; solution: %s; no tests: build failed (%.0f s, %.0f s, %.0f s; logs in %s)%n",
                s, p, starter.seconds(), solved.seconds(), none.seconds(), logs);
    }

    private static Jupyter.Result mvnTest(String mvn, String repo, Path project, Map<String, String> env, Path log) throws IOException {
        return Jupyter.run(List.of(mvn, "-B", "-q", "-o", "-Dmaven.repo.local=" + repo, "test"), env, project, 600, log);
    }

    private static String property(String name, String otherwise) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? otherwise : v;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(f);
        }
    }

    /** The totals of surefire's reports (target/surefire-reports/TEST-*.xml). */
    record Counts(int tests, int failures, int errors, int skipped) {
        private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");

        static Counts of(Path project) throws IOException {
            Path reports = project.resolve("target/surefire-reports");
            int[] c = new int[4];
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(reports)) {
                try (Stream<Path> all = Files.list(reports)) {
                    all.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).forEach(files::add);
                }
            }
            for (Path f : files) {
                Matcher m = SUITE.matcher(Files.readString(f));
                if (!m.find()) continue;
                String[] names = {"tests", "failures", "errors", "skipped"};
                for (int i = 0; i < 4; i++) {
                    Matcher a = Pattern.compile("\\s" + names[i] + "=\"(\\d+)\"").matcher(m.group());
                    if (a.find()) c[i] += Integer.parseInt(a.group(1));
                }
            }
            return new Counts(c[0], c[1], c[2], c[3]);
        }

        @Override
        public String toString() { return tests + " tests, " + failures + " failed, " + errors + " errors, " + skipped + " skipped"; }
    }
}
