package org.nnbook.core;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes random draws repeatable: weight initialisation, dropout masks, random data.
 *
 * <p>Use {@code Seed.set(42)} rather than {@code Nd4j.getRandom().setSeed(42)}: ND4J 1.0.0-M2.1
 * silently ignores the seed 0 (its generator keeps its state, so "seeded" runs differ), which this
 * method works around by mapping every seed, 0 included, to a distinct non-zero one.
 */
public final class Seed {
    /** Odd 64-bit constant (the golden ratio's), so that distinct seeds stay distinct and none maps to 0. */
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private Seed() {}

    /** Seeds ND4J's random generator of the calling thread. */
    public static void set(long seed) {
        long s = seed * MIX + 1;
        Nd4j.getRandom().setSeed(s == 0 ? 1 : s);
    }
}
