package org.nnbook.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A Huffman code (Huffman, 1952, "A Method for the Construction of Minimum-Redundancy Codes"): the
 * prefix code of shortest mean length for given symbol frequencies, frequent symbols short, rare
 * ones long. Deep Compression's last stage codes the cluster indices and the gaps between non-zero
 * weights this way, because both are far from uniform: Han, Mao and Dally (2016, section 4) report
 * 20-30% fewer bits.
 *
 * <p>The code is <b>canonical</b>: it is fully given by each symbol's code length (codes of one
 * length are consecutive numbers, in symbol order, as in DEFLATE), so a file stores the lengths,
 * one byte per symbol, and not the tree.
 *
 * <pre>{@code
 * Huffman code = Huffman.of(frequencies);    // frequencies[s]: how often symbol s occurs
 * code.lengths();                           // bits per symbol, 0 for a symbol that never occurs
 * byte[] packed = code.encode(symbols);
 * int[] back = code.decode(packed, symbols.length);
 * }</pre>
 */
public final class Huffman {
    private final int[] lengths;
    private final long[] codes;
    private final int[] countOfLength;     // for decoding: how many codes have each length
    private final int[] sortedSymbols;     // symbols by (length, symbol)

    private Huffman(int[] lengths) {
        this.lengths = lengths.clone();
        int max = Arrays.stream(lengths).max().orElse(0);
        if (max > 63) throw new IllegalArgumentException("Huffman: code lengths above 63 bits are not supported, got " + max + ".");
        countOfLength = new int[max + 1];
        for (int l : lengths) if (l > 0) countOfLength[l]++;
        sortedSymbols = java.util.stream.IntStream.range(0, lengths.length).boxed().filter(s -> lengths[s] > 0)
                .sorted(Comparator.<Integer>comparingInt(s -> lengths[s]).thenComparingInt(s -> s)).mapToInt(Integer::intValue).toArray();
        codes = new long[lengths.length];
        long code = 0;
        int prev = 0;
        for (int s : sortedSymbols) {                 // canonical: consecutive codes, one bit longer where the length grows
            code <<= lengths[s] - prev;
            prev = lengths[s];
            codes[s] = code++;
        }
        if (sortedSymbols.length > 1 && code != 1L << prev)
            throw new IllegalArgumentException("Huffman: code lengths " + Arrays.toString(lengths) + " do not make a complete prefix code.");
    }

    /** The optimal code for {@code frequencies} (frequencies[s] >= 0; symbols of frequency 0 get no code; a lone symbol gets 1 bit). */
    public static Huffman of(long[] frequencies) { return new Huffman(codeLengths(frequencies)); }

    /** The canonical code of these lengths (as stored in a file). */
    public static Huffman fromLengths(int[] lengths) { return new Huffman(lengths); }

    /** Huffman's construction: repeatedly merge the two least frequent subtrees; a symbol's length is its depth. */
    public static int[] codeLengths(long[] frequencies) {
        int n = frequencies.length;
        int[] lengths = new int[n];
        // nodes: leaves 0..n-1, inner nodes after; parent[] gives the tree
        List<Integer> parent = new ArrayList<>();
        List<Long> weight = new ArrayList<>();
        PriorityQueue<Integer> queue = new PriorityQueue<>(Comparator.<Integer>comparingLong(weight::get).thenComparingInt(i -> i));
        for (int s = 0; s < n; s++) {
            if (frequencies[s] < 0) throw new IllegalArgumentException("Huffman: frequency of symbol " + s + " is negative: " + frequencies[s] + ".");
            parent.add(-1);
            weight.add(frequencies[s]);
            if (frequencies[s] > 0) queue.add(s);
        }
        if (queue.size() == 1) lengths[queue.peek()] = 1;
        while (queue.size() > 1) {
            int a = queue.poll(), b = queue.poll(), node = parent.size();
            parent.add(-1);
            weight.add(weight.get(a) + weight.get(b));
            parent.set(a, node);
            parent.set(b, node);
            queue.add(node);
        }
        for (int s = 0; s < n; s++) {
            if (frequencies[s] == 0 || lengths[s] > 0) continue;
            int depth = 0;
            for (int v = s; parent.get(v) >= 0; v = parent.get(v)) depth++;
            lengths[s] = depth;
        }
        return lengths;
    }

    /** The entropy of the frequencies in bits per symbol: no prefix code does better, Huffman's is within 1 bit of it. */
    public static double entropy(long[] frequencies) {
        double total = Arrays.stream(frequencies).sum(), h = 0;
        for (long f : frequencies) if (f > 0) h -= f / total * Math.log(f / total) / Math.log(2);
        return h;
    }

    /** The code length of each symbol in bits (0: no code). */
    public int[] lengths() { return lengths.clone(); }

    /** The code of {@code symbol}, in its lowest {@link #lengths()}[symbol] bits. */
    public long code(int symbol) { return codes[symbol]; }

    /** The number of bits that symbols of these frequencies take in this code. */
    public long bits(long[] frequencies) {
        long b = 0;
        for (int s = 0; s < frequencies.length; s++) {
            if (frequencies[s] > 0 && (s >= lengths.length || lengths[s] == 0))
                throw new IllegalArgumentException("Huffman: symbol " + s + " occurs but has no code.");
            b += frequencies[s] * lengths[s];
        }
        return b;
    }

    /** The symbols coded one after another, packed into bytes (the last one padded with zero bits). */
    public byte[] encode(int[] symbols) {
        Bits.Writer w = new Bits.Writer();
        for (int s : symbols) write(w, s);
        return w.bytes();
    }

    /** The first {@code count} symbols coded in {@code bytes}. */
    public int[] decode(byte[] bytes, int count) {
        Bits.Reader r = new Bits.Reader(bytes, 0, bytes.length);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = read(r);
        return out;
    }

    void write(Bits.Writer w, int symbol) {
        if (symbol < 0 || symbol >= lengths.length || lengths[symbol] == 0)
            throw new IllegalArgumentException("Huffman: symbol " + symbol + " has no code (the code covers " + sortedSymbols.length + " symbols).");
        w.write(codes[symbol], lengths[symbol]);
    }

    /** Reads one symbol: canonical decoding, one bit at a time, by the number of codes of each length. */
    int read(Bits.Reader r) {
        long code = 0, first = 0;
        int index = 0;
        for (int len = 1; len < countOfLength.length; len++) {
            code |= r.bit();
            int count = countOfLength[len];
            if (code - first < count) return sortedSymbols[index + (int) (code - first)];
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        throw new IllegalStateException("not a code of this Huffman table");
    }

    @Override
    public String toString() { return "Huffman(" + sortedSymbols.length + " symbols, lengths " + Arrays.toString(lengths) + ")"; }
}
