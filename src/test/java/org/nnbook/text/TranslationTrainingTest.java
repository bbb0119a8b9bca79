package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.nnbook.core.Seed;
import org.nnbook.models.Transformer;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** A small Transformer learns to copy short strings on TokenBatches; Translator then copies unseen ones, greedily and by beam search. */
class TranslationTrainingTest {
    @Test
    void learnsToCopyAndTranslatesBack() {
        Random r = new Random(3);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = 0, n = 3 + r.nextInt(4); k < n; k++) s.append((char) ('a' + r.nextInt(6)));
            texts.add(s.toString());
        }
        BytePairEncoding bpe = BytePairEncoding.train(texts, 0);                // bytes only
        List<int[]> ids = texts.stream().map(bpe::encode).toList();
        List<TokenBatches.Batch> batches = TokenBatches.of(ids.subList(0, 350), ids.subList(0, 350), 160, 1);
        int[] order = TokenBatches.order(batches.size(), 300, 1);
        Seed.set(5);
        Transformer model = new Transformer(bpe.vocabSize(), bpe.vocabSize(), 32, 2, 1, 0.0);
        var curve = new TranslationTraining(model, new Adam(3e-3), Schedule.inverseSqrt(3e-3, 30)).quiet().fit(batches, order);
        assertEquals(300, curve.loss().length);
        assertTrue(curve.lastLoss() < 0.3 * curve.firstLoss(), curve.toString());
        assertTrue(curve.targetTokensPerSecond() > 0);
        long tokens = 0;
        for (int k : order) tokens += batches.get(k).targetTokens();
        assertEquals(tokens, curve.targetTokens());

        Translator translator = new Translator(model, bpe).batchSize(16);
        List<String> unseen = texts.subList(350, 400), out = translator.greedy(unseen);
        long exact = java.util.stream.IntStream.range(0, unseen.size()).filter(i -> out.get(i).equals(unseen.get(i))).count();
        assertTrue(exact >= 35, exact + " of 50 copied exactly: " + out.subList(0, 5));
        long beamExact = unseen.subList(0, 10).stream().filter(s -> translator.beam(s, 3, 0.6).equals(s)).count();
        assertTrue(beamExact >= 7, beamExact + " of 10 copied by beam search");
        // one sentence at a time gives the same as in a batch (padding does not leak)
        assertEquals(out.get(7), translator.greedy(List.of(unseen.get(7))).get(0));
    }
}
