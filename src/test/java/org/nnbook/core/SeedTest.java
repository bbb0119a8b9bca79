package org.nnbook.core;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class SeedTest {
    private static INDArray drawAfter(long seed) {
        Seed.set(seed);
        return Nd4j.randn(DataType.FLOAT, 3, 4);
    }

    @Test
    void everySeedRepeatsIncludingZero() {
        for (long seed : new long[]{0, 1, 42, -7, Long.MAX_VALUE}) {
            INDArray a = drawAfter(seed);
            Nd4j.randn(DataType.FLOAT, 10, 10);        // move the generator on
            assertEquals(a, drawAfter(seed), "seed " + seed);
        }
        assertNotEquals(drawAfter(0), drawAfter(1));
    }
}
