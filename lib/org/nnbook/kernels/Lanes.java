package org.nnbook.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a batch's rows into lanes that run side by side, one thread per core: the recurrent kernels'
 * step-by-step loops, where sequence n's steps depend on each other but not on sequence m's. Each lane
 * runs every time step for its rows, so the lanes never wait for each other until the end; the
 * calling thread runs the first lane. While lanes run, OpenBLAS runs single-threaded (each lane calls
 * it for its own small products).
 * <p>
 * How many lanes: as many as the machine has cores, or the number {@value BlasThreads#VARIABLE} fixes
 * (the notebooks' kernel sets 1: one lane, the calling thread alone), and never fewer than
 * {@link #MIN_ROWS} rows each. Measured on 2 cores with {@code binder/bench-lm} (notebook 09's LSTM
 * language model, 64 streams, 128 units): 83,000-106,000 characters/s in two lanes against
 * 60,000-73,000 in one. Unlike OpenBLAS's own threads, which spin while they wait for the next
 * product, a lane that has finished blocks, so on a machine that other programs keep busy the lanes
 * share the cores with them rather than fight for them.
 */
final class Lanes {
    private Lanes() {}

    /** The fewest rows a lane gets: below that a lane's products are too small to be worth a thread. */
    static final int MIN_ROWS = 8;

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final int FIXED = BlasThreads.fixedCount();          // 0: not fixed

    private static volatile int forTests;                                // 0: none

    /** For the tests: this many lanes from now on, however few rows each gets (up to one each); 0 puts back the default. */
    static void fix(int lanes) { forTests = lanes; }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nnbook-lane");
        t.setDaemon(true);
        return t;
    });

    /** Rows [from, to) of the batch. */
    @FunctionalInterface
    interface Lane {
        void run(int lane, int from, int to);
    }

    /** How many lanes a batch of n rows gets. */
    static int count(int n) {
        if (forTests > 0) return Math.max(1, Math.min(forTests, n));
        return Math.max(1, Math.min(FIXED > 0 ? FIXED : CORES, n / MIN_ROWS));
    }

    /** Row where lane k of {@code lanes} starts, for n rows (the first lanes get one more where n does not divide). */
    static int start(int k, int lanes, int n) { return k * (n / lanes) + Math.min(k, n % lanes); }

    /** Runs the lanes over n rows and returns when all have finished; the first error any lane throws is thrown here. */
    static void run(int n, int lanes, Lane lane) {
        if (lanes == 1) {
            lane.run(0, 0, n);
            return;
        }
        int blas = BlasThreads.get();
        if (blas > 1) BlasThreads.set(1);
        try {
            List<Future<?>> others = new ArrayList<>();
            for (int k = 1; k < lanes; k++) {
                int kk = k;
                others.add(POOL.submit(() -> lane.run(kk, start(kk, lanes, n), start(kk + 1, lanes, n))));
            }
            RuntimeException first = null;
            try {
                lane.run(0, 0, start(1, lanes, n));
            } catch (RuntimeException e) {
                first = e;
            }
            for (Future<?> f : others) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (first == null) first = new IllegalStateException("interrupted while the lanes ran", e);
                }
            }
            if (first != null) throw first;
        } finally {
            if (blas > 1) BlasThreads.set(blas);
        }
    }
}
