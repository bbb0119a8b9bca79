package org.nnbook.kernels;

/**
 * The switch of the fast paths: on by default; off with the system property {@code nnbook.kernels=off}
 * or for a block of code with {@link #off()}:
 * <pre>{@code
 * try (var plain = Kernels.off()) {
 *     trainer.fit(train);          // every layer, loss and optimizer runs its plain ND4J version
 * }
 * }</pre>
 */
public final class Kernels {
    private static volatile boolean on = !"off".equalsIgnoreCase(System.getProperty("nnbook.kernels", "on"));

    private Kernels() {}

    /** True when the fast paths are used. */
    public static boolean on() { return on; }

    /** Turns the fast paths off until the returned handle is closed (which restores the previous setting). */
    public static Restore off() { return set(false); }

    /** Turns the fast paths on until the returned handle is closed. */
    public static Restore onFor() { return set(true); }

    private static Restore set(boolean value) {
        boolean before = on;
        on = value;
        return () -> on = before;
    }

    /** Puts the previous setting back. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
