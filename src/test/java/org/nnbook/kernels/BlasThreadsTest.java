package org.nnbook.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlasThreadsTest {
    @Test
    void setsAndRestoresTheCount() {
        int before = BlasThreads.get();
        try {
            BlasThreads.set(2);
            assertEquals(2, BlasThreads.get());
            BlasThreads.set(1);
            assertEquals(1, BlasThreads.get());
        } finally {
            BlasThreads.set(Math.max(1, before));
        }
    }

    @Test
    void rejectsLessThanOneThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlasThreads.set(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }

    @Test
    void environmentValuesAreParsedOrRejectedByName() {
        int before = BlasThreads.get();
        try {
            assertEquals(0, BlasThreads.apply(null));
            assertEquals(0, BlasThreads.apply("  "));
            assertEquals(2, BlasThreads.apply(" 2 "));
            assertEquals(2, BlasThreads.get());
            for (String bad : new String[]{"two", "0", "-1", "1.5"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlasThreads.apply(bad));
                assertTrue(e.getMessage().contains(BlasThreads.VARIABLE) && e.getMessage().contains(bad), e.getMessage());
            }
        } finally {
            BlasThreads.set(Math.max(1, before));
        }
    }
}
