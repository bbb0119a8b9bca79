package org.nnbook.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Reads one float32 tensor of a {@link CompressedModel} file back from its header fields and its bytes:
 * the table (codebook or scales), the Huffman code lengths, then the bit stream of gap and value
 * symbols, as the format in {@link CompressedModel} describes. Any inconsistency — a field out of
 * range, a stream that ends early, a value beyond the tensor — is an IllegalStateException that
 * {@link CompressedReader} turns into a "corrupt file" error naming the tensor.
 */
final class TensorDecoding {
    private TensorDecoding() {}

    /** The values of a tensor of {@code shape} from its header {@code fields} and its bytes {@code data[from, to)}. */
    static float[] decode(Map<String, Object> fields, byte[] data, int from, int to, long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalStateException("a tensor of " + n + " values is too large");
        float[] v = new float[(int) n];
        String layout = text(fields, "layout");
        ByteBuffer buf = ByteBuffer.wrap(data, from, to - from).order(ByteOrder.LITTLE_ENDIAN);
        if (layout.equals("raw")) {
            if (to - from != 4 * n) throw new IllegalStateException("a raw float32 tensor of " + n + " values needs " + 4 * n + " bytes, has " + (to - from));
            buf.asFloatBuffer().get(v);
            return v;
        }
        boolean sparse = switch (layout) {
            case "dense" -> false;
            case "sparse" -> true;
            default -> throw new IllegalStateException("unknown layout \"" + layout + "\"");
        };
        TensorCodec.Values values = switch (text(fields, "values")) {
            case "float32" -> TensorCodec.Values.FLOAT32;
            case "codebook" -> TensorCodec.Values.CODEBOOK;
            case "linear" -> TensorCodec.Values.LINEAR;
            default -> throw new IllegalStateException("unknown values \"" + fields.get("values") + "\"");
        };
        int linearBits = values == TensorCodec.Values.LINEAR ? number(fields, "bits", 2, 8) : 0;
        int tableSize = values == TensorCodec.Values.CODEBOOK ? number(fields, "codebook", 1, 256) : values == TensorCodec.Values.LINEAR ? number(fields, "channels", 1, Integer.MAX_VALUE) : 0;
        if (values == TensorCodec.Values.LINEAR && tableSize != Weights.channels(shape)) throw new IllegalStateException("linear values need one scale per channel");
        float[] table = new float[tableSize];
        int at = from + 4 * tableSize;
        if (at > to) throw new IllegalStateException("the tensor's bytes end inside its table");
        buf.asFloatBuffer().get(table);
        TensorCodec.Plan p = new TensorCodec.Plan(sparse, values, table, linearBits, sparse ? number(fields, "gap_bits", 1, 8) : 0, text(fields, "coding").equals("huffman"), 0);
        if (!p.huffman() && !text(fields, "coding").equals("fixed")) throw new IllegalStateException("unknown coding \"" + fields.get("coding") + "\"");
        int alphabet = TensorCodec.symbols(p);
        Huffman valueCode = null, gapCode = null;
        if (p.huffman() && values != TensorCodec.Values.FLOAT32) { valueCode = Huffman.fromLengths(lengths(data, at, alphabet, to)); at += alphabet; }
        if (p.huffman() && sparse) { gapCode = Huffman.fromLengths(lengths(data, at, 1 << p.gapBits(), to)); at += 1 << p.gapBits(); }
        Bits.Reader r = new Bits.Reader(data, at, to);
        long count = sparse ? number(fields, "count", 0, Integer.MAX_VALUE) : n;
        int escape = (1 << p.gapBits()) - 1;
        long pos = -1;
        for (long k = 0; k < count; k++) {
            if (sparse) {
                long skip = 0;
                int gap;
                while ((gap = gapCode != null ? gapCode.read(r) : (int) r.read(p.gapBits())) == escape) skip += escape;
                pos += skip + gap + 1;
            } else pos++;
            if (pos >= n) throw new IllegalStateException("a value lies beyond the tensor's " + n + " elements");
            int sym = values == TensorCodec.Values.FLOAT32 ? 0 : valueCode != null ? valueCode.read(r) : (int) r.read(TensorCodec.fixedBits(alphabet));
            if (values != TensorCodec.Values.FLOAT32 && sym >= alphabet) throw new IllegalStateException("symbol " + sym + " of " + alphabet);
            v[(int) pos] = switch (values) {
                case FLOAT32 -> Float.intBitsToFloat((int) r.read(32));
                case CODEBOOK -> table[sym];
                case LINEAR -> table[Weights.channelOf(pos, shape)] * (float) (sym - Quantization.maxCode(linearBits));
            };
        }
        return v;
    }

    private static int[] lengths(byte[] data, int at, int count, int to) {
        if (at + count > to) throw new IllegalStateException("the tensor's bytes end inside its Huffman table");
        int[] l = new int[count];
        for (int i = 0; i < count; i++) l[i] = data[at + i] & 0xff;
        return l;
    }

    private static String text(Map<String, Object> f, String key) {
        if (!(f.get(key) instanceof String s)) throw new IllegalStateException("the tensor entry has no \"" + key + "\"");
        return s;
    }

    private static int number(Map<String, Object> f, String key, int min, int max) {
        if (!(f.get(key) instanceof Number x) || x.longValue() != x.doubleValue() || x.longValue() < min || x.longValue() > max)
            throw new IllegalStateException("the tensor entry's \"" + key + "\" is " + f.get(key) + ", expected a whole number from " + min + " to " + max);
        return x.intValue();
    }
}
