package org.nnbook.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encodings of one float32 tensor in a {@link CompressedModel} file, and the choice among them:
 * the smallest that gives back every value exactly (a −0.0 reads back as +0.0, the same number in
 * every sum). The format's documentation is in {@link CompressedModel}; {@link TensorDecoding} reads it back.
 */
final class TensorCodec {
    private TensorCodec() {}

    enum Values { FLOAT32, CODEBOOK, LINEAR }

    /** A way to store a tensor and its size: layout "dense" or "sparse", how values are stored, the gap width, the coding. */
    record Plan(boolean sparse, Values values, float[] table, int linearBits, int gapBits, boolean huffman, long bytes) {}

    /** A tensor's header fields (besides name, kind, dtype, shape) and its payload bytes. */
    record Encoded(Map<String, Object> fields, byte[] payload) {}

    /** Encodes {@code v} (row-major, of {@code shape}) as compactly as possible; {@code huffman} allows Huffman coding. */
    static Encoded encode(float[] v, long[] shape, boolean huffman) {
        Plan best = new Plan(false, null, null, 0, 0, false, 4L * v.length);            // raw
        int nonZero = 0;
        for (float x : v) if (x != 0) nonZero++;
        List<Plan> tried = new ArrayList<>();
        float[] distinct = distinct(v);
        int qbits = shape.length >= 2 ? linearBits(v, shape) : 0;
        for (Values values : Values.values())
            for (boolean sparse : new boolean[]{false, true}) {
                if (values == Values.FLOAT32 && !sparse || sparse && nonZero == v.length) continue;
                float[] table = switch (values) {
                    case FLOAT32 -> new float[0];
                    case CODEBOOK -> distinct == null ? null : sparse ? withoutZero(distinct) : distinct;
                    case LINEAR -> qbits == 0 ? null : scales(v, shape, qbits);
                };
                if (table == null || values == Values.CODEBOOK && table.length == 0) continue;
                for (int g = sparse ? 1 : 0; g <= (sparse ? 8 : 0); g++)
                    for (boolean h : huffman ? new boolean[]{false, true} : new boolean[]{false})
                        tried.add(new Plan(sparse, values, table, qbits, g, h, 0));
            }
        for (Plan p : tried) {
            long bytes = size(p, v, shape);
            if (bytes < best.bytes) best = new Plan(p.sparse, p.values, p.table, p.linearBits, p.gapBits, p.huffman, bytes);
        }
        Encoded e = best.values == null ? raw(v) : write(best, v, shape);
        float[] back = TensorDecoding.decode(e.fields, e.payload, 0, e.payload.length, shape);
        for (int i = 0; i < v.length; i++)
            if (back[i] != v[i]) throw new IllegalStateException("TensorCodec: element " + i + " reads back as " + back[i] + ", not " + v[i] + " (" + e.fields + ").");
        return e;
    }

    private static Encoded raw(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("layout", "raw");
        return new Encoded(f, b.array());
    }

    /** The sorted distinct values (zero as +0.0), or null when there are more than 256. */
    private static float[] distinct(float[] v) {
        Map<Integer, Boolean> seen = new HashMap<>();
        for (float x : v) {
            seen.put(Float.floatToIntBits(x == 0 ? 0f : x), true);
            if (seen.size() > 256) return null;
        }
        float[] d = new float[seen.size()];
        int i = 0;
        for (int bits : seen.keySet()) d[i++] = Float.intBitsToFloat(bits);
        Arrays.sort(d);
        return d;
    }

    private static float[] withoutZero(float[] d) {
        return toFloats(java.util.stream.IntStream.range(0, d.length).filter(i -> d[i] != 0).mapToDouble(i -> d[i]).toArray());
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** The smallest b (2 to 8) such that every output channel is s_c·q with |q| ≤ 2^(b−1) − 1, s_c found from the channel's largest |value|; 0 if none. */
    private static int linearBits(float[] v, long[] shape) {
        for (int b = 2; b <= 8; b++) if (scales(v, shape, b) != null) return b;
        return 0;
    }

    /** The per-channel scales under which {@code v} is exactly linear with b bits, or null. */
    private static float[] scales(float[] v, long[] shape, int b) {
        int qmax = Quantization.maxCode(b), channels = Weights.channels(shape);
        float[] max = new float[channels];
        for (int i = 0; i < v.length; i++) max[Weights.channelOf(i, shape)] = Math.max(max[Weights.channelOf(i, shape)], Math.abs(v[i]));
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) s[c] = max[c] == 0 ? 0 : Quantization.recover(max[c], qmax);
        for (int i = 0; i < v.length; i++) {
            float sc = s[Weights.channelOf(i, shape)];
            if (v[i] == 0) continue;
            double q = Math.rint(v[i] / sc);
            if (Math.abs(q) > qmax || sc * (float) q != v[i]) return null;
        }
        return s;
    }

