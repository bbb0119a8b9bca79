package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.nnbook.core.Seed;
import org.nnbook.layers.GRU;
import org.nnbook.layers.LSTM;
import org.nnbook.layers.RNN;
import org.nnbook.optim.Adam;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The character language model: its parts, bits per character before and after training, sampling, and the training curve. */
class CharLanguageModelTest {
    static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(60);

    @Test
    void eachCellKindAndItsParts() {
        CharVocabulary v = CharVocabulary.of(TEXT);
        assertInstanceOf(RNN.class, new CharLanguageModel(v, CharLanguageModel.Cell.RNN, 8, 16).recurrent());
        assertInstanceOf(GRU.class, new CharLanguageModel(v, CharLanguageModel.Cell.GRU, 8, 16).recurrent());
        CharLanguageModel m = new CharLanguageModel(v, CharLanguageModel.Cell.LSTM, 8, 16);
        assertInstanceOf(LSTM.class, m.recurrent());
        assertTrue(m.recurrent().carriesState());
        assertEquals(v.size() * 8 + (8 + 16 + 1) * 64 + 16 * v.size() + v.size(), m.parameterCount());
        assertThrows(IllegalArgumentException.class, () -> new CharLanguageModel(null, CharLanguageModel.Cell.RNN, 8, 16));
    }

    @Test
    void trainingBringsTheBitsPerCharacterDownAndSamplesLookLikeTheText() {
        CharVocabulary v = CharVocabulary.of(TEXT);
        Seed.set(11);
        CharLanguageModel m = new CharLanguageModel(v, CharLanguageModel.Cell.LSTM, 12, 48);
        int[] ids = v.encode(TEXT);
        double before = m.bitsPerChar(ids, 4, 16);
        assertEquals(Math.log(v.size()) / Math.log(2), before, 0.6, "untrained: about log2(V)");
        var curve = new CharLanguageModelTraining(m, new Adam(0.01).clipGradNorm(1)).streams(8).window(16).evalEvery(40).quiet().fit(ids, ids, 120);
        assertArrayEquals(new int[]{0, 40, 80, 120}, curve.steps());
        assertTrue(Double.isNaN(curve.trainingBpc()[0]));
        assertTrue(curve.lastValidationBpc() < 0.5, curve.toString());
        assertEquals(120L * 8 * 16, curve.trainedChars());
        assertTrue(curve.charsPerSecond() > 0);
        assertEquals(curve.lastValidationBpc(), m.bitsPerChar(ids, CharLanguageModelTraining.EVAL_STREAMS, 16), 1e-6, "state reset: the same measure again");
        String s = m.sample("the quick ", 30, 0.3, new Random(1));
        assertEquals(30, s.length());
        assertTrue(s.startsWith("brown fox"), s);
    }

    @Test
    void sampleAndTrainingRejectBadArguments() {
        CharVocabulary v = CharVocabulary.of(TEXT);
        CharLanguageModel m = new CharLanguageModel(v, CharLanguageModel.Cell.GRU, 4, 8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.sample("", 5, 1, new Random(1))).getMessage().contains("prompt"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.sample("a", 5, 0, new Random(1))).getMessage().contains("temperature"));
        var t = new CharLanguageModelTraining(m, new Adam(0.01));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.window(0)).getMessage().contains("window must be >= 1"));
    }
}
