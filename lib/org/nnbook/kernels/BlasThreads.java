package org.nnbook.kernels;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads OpenBLAS uses for matrix products, apart from {@code OMP_NUM_THREADS}, which
 * ND4J's other ops (and oneDNN's convolutions) follow; ND4J gives both the same count. Measured on
 * two cores: a second OpenBLAS thread halves the time of a lone 64x784 by 784x256 product, but a
 * whole MLP training step with one thread for the ops and two for the products was slower than with
 * one for both (OpenBLAS's idle threads keep spinning and take the core the other ops need), so
 * it pays only for large products. Set the environment variable {@value #VARIABLE} (e.g. {@code 2})
 * and the library applies it the first time it multiplies matrices, or call {@link #set}. The
 * recurrent kernels split their work over the cores themselves ({@link Lanes}: Java threads, each
 * calling OpenBLAS single-threaded), as many as the variable says or, without it, one per core.
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

    /** Whether {@value #VARIABLE} fixes the count (which {@link Lanes} then follows too). */
    private static final boolean FIXED = System.getenv(VARIABLE) != null && !System.getenv(VARIABLE).isBlank();

    /** The count {@value #VARIABLE} fixes, or 0 when it is not set or not a whole number ≥ 1 ({@link #fromEnvironment} says why). */
    static int fixedCount() {
        try {
            return FIXED ? Math.max(0, Integer.parseInt(System.getenv(VARIABLE).trim())) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
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
