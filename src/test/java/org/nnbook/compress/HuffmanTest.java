package org.nnbook.compress;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class HuffmanTest {

    /** The textbook example (Cormen et al., 16.3): frequencies 45, 13, 12, 16, 9, 5 give lengths 1, 3, 3, 3, 4, 4: 224 bits. */
    @Test
    void textbookCodeLengths() {
        long[] f = {45, 13, 12, 16, 9, 5};
        Huffman h = Huffman.of(f);
        assertArrayEquals(new int[]{1, 3, 3, 3, 4, 4}, h.lengths());
        assertEquals(224, h.bits(f));
        assertTrue(h.bits(f) / 100.0 >= Huffman.entropy(f) && h.bits(f) / 100.0 < Huffman.entropy(f) + 1, "within a bit of the entropy");
    }

    @Test
    void roundTripOfSkewedAndUniformSymbols() {
        Random r = new Random(3);
        for (int alphabet : new int[]{1, 2, 5, 32, 256}) {
            int[] symbols = new int[5000];
            for (int i = 0; i < symbols.length; i++) symbols[i] = (int) Math.min(alphabet - 1, Math.abs(r.nextGaussian()) * alphabet / 6);
            long[] f = new long[alphabet];
            for (int s : symbols) f[s]++;
            Huffman h = Huffman.of(f);
            byte[] packed = h.encode(symbols);
            assertEquals((h.bits(f) + 7) / 8, packed.length);
            assertArrayEquals(symbols, h.decode(packed, symbols.length), alphabet + " symbols");
            Huffman fromFile = Huffman.fromLengths(h.lengths());
            assertArrayEquals(symbols, fromFile.decode(packed, symbols.length), "the lengths alone give the same code");
        }
    }

    @Test
    void canonicalCodesAreConsecutivePerLength() {
        Huffman h = Huffman.fromLengths(new int[]{2, 1, 3, 3});
        assertEquals(0b10, h.code(0));
        assertEquals(0b0, h.code(1));
        assertEquals(0b110, h.code(2));
        assertEquals(0b111, h.code(3));
    }

    @Test
    void clearErrors() {
        assertThrows(IllegalArgumentException.class, () -> Huffman.fromLengths(new int[]{1, 1, 1}), "not a prefix code");
        assertThrows(IllegalArgumentException.class, () -> Huffman.fromLengths(new int[]{2, 2, 2}), "incomplete");
        Huffman h = Huffman.of(new long[]{5, 0, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.encode(new int[]{1}));
        assertTrue(e.getMessage().contains("symbol 1 has no code"), e.getMessage());
        byte[] packed = h.encode(new int[]{0, 2, 0});
        assertThrows(IllegalStateException.class, () -> h.decode(packed, 9), "reading past the end");
        assertEquals(0, Arrays.stream(h.lengths()).filter(l -> l > 1).count());
    }
}
