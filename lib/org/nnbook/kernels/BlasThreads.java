package org.nnbook.kernels;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads OpenBLAS uses for matrix products, apart from {@code OMP_NUM_THREADS}, which
 * ND4J's other ops (and oneDNN's convolutions) follow; ND4J gives both the same count. Measured on
 * two cores: a second OpenBLAS thread halves the time of a lone 64x784 by 784x256 product, but a
 * whole MLP training step with one thread for the ops and two for the products was slower than with
 * one for both (OpenBLAS's idle threads keep spinning and take the core the other ops need), so
 * it pays only for large products. Set the environment variable {@value #VARIABLE} (e.g. {@code 2})
 * and the library applies it the first time it multiplies matrices, or call {@link #set}.
 */
public final class BlasThreads {
    private BlasThreads() {}

    /** The environment variable read by {@link #fromEnvironment()}. */
    public static final String VARIABLE = "NNBOOK_BLAS_THREADS";

    /** Makes OpenBLAS use n threads (n ≥ 1) for the matrix products that follow. */
    public static void set(int n) {
        if (n < 1) throw new IllegalArgumentException("BLAS threads must be at least 1, got " + n + ".");
        Nd4j.factory().blas().setMaxThreads(n);
    }

    /** The number of threads OpenBLAS uses now. */
    public static int get() { return Nd4j.factory().blas().getMaxThreads(); }

    /** The machine's cores, the most threads {@link #large} uses. */
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** Whether {@value #VARIABLE} fixes the count, which {@link #large} then leaves alone. */
    private static final boolean FIXED = System.getenv(VARIABLE) != null && !System.getenv(VARIABLE).isBlank();

    private static volatile long loadReadAt;
    private static volatile double load;

    /**
     * Runs one product large enough to gain from every core (~1 GFLOP: the recurrent kernels'
     * products over all time steps at once) with that many OpenBLAS threads, then puts the count
     * back. Such a product takes ~10 ms on one core here, and a second thread nearly halves it, but
     * only where that core is idle: on a machine that other programs keep busy (measured at a load
     * average of 5 on 2 cores) the GRU language model's step was ~25 % slower with it. So it applies
     * only while the 1-minute load average is below the number of cores: it counts this program's
     * own threads too (the training thread, ~1, and OpenBLAS's second one while it waits for the next
     * product), so on an otherwise quiet machine it stays below 2 on 2 cores, and one other busy
     * program lifts it above. Never when {@value #VARIABLE} fixes the count or the machine has one core.
     */
    static void large(Runnable product) {
        int before = FIXED || CORES < 2 || !coreIdle() ? -1 : get();
        if (before < 0 || before >= CORES) {         // as it is: fixed, one core, no idle core, or every core already
            product.run();
            return;
        }
        set(CORES);
        try {
            product.run();
        } finally {
            set(before);
        }
    }

    /** Whether the 1-minute load average, read at most once a second, is below the number of cores (true where it cannot be read). */
    private static boolean coreIdle() {
        long now = System.nanoTime();
        if (now - loadReadAt > 1_000_000_000L || loadReadAt == 0) {
            try {
                load = Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
            } catch (Exception e) {                  // not Linux: no load average to go by
                load = 0;
            }
            loadReadAt = now;
        }
        return load < CORES;
    }

    /**
     * Applies {@value #VARIABLE} when it is set; returns the count applied, or 0 when it is not set.
     * A value that is not a whole number ≥ 1 is an error naming the variable.
     */
    public static int fromEnvironment() { return apply(System.getenv(VARIABLE)); }

    /** Applies a value of {@value #VARIABLE}: null or blank changes nothing and returns 0. */
    static int apply(String value) {
        if (value == null || value.isBlank()) return 0;
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) throw new IllegalArgumentException(VARIABLE + " must be a whole number of threads >= 1 (e.g. 2), got \"" + value + "\".");
        set(n);
        return n;
    }
}
