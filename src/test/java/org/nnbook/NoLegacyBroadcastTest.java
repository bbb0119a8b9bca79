package org.nnbook;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No library class, test, notebook or solution calls ND4J's legacy broadcast ops ({@code addiRowVector},
 * {@code subColumnVector}, … and {@code Broadcast.*}); they all use numpy-style broadcasting instead
 * ({@code x.addi(row)} with a (1, d) or (d) row, {@code x.subi(col)} with an (n, 1) column).
 * <p>
 * Why: in ND4J 1.0.0-M2.1, {@code NativeOpExecutioner.exec(BroadcastOp)} reads the native buffers of the
 * op's operands and of its dimension array, then calls native code without touching the op again. Once
 * the JIT sees the op as dead, a garbage collection during that native call may enqueue the op's
 * temporary arrays, and ND4J's deallocator thread frees their native buffers while the op still reads
 * them. A notebook kernel died that way (SIGSEGV in {@code sd::DataBuffer::primary()}, inside
 * {@code execBroadcast}, under heavy GC), once in about sixteen runs. The other legacy paths (pairwise,
 * transform, scalar, reduce) use the op after the native call, and custom ops keep it in their context,
 * so they are safe. The pattern below is what this test forbids.
 */
class NoLegacyBroadcastTest {

    private static final Pattern LEGACY = Pattern.compile("\\.(add|sub|rsub|mul|div|rdiv)i?(Row|Column)Vector\\(|\\bBroadcast\\.[a-z]+\\(");

    @Test
    void noLegacyBroadcastAnywhere() throws IOException {
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (String root : new String[] {"lib", "src/test", "src/bench", "notebooks", "binder"}) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(NoLegacyBroadcastTest::isSource).toList()) {
                    scanned++;
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++)
                        if (LEGACY.matcher(lines.get(i)).find() && !f.endsWith("NoLegacyBroadcastTest.java"))
                            found.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(scanned > 100, "only " + scanned + " files scanned: run from the repository root");
        assertEquals(List.of(), found, "legacy ND4J broadcast ops (use x.addi(row) / x.subi(col) instead):");
    }

    @Test
    void patternCatchesWhatItMeans() {
        assertTrue(LEGACY.matcher("y = x.mmul(w).addiRowVector(b);").find());
        assertTrue(LEGACY.matcher("s.subColumnVector(s.max(true, 1))").find());
        assertTrue(LEGACY.matcher("Broadcast.mul(a, b, c, 1)").find());
        assertTrue(!LEGACY.matcher("y = x.mmul(w).addi(b); Blas.addRows(c, b, ones)").find());
    }

    private static boolean isSource(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".java") || n.endsWith(".ipynb") || n.endsWith(".jsh") || n.endsWith(".py"));
    }
}
