package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The word tokeniser, the vocabulary's order and limits, and padded batches with masks. */
class WordVocabularyTest {

    @Test
    void tokensAreLowerCaseWordsAndDollarAndBang() {
        assertEquals(List.of("win", "$", "1000", "now", "!", "!", "click", "here"), WordVocabulary.tokens("WIN $1000 now!! <click-here>"));
        assertEquals(List.of("café", "naïve"), WordVocabulary.tokens("Café, naïve."));
        assertEquals(List.of(), WordVocabulary.tokens(" \n\t.,"));
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.tokens(null));
    }

    @Test
    void mostFrequentWordsFirstThenAlphabetical() {
        var docs = List.of(List.of("b", "a", "c", "a"), List.of("c", "a", "d"), List.of("b"));
        WordVocabulary v = WordVocabulary.of(docs, 10, 1);
        assertEquals(List.of("<pad>", "<unk>", "a", "b", "c", "d"), List.of(v.word(0), v.word(1), v.word(2), v.word(3), v.word(4), v.word(5)));
        assertEquals(6, v.size());
        WordVocabulary small = WordVocabulary.of(docs, 4, 1);
        assertEquals(4, small.size(), "PAD, UNKNOWN and the two most frequent words");
        assertEquals(1, small.id("c"), "cut off: UNKNOWN");
        assertArrayEquals(new int[]{2, 3, 1, 1}, small.encode(List.of("a", "b", "c", "zebra")));
        assertEquals(5, WordVocabulary.of(docs, 10, 2).size(), "d is seen once");
        var e = assertThrows(IllegalArgumentException.class, () -> v.word(6));
        assertTrue(e.getMessage().contains("0..5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.of(List.of(), 10, 1));
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.of(docs, 2, 1));
    }

    @Test
    void datasetPadsCutsAndMasks() {
        var docs = List.of(List.of("a", "b", "a"), List.of("b"), List.<String>of(), List.of("a", "a", "a", "a", "a"));
        WordVocabulary v = WordVocabulary.of(docs, 10, 1);               // <pad>, <unk>, a, b
        Dataset d = v.dataset(docs, new int[]{0, 1, 1, 0}, List.of("ham", "spam"), 4);
        assertEquals(Nd4j.createFromArray(new int[][]{{2, 3, 2, 0}, {3, 0, 0, 0}, {1, 0, 0, 0}, {2, 2, 2, 2}}), d.x());
        assertEquals(Nd4j.createFromArray(new float[][]{{1, 1, 1, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 1, 1, 1}}), d.mask());
        assertArrayEquals(new int[]{0, 1, 1, 0}, d.labels());
        assertEquals(List.of("ham", "spam"), d.classNames());
        var e = assertThrows(IllegalArgumentException.class, () -> v.dataset(docs, new int[]{0}, List.of("ham", "spam"), 4));
        assertTrue(e.getMessage().contains("4 documents but 1 labels"), e.getMessage());
    }
}
