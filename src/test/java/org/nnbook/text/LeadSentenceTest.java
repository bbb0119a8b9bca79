package org.nnbook.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LeadSentenceTest {
    @Test
    void takesTheFirstSentenceOnly() {
        assertEquals("GNU Make is a utility which controls the generation of executables.",
                LeadSentence.of("GNU Make is a utility which controls the generation of executables. It reads a makefile."));
        assertEquals("Tools for X, e.g. a clock and version 2.0 of a calendar.", LeadSentence.of("Tools for X, e.g. a clock and version 2.0 of a calendar."));
        assertEquals("Is it fast?", LeadSentence.of("  Is it fast? 3 ways to tell."));
        assertEquals("no end at all", LeadSentence.of("no end at all"));
        assertEquals("", LeadSentence.of(""));
        assertThrows(IllegalArgumentException.class, () -> LeadSentence.of(null));
    }
}
