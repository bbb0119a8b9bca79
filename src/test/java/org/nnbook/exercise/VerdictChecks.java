package org.nnbook.exercise;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the tests of a notebook's exercises share: the checks run leniently (a wrong answer gives a
 * verdict instead of failing the cell, whatever NNBOOK_EXERCISES says), a stand-in for the starter
 * cell's "your code here", and the two assertions on a verdict.
 */
abstract class VerdictChecks {

    @BeforeEach
    void lenient() { System.setProperty("nnbook.exercises", "off"); }

    @AfterEach
    void clear() { System.clearProperty("nnbook.exercises"); }

    /** The starter cell's answer: it throws, as the notebook's placeholder does. */
    static <T> T starter() { throw new UnsupportedOperationException("your code here"); }

    /** The verdict says the answer is right. */
    static void right(Verdict v) { assertTrue(v.passed(), v.toString()); }

    /** The verdict says "not yet", and its message contains each of {@code parts}. */
    static void notYet(Verdict v, String... parts) {
        assertFalse(v.passed(), v.toString());
        for (String p : parts) assertTrue(v.message().contains(p), "expected '" + p + "' in: " + v);
    }
}