    static int symbols(Plan p) {
        return switch (p.values) {
            case FLOAT32 -> 0;
            case CODEBOOK -> p.table.length;
            case LINEAR -> 2 * Quantization.maxCode(p.linearBits) + 1;
        };
    }

    private static int symbolOf(Plan p, float x, long i, long[] shape) {
        if (p.values == Values.CODEBOOK) return Arrays.binarySearch(p.table, x == 0 ? 0f : x);
        float s = p.table[Weights.channelOf(i, shape)];
        return (s == 0 ? 0 : (int) Math.rint(x / s)) + Quantization.maxCode(p.linearBits);
    }

    static int fixedBits(int symbols) { return symbols <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(symbols - 1); }

    /** The symbols of a plan: value symbols (one per stored value; for FLOAT32 the value's position) and gap symbols (sparse only). */
    private record Streams(int[] values, int[] gaps) {}

    private static Streams streams(Plan p, float[] v, long[] shape) {
        int[] vals = new int[v.length], gaps = new int[16];
        int nv = 0, ng = 0, escape = (1 << p.gapBits) - 1;
        long prev = -1;
        for (int i = 0; i < v.length; i++) {
            if (p.sparse && v[i] == 0) continue;
            if (p.sparse) {
                for (long gap = i - prev - 1; ; gap -= escape) {
                    if (ng == gaps.length) gaps = Arrays.copyOf(gaps, 2 * ng);
                    gaps[ng++] = (int) Math.min(gap, escape);
                    if (gap < escape) break;
                }
                prev = i;
            }
            vals[nv++] = p.values == Values.FLOAT32 ? i : symbolOf(p, v[i], i, shape);
        }
        return new Streams(Arrays.copyOf(vals, nv), Arrays.copyOf(gaps, ng));
    }

    private static long[] frequencies(int[] symbols, int alphabet) {
        long[] f = new long[alphabet];
        for (int s : symbols) f[s]++;
        return f;
    }

    private static long size(Plan p, float[] v, long[] shape) {
        Streams s = streams(p, v, shape);
        long bits, table = 4L * p.table.length;
        int alphabet = symbols(p);
        if (p.values == Values.FLOAT32) bits = 32L * s.values.length;
        else if (p.huffman) {
            long[] f = frequencies(s.values, alphabet);
            bits = Huffman.of(f).bits(f);
            table += alphabet;
        } else bits = (long) fixedBits(alphabet) * s.values.length;
        if (p.sparse) {
            if (p.huffman) {
                long[] f = frequencies(s.gaps, 1 << p.gapBits);
                bits += Huffman.of(f).bits(f);
                table += 1L << p.gapBits;
            } else bits += (long) p.gapBits * s.gaps.length;
        }
        return table + (bits + 7) / 8;
    }

    private static Encoded write(Plan p, float[] v, long[] shape) {
        Streams s = streams(p, v, shape);
        int alphabet = symbols(p);
        Huffman valueCode = p.huffman && p.values != Values.FLOAT32 ? Huffman.of(frequencies(s.values, alphabet)) : null;
        Huffman gapCode = p.huffman && p.sparse ? Huffman.of(frequencies(s.gaps, 1 << p.gapBits)) : null;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer table = ByteBuffer.allocate(4 * p.table.length).order(ByteOrder.LITTLE_ENDIAN);
        table.asFloatBuffer().put(p.table);
        out.writeBytes(table.array());
        if (valueCode != null) for (int l : valueCode.lengths()) out.write(l);
        if (gapCode != null) for (int l : gapCode.lengths()) out.write(l);
        Bits.Writer w = new Bits.Writer();
        int escape = (1 << p.gapBits) - 1, g = 0;
        for (int k = 0; k < s.values.length; k++) {
            if (p.sparse) {
                int gap;
                do {
                    gap = s.gaps[g++];
                    if (gapCode != null) gapCode.write(w, gap); else w.write(gap, p.gapBits);
                } while (gap == escape);
            }
            int sym = s.values[k];
            if (p.values == Values.FLOAT32) w.write(Float.floatToIntBits(v[sym]), 32);
            else if (valueCode != null) valueCode.write(w, sym);
            else w.write(sym, fixedBits(alphabet));
        }
        out.writeBytes(w.bytes());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("layout", p.sparse ? "sparse" : "dense");
        f.put("values", p.values.name().toLowerCase());
        if (p.values == Values.CODEBOOK) f.put("codebook", p.table.length);
        if (p.values == Values.LINEAR) { f.put("bits", p.linearBits); f.put("channels", p.table.length); }
        if (p.sparse) { f.put("gap_bits", p.gapBits); f.put("count", s.values.length); }
        f.put("coding", p.huffman ? "huffman" : "fixed");
        return new Encoded(f, out.toByteArray());
    }

}
