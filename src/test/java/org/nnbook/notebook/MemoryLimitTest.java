package org.nnbook.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The memory limit's message. What a student sees in a real notebook was checked by running one through
 * Jupyter with a 600 MB cap (see binder/install-kernel.sh); here: the errors it recognises, the sentence,
 * the cap for a second notebook, and the hook into a kernel's error display, on a stand-in of the rapaio
 * kernel's classes.
 */
class MemoryLimitTest {
    private static final String OOM = "java.lang.OutOfMemoryError";

    @Test
    void recognisesJavaCppsAndTheHeapsErrorsOnly() {
        assertEquals("process", MemoryLimit.kind(OOM, "Physical memory usage is too high: physicalBytes (1600M + 100M) > maxPhysicalBytes (1600M)"));
        assertEquals("process", MemoryLimit.kind(OOM, "Cannot allocate new LongPointer(1): totalBytes = 256, physicalBytes = 607M"));
        assertEquals("process", MemoryLimit.kind(OOM, "Failed to allocate memory within limits: totalBytes (1G + 1G) > maxBytes (1G)"));
        assertEquals("heap", MemoryLimit.kind(OOM, "Java heap space"));
        assertNull(MemoryLimit.kind(OOM, "unable to create native thread: possibly out of memory"));
        assertNull(MemoryLimit.kind("java.lang.RuntimeException", "Physical memory usage is too high"));
        assertNull(MemoryLimit.kind(OOM, null));
    }

    @Test
    void explainGivesOneSentenceAndKeepsTheOriginalAsCause() {
        String before = System.getProperty(MemoryLimit.CAP_PROPERTY);
        System.setProperty(MemoryLimit.CAP_PROPERTY, "1600m");
        try {
            OutOfMemoryError javacpp = new OutOfMemoryError("Cannot allocate new LongPointer(1): totalBytes = 256, physicalBytes = 1.6G");
            OutOfMemoryError clear = MemoryLimit.explain(javacpp, "loading MNIST's 60,000 images");
            String m = clear.getMessage();
            assertSame(javacpp, clear.getCause());
            assertTrue(m.startsWith("This notebook's kernel has reached its memory limit of 1.6 GB (NNBOOK_MAX_RSS) while loading MNIST's"), m);
            assertTrue(m.contains("still running") && m.contains("Quick.use(true);") && m.contains("close the other notebooks")
                    && m.contains("Kernel > Restart Kernel"), m);
            assertOneSentence(m);
            assertTrue(MemoryLimit.isLimit(clear));
            assertSame(clear, MemoryLimit.explain(clear, "again"), "an explained error is not explained twice");
            OutOfMemoryError other = new OutOfMemoryError("Metaspace");
            assertSame(other, MemoryLimit.explain(other, "x"), "an error that is no limit of ours passes unchanged");
            // A cause is enough: ND4J may wrap JavaCPP's error.
            OutOfMemoryError wrapped = new OutOfMemoryError("ND4J could not allocate");
            wrapped.initCause(new OutOfMemoryError("Physical memory usage is too high: ..."));
            assertTrue(MemoryLimit.explain(wrapped, null).getMessage().startsWith(MemoryLimit.START));
        } finally {
            if (before == null) System.clearProperty(MemoryLimit.CAP_PROPERTY); else System.setProperty(MemoryLimit.CAP_PROPERTY, before);
        }
    }

    private static void assertOneSentence(String m) {
        assertTrue(m.endsWith("."), m);
        assertFalse(Pattern.compile("[.!?] +[A-Z]").matcher(m.substring(0, m.length() - 1)).find(), "one sentence: " + m);
    }

    @Test
    void theHeapsSentenceNamesTheHeap() {
        String s = MemoryLimit.explain(new OutOfMemoryError("Java heap space"), null).getMessage();
        assertTrue(s.contains("for Java objects (NNBOOK_HEAP)"), s);
        assertOneSentence(s);
    }

    @Test
    void parsesJavaCppSizes() {
        assertEquals(1600L << 20, MemoryLimit.parseBytes("1600m"));
        assertEquals(2L << 30, MemoryLimit.parseBytes("2G"));
        assertEquals(512L << 20, MemoryLimit.parseBytes(" 512MB "));
        assertEquals(2147483648L, MemoryLimit.parseBytes("2147483648"));
        assertEquals(-1, MemoryLimit.parseBytes("50%"));
        assertEquals(-1, MemoryLimit.parseBytes(""));
        assertEquals(-1, MemoryLimit.parseBytes(null));
        assertEquals("1.6 GB", MemoryLimit.gb(1600L << 20));
    }

