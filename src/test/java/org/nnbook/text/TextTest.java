package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.LSTM;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import static org.junit.jupiter.api.Assertions.*;

/** CharVocabulary and TextStreams, and a carried-state LSTM trained on streams by the Trainer. */
class TextTest {

    @Test
    void vocabularyRoundTripsAndMarksUnknownCharacters() {
        CharVocabulary v = CharVocabulary.of("banana bread");
        assertEquals(8, v.size(), "UNKNOWN + ' ', a, b, d, e, n, r");
        assertEquals(' ', v.charOf(1));
        assertEquals("bread", v.decode(v.encode("bread")));
        assertArrayEquals(new int[]{0, 2}, v.encode("xa"));
        assertEquals("\uFFFDa", v.decode(v.encode("xa")));
        assertEquals(3, v.unknownCount("xyz a"));
        assertThrows(IllegalArgumentException.class, () -> v.charOf(8));
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.of(""));
    }

    @Test
    void streamsContinueRowByRowFromBatchToBatch() {
        int[] ids = new int[23];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        Dataset d = TextStreams.of(ids, 2, 3);                 // parts of L = 11: [0, 11) and [11, 22); 3 windows each
        assertArrayEquals(new long[]{6, 3}, d.x().shape());
        assertEquals(Nd4j.createFromArray(new int[][]{{0, 1, 2}, {11, 12, 13}, {3, 4, 5}, {14, 15, 16}, {6, 7, 8}, {17, 18, 19}}), d.x());
        assertEquals(d.x().add(1), d.y(), "targets: the next id");
        var e = assertThrows(IllegalArgumentException.class, () -> TextStreams.of(ids, 8, 3));
        assertTrue(e.getMessage().contains("at most 7 streams"), e.getMessage());
    }

    @Test
    void aCarriedStateLstmLearnsAPatternLongerThanItsWindows() {
        // a pangram repeated: predicting its next letter needs more context than one letter (after 'o': 'w', 'x', 'v', 'g'),
        // carried across windows of 16 by the state
        String text = "the quick brown fox jumps over the lazy dog. ".repeat(40);
        CharVocabulary v = CharVocabulary.of(text);
        Dataset streams = TextStreams.of(v.encode(text), 8, 16);
        Seed.set(9);
        LSTM lstm = new LSTM(12, 32);
        lstm.carryState(true);
        var model = Sequential.of(new Embedding(v.size(), 12), lstm, new Dense(32, v.size()));
        History h = new Trainer(model, new SparseCrossEntropy(), new Adam(0.01)).shuffle(false).batchSize(8).epochs(12).quiet().fit(streams);
        assertTrue(h.last("accuracy") > 0.9, h.toString());
        lstm.resetState();
        INDArray out = model.predict(Nd4j.createFromArray(new int[][]{v.encode("the quick brown ")}));     // (1, 16, vocabulary)
        assertEquals("f", v.decode(out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(15))
                .argMax().getInt(0)), "after 'the quick brown '");
    }
}
