package org.nnbook.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Mean, sample standard deviation, extremes, and the percent format of a table cell. */
class SpreadTest {
    @Test
    void knownValues() {
        Spread s = Spread.of(0.91, 0.93, 0.92);
        assertEquals(0.92, s.mean(), 1e-12);
        assertEquals(0.01, s.std(), 1e-12);            // sqrt((0.0001 + 0.0001 + 0) / 2)
        assertEquals(0.91, s.min());
        assertEquals(0.93, s.max());
        assertEquals(3, s.runs());
        assertEquals("92.0 ± 1.0", s.toString());
        assertEquals(0, Spread.of(0.5).std());
        assertThrows(IllegalArgumentException.class, () -> Spread.of());
    }
}
