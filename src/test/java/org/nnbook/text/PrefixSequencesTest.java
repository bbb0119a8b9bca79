package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Seed;
import org.nnbook.data.Dataset;
import org.nnbook.models.TransformerLm;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.text.BytePairEncoding.BOS;
import static org.nnbook.text.BytePairEncoding.EOS;
import static org.nnbook.text.BytePairEncoding.PAD;

/** The layout of source and target in one sequence, and generation in step after the source part. */
class PrefixSequencesTest {
    final BytePairEncoding bpe = BytePairEncoding.train(List.of("ab ab ab", "cd"), 0);    // bytes only: one id per character

    static int id(char c) { return BytePairEncoding.FIRST_BYTE + c; }

    @Test
    void putsTheTargetAtTheSamePositionInEveryRowAndItsNextIdsBeside() {
        var seq = new PrefixSequences(bpe, 4, 4);
        Dataset d = seq.dataset(List.of("ab", "abcdef"), List.of("x", "yzzzz"));
        assertArrayEquals(new int[]{BOS, id('a'), id('b'), EOS, BOS, id('x'), EOS, PAD}, d.x().getRow(0).toIntVector());
        assertArrayEquals(new int[]{id('a'), id('b'), EOS, PAD, id('x'), EOS, PAD, PAD}, d.y().getRow(0).toIntVector());
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1, 1, 0}, d.mask().getRow(0).toFloatVector());
        // a long source is cut to 4 (no EOS, nothing predicted after its last kept token); a long target keeps its next id
        assertArrayEquals(new int[]{BOS, id('a'), id('b'), id('c'), BOS, id('y'), id('z'), id('z')}, d.x().getRow(1).toIntVector());
        assertArrayEquals(new int[]{id('a'), id('b'), id('c'), PAD, id('y'), id('z'), id('z'), id('z')}, d.y().getRow(1).toIntVector());
        assertEquals(8, seq.length());
        PrefixSequences.Encoded s = seq.sources(List.of("a"));
        assertArrayEquals(new int[]{BOS, id('a'), EOS, PAD}, s.ids().getRow(0).toIntVector());
        assertArrayEquals(new float[]{1, 1, 1, 0}, s.mask().getRow(0).toFloatVector());
    }

    @Test
    void generatesAfterTheSourceAndStopsAtEos() {
        Seed.set(81);
        var seq = new PrefixSequences(bpe, 4, 4);
        TransformerLm lm = new TransformerLm(bpe.vocabSize(), 8, 2, 1, seq.length(), 0);
        INDArray bias = lm.output().bias().value();
        bias.putScalar(0, id('q'), 50);                                // q, then EOS once q has been written
        List<String> out = seq.generate(lm, List.of("ab", "abcdefg", "b"), 2);
        assertEquals(3, out.size());
        for (String s : out) assertTrue(s.chars().allMatch(c -> c == 'q'), "only q: " + out);
        assertThrows(IllegalArgumentException.class, () -> seq.generate(new TransformerLm(bpe.vocabSize(), 8, 2, 1, 7, 0), List.of("a"), 1));
        assertThrows(IllegalArgumentException.class, () -> new PrefixSequences(bpe, 1, 4));
        assertEquals(List.of(), seq.generate(lm, List.of(), 4));
        assertEquals("qqq", String.join("", Arrays.asList("q", "q", "q")));
    }
}
