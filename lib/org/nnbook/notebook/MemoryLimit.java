package org.nnbook.notebook;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a student sees when a notebook runs out of memory: one plain sentence instead of a dead kernel
 * or a stack trace of ND4J internals.
 *
 * <p>The kernel installed by {@code binder/course setup} caps its process at {@code NNBOOK_MAX_RSS}
 * (JavaCPP's {@code maxphysicalbytes}): near the cap JavaCPP runs the garbage collector, and past it
 * the next ND4J array throws JavaCPP's {@code OutOfMemoryError} ({@code "Cannot allocate new
 * LongPointer(1): totalBytes = 256, physicalBytes = 1.6G"}), which leaves the kernel running. This class turns
 * that error into a sentence that says what happened and what to do:
 *
 * <ul>
 *   <li>{@link #explain(OutOfMemoryError, String)}: the library's loaders catch the error where they
 *       make their big arrays and rethrow it with that sentence as its message;</li>
 *   <li>{@link #kernelStarted()}: called by the kernel's start-up script ({@code init.jsh}, written by
 *       {@code binder/install-kernel.sh}); inside the rapaio Java kernel it puts the sentence on top of
 *       the error the kernel prints for <em>any</em> cell that hits the cap, the student's own
 *       {@code Nd4j.create(...)} included; and where the container's memory is known ({@code MEM_LIMIT},
 *       which JupyterHub sets, Binder included) it lowers this kernel's cap when other processes
 *       (another open notebook) already use part of it, so that a second notebook fails with the
 *       sentence instead of the whole server being killed.</li>
 * </ul>
 */
public final class MemoryLimit {
    /** JavaCPP's system property for the process's physical memory cap, e.g. {@code 1600m}. */
    static final String CAP_PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";
    /** Kept free for the Jupyter server (0.1-0.2 GB) and for native memory the cap does not see at once. */
    static final long RESERVE = 200L << 20;
    /** No kernel is capped below this: ND4J alone takes ~0.3 GB, and a lower cap helps nobody. */
    static final long FLOOR = 512L << 20;

    // JavaCPP's own words: Pointer's check, and a typed pointer's ("Cannot allocate new LongPointer(1):
    // totalBytes = 256, physicalBytes = 607M"), which is what ND4J's arrays usually surface.
    private static final String[] JAVACPP_MESSAGES = {
            "Physical memory usage is too high", "Failed to allocate memory within limits"};
    private static final String JAVACPP_TYPED = "Cannot allocate new ";
    private static final String[] HEAP_MESSAGES = {
            "Java heap space", "GC overhead limit exceeded", "Requested array size exceeds VM limit"};
    /** The first words of every sentence this class writes: an error that starts so is not explained twice. */
    static final String START = "This notebook's kernel has reached its memory limit";

    // Set by kernelStarted() when it lowered the cap: the cap it replaced and the container's memory.
    private static volatile long loweredFrom = -1, containerLimit = -1;
    private static volatile boolean started;

    private MemoryLimit() {}

    // --- the sentence ----------------------------------------------------------------------------------------

    /**
     * True when {@code e}, or one of its causes, is an out-of-memory error of a limit this course sets:
     * JavaCPP's cap on the process ({@code NNBOOK_MAX_RSS}) or the Java heap ({@code NNBOOK_HEAP}).
     */
    public static boolean isLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause())
            if (kind(className(t), t.getMessage()) != null) return true;
        return false;
    }

    /**
     * The error to throw instead of {@code e}: when {@code e} is a memory limit ({@link #isLimit}), an
     * {@code OutOfMemoryError} whose message is {@link #sentence(String, String)} with {@code e} as its
     * cause; {@code e} itself otherwise (or when it already says so).
     *
     * @param doing what the code was doing, e.g. "loading MNIST's 60,000 training images", or null
     */
    public static OutOfMemoryError explain(OutOfMemoryError e, String doing) {
        if (e.getMessage() != null && e.getMessage().startsWith(START)) return e;
        String kind = null;
        for (Throwable t = e; t != null && kind == null; t = t.getCause() == t ? null : t.getCause())
            kind = kind(className(t), t.getMessage());
        if (kind == null) return e;
        OutOfMemoryError clear = new OutOfMemoryError(sentence(kind, doing));
        clear.initCause(e);
        return clear;
    }

    /**
     * The sentence for a limit of this kernel: {@code kind} "process" (JavaCPP's cap) or "heap"; what it
     * was doing, if known. It says what happened, that the kernel is still running, and what to do.
     */
    static String sentence(String kind, String doing) {
        String limit;
        if ("heap".equals(kind)) {
            limit = "of " + gb(Runtime.getRuntime().maxMemory()) + " for Java objects (NNBOOK_HEAP)";
        } else {
            long cap = parseBytes(System.getProperty(CAP_PROPERTY));
            limit = (cap > 0 ? "of " + gb(cap) + " " : "") + "(NNBOOK_MAX_RSS"
                    + (loweredFrom > 0 ? ", lowered from " + gb(loweredFrom) + " because other notebooks or programs were using"
                    + " the rest of this server's " + gb(containerLimit) + " when the kernel started" : "") + ")";
        }
        return around(limit, doing);
    }

    /** The sentence around a description of the limit, e.g. "of 1.6 GB (NNBOOK_MAX_RSS)". */
    static String around(String limit, String doing) {
        return START + " " + limit + (doing == null || doing.isBlank() ? "" : " while " + doing)
                + "; it is still running: switch to quick mode (`Quick.use(true);` in a cell,"
                + " then run the cells again from the top), close the other notebooks you have open (File > Close and"
                + " Shut Down Notebook), or restart this kernel (Kernel > Restart Kernel) to free all of its memory.";
    }

    /** "process", "heap", or null when the error is no memory limit of ours. */
    static String kind(String className, String message) {
        if (!"java.lang.OutOfMemoryError".equals(className) || message == null) return null;
        for (String m : JAVACPP_MESSAGES) if (message.startsWith(m)) return "process";
        if (message.startsWith(JAVACPP_TYPED) && message.contains("physicalBytes")) return "process";
        for (String m : HEAP_MESSAGES) if (message.startsWith(m)) return "heap";
        return null;
    }

    /** The class name of {@code t}, or of the exception it stands for (JShell's EvalException). */
    private static String className(Throwable t) {
        try {
            Method m = t.getClass().getMethod("getExceptionClassName");
            Object name = m.invoke(t);
            if (name instanceof String s) return s;
        } catch (ReflectiveOperationException | RuntimeException e) { /* a plain throwable */ }
        return t.getClass().getName();
    }

    /** Bytes as "1.6 GB" (binary: 1 GB = 2^30 bytes, as JavaCPP and Java count). */
    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

    /**
     * JavaCPP's byte sizes: a number with an optional unit k, m, g, t (or kb, mb, gb, tb; any case;
     * binary multiples); -1 for null, blank, a percentage or anything unreadable.
     */
    static long parseBytes(String s) {
        if (s == null) return -1;
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) t = t.substring(0, t.length() - 1);
        long mult = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> mult = 1L << 10;
                case 'm' -> mult = 1L << 20;
                case 'g' -> mult = 1L << 30;
                case 't' -> mult = 1L << 40;
                default -> { }
            }
            if (mult > 1) t = t.substring(0, t.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(t);
            return n < 0 ? -1 : n * mult;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // --- at the kernel's start ---------------------------------------------------------------------------

    /**
     * Called once by the kernel's start-up script, before any ND4J array exists: lowers this kernel's cap
     * when the container's memory ({@code MEM_LIMIT}) minus what its other processes use leaves less than
     * the cap, and (in the rapaio kernel) makes the kernel print the sentence above any out-of-memory error
     * of a cell. Never throws; does nothing outside a kernel that it does not know.
     */
    public static synchronized void kernelStarted() {
        if (started) return;
        started = true;
        try {
            lowerCap(System.getenv("MEM_LIMIT"));
        } catch (RuntimeException | LinkageError e) { /* keep the cap from the kernelspec */ }
        try {
            installHook(MemoryLimit.class.getClassLoader(), RAPAIO_FORMATTERS, RAPAIO_FORMATTER, "jdk.jshell.EvalException");
        } catch (RuntimeException | LinkageError e) { /* another kernel, or another version: the loaders still explain */ }
    }

    /**
     * The cap for this kernel: {@code ceiling} (NNBOOK_MAX_RSS), but no more than the container's memory
     * {@code limit} minus what the other processes in it use ({@code others}) and {@link #RESERVE}, and no
     * less than {@link #FLOOR}. A {@code limit} of 0 or less means unknown: the ceiling.
     */
    static long cap(long ceiling, long limit, long others) {
        if (ceiling <= 0 || limit <= 0) return ceiling;
        long room = limit - Math.max(0, others) - RESERVE;
        return Math.max(Math.min(ceiling, FLOOR), Math.min(ceiling, room));
    }

    private static void lowerCap(String memLimit) {
        long limit = parseBytes(memLimit);
        long ceiling = parseBytes(System.getProperty(CAP_PROPERTY));
        if (limit <= 0 || ceiling <= 0 || !Files.isDirectory(Path.of("/proc"))) return;
        long c = cap(ceiling, limit, othersRss(Path.of("/proc"), ProcessHandle.current().pid()));
        if (c < ceiling) {
            // JavaCPP reads the property once, when ND4J first loads it: no array exists yet at kernel start.
            System.setProperty(CAP_PROPERTY, Long.toString(c));
            loweredFrom = ceiling;
            containerLimit = limit;
        }
    }

    /** The resident memory of every process under {@code proc} but {@code self}, in bytes (Linux's /proc). */
    static long othersRss(Path proc, long self) {
        long pages = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path d : dirs) {
                if (d.getFileName().toString().equals(Long.toString(self))) continue;
                try {
                    String[] f = Files.readString(d.resolve("statm")).trim().split("\\s+");
                    if (f.length > 1) pages += Long.parseLong(f[1]);
                } catch (IOException | RuntimeException e) { /* gone, or not ours to read */ }
            }
        } catch (IOException e) {
            return 0;
        }
        return pages * 4096;
    }

    // --- the rapaio kernel's error display -----------------------------------------------------------------

    static final String RAPAIO_FORMATTERS = "org.rapaio.jupyter.kernel.core.format.ErrorFormatters";
    static final String RAPAIO_FORMATTER = "org.rapaio.jupyter.kernel.core.format.ErrorFormatter";

    /**
     * Wraps the formatter that {@code formattersClass} (the rapaio kernel's {@code ErrorFormatters}, a private
     * static map from exception class to {@code ErrorFormatter}) keeps for {@code errorClass} (JShell's
     * {@code EvalException}, which stands for any exception thrown by a cell): an error that {@link #isLimit}
     * gets the sentence as its first lines, above what the kernel printed before. True when installed.
     */
    @SuppressWarnings("unchecked")
    static boolean installHook(ClassLoader loader, String formattersClass, String formatterInterface, String errorClass) {
        Class<?> formatters, formatter, error;
        try {
            formatters = Class.forName(formattersClass, true, loader);
            formatter = Class.forName(formatterInterface, false, loader);
            error = Class.forName(errorClass, false, loader);
        } catch (ClassNotFoundException e) {
            return false;
        }
        Map<Class<?>, Object> map;
        try {
            Field f = formatters.getDeclaredField("map");
            f.setAccessible(true);
            map = (Map<Class<?>, Object>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
        Object original = map.get(error);
        if (original == null || Proxy.isProxyClass(original.getClass())) return false;
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "nnbook memory-limit formatter around " + original;
                };
            }
            Object out = method.invoke(original, args);
            if (args != null && args.length == 2 && args[1] instanceof Throwable t && out instanceof List<?> lines)
                return withSentence(t, (List<String>) lines);
            return out;
        };
        map.put(error, Proxy.newProxyInstance(formatter.getClassLoader(), new Class<?>[]{formatter}, h));
        return true;
    }

    /** {@code lines} with the sentence (bold) and an empty line first, when {@code t} is a memory limit not yet explained. */
    static List<String> withSentence(Throwable t, List<String> lines) {
        String kind = null;
        for (Throwable c = t; c != null && kind == null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().startsWith(START)) return lines;
            kind = kind(className(c), c.getMessage());
        }
        if (kind == null) return lines;
        List<String> out = new ArrayList<>(lines.size() + 2);
        out.add("\u001b[1m" + sentence(kind, null) + "\u001b[0m");
        out.add("");
        out.addAll(lines);
        return out;
    }
}