    @Test
    void aSecondKernelGetsWhatIsLeftButNotLessThanTheFloor() {
        long mb = 1L << 20, ceiling = 1600 * mb, pod = 2048 * mb;
        assertEquals(ceiling, MemoryLimit.cap(ceiling, pod, 150 * mb), "alone with the server: the full cap");
        assertEquals(pod - 1100 * mb - MemoryLimit.RESERVE, MemoryLimit.cap(ceiling, pod, 1100 * mb), "next to a kernel of ~0.95 GB: what is left");
        assertEquals(MemoryLimit.FLOOR, MemoryLimit.cap(ceiling, pod, 1900 * mb), "no room left: the floor, and the message at once");
        assertEquals(ceiling, MemoryLimit.cap(ceiling, -1, 1900 * mb), "unknown container memory: the cap from the kernelspec");
        assertEquals(300 * mb, MemoryLimit.cap(300 * mb, pod, 1900 * mb), "a cap set below the floor stays");
    }

    @Test
    void othersRssSumsEveryProcessButItself(@TempDir Path proc) throws IOException {
        statm(proc, "1", "10 100 5");
        statm(proc, "42", "10 1000 5");
        statm(proc, "7", "10 1 5");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("99")); // gone: no statm
        assertEquals(101L * 4096, MemoryLimit.othersRss(proc, 42));
    }

    private static void statm(Path proc, String pid, String line) throws IOException {
        Files.writeString(Files.createDirectories(proc.resolve(pid)).resolve("statm"), line + "\n");
    }

    // --- the hook, on a stand-in of the rapaio kernel's classes ---------------------------------------------

    /** Like the rapaio kernel's ErrorFormatter. */
    public interface FakeFormatter<T extends Throwable> { List<String> format(Object kernel, T e); }

    /** Like JShell's EvalException: the exception a cell threw, by class name and message. */
    public static final class FakeEvalException extends Exception {
        private final String className;
        FakeEvalException(String className, String message) { super(message); this.className = className; }
        public String getExceptionClassName() { return className; }
    }

    /** Like the rapaio kernel's ErrorFormatters: a private static map, and a method that formats with it. */
    public static final class FakeFormatters {
        private static final Map<Class<? extends Throwable>, FakeFormatter<?>> map = new HashMap<>();
        static { map.put(FakeEvalException.class, (FakeFormatter<FakeEvalException>) (k, e) -> List.of(e.getExceptionClassName() + ": " + e.getMessage())); }

        @SuppressWarnings("unchecked")
        static List<String> format(Throwable e) { return ((FakeFormatter<Throwable>) map.get(e.getClass())).format(null, e); }
    }

    @Test
    void theHookPutsTheSentenceAboveTheKernelsErrorOnce() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        assertTrue(MemoryLimit.installHook(loader, FakeFormatters.class.getName(), FakeFormatter.class.getName(), FakeEvalException.class.getName()));
        assertFalse(MemoryLimit.installHook(loader, FakeFormatters.class.getName(), FakeFormatter.class.getName(), FakeEvalException.class.getName()),
                "installed once");

        List<String> out = FakeFormatters.format(new FakeEvalException(OOM, "Cannot allocate new LongPointer(1): totalBytes = 256, physicalBytes = 607M"));
        assertEquals(3, out.size(), out.toString());
        assertTrue(out.get(0).contains(MemoryLimit.START) && out.get(0).contains("Quick.use(true);"), out.get(0));
        assertEquals("", out.get(1));
        assertEquals(OOM + ": Cannot allocate new LongPointer(1): totalBytes = 256, physicalBytes = 607M", out.get(2), "the kernel's own lines follow");

        List<String> plain = FakeFormatters.format(new FakeEvalException("java.lang.IllegalArgumentException", "shape"));
        assertEquals(List.of("java.lang.IllegalArgumentException: shape"), plain, "other errors are shown as before");

        String explained = MemoryLimit.explain(new OutOfMemoryError("Java heap space"), "x").getMessage();
        assertEquals(1, FakeFormatters.format(new FakeEvalException(OOM, explained)).size(), "an explained error gets no second sentence");
    }

    @Test
    void theHookIsQuietWithoutTheKernel() {
        assertFalse(MemoryLimit.installHook(getClass().getClassLoader(), "org.example.NoSuchFormatters", "org.example.NoSuchFormatter",
                "jdk.jshell.EvalException"));
    }

    @Test
    void kernelStartedNeverThrowsOutsideAKernel() throws Exception {
        Method m = MemoryLimit.class.getMethod("kernelStarted");
        m.invoke(null);
        m.invoke(null);
    }
}
