package org.nnbook.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WordDictionaryTest {
    @Test
    void emFindsTheWordsThatCountingAloneConfuses() {
        // "la" co-occurs with "house" as often as "maison" does; EM explains "la" by "the" and frees "maison" for "house"
        List<String> en = List.of("the house", "the blue house", "the flower", "the blue flower", "a house");
        List<String> fr = List.of("la maison", "la maison bleue", "la fleur", "la fleur bleue", "une maison");
        WordDictionary oneRound = WordDictionary.train(en, fr, 1);
        assertEquals("la", oneRound.lookup("the"));
        WordDictionary dict = WordDictionary.train(en, fr, 10);
        assertEquals("la", dict.lookup("the"));
        assertEquals("maison", dict.lookup("house"));
        assertEquals("fleur", dict.lookup("flower"));
        assertEquals("bleue", dict.lookup("blue"));
        assertEquals("une", dict.lookup("a"));
        assertTrue(dict.probability("house") > 0.5, "t(maison | house) = " + dict.probability("house"));
        assertEquals("la maison bleue Debian", dict.translate("the house blue Debian"), "unknown words are copied, order kept");
        assertNull(dict.lookup("Debian"));
    }

    @Test
    void wordsSplitPunctuation() {
        assertEquals(List.of("GNU", "C", "library", "(", "runtime", ")", "-", "v2", "."), WordDictionary.words("GNU C library (runtime) - v2."));
        assertEquals(List.of("bibliothèque", "d", "'", "exécution"), WordDictionary.words("bibliothèque d'exécution"));
    }
}
