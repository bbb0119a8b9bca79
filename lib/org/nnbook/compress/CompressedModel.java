package org.nnbook.compress;

import org.nnbook.core.Model;
import org.nnbook.io.Json;
import org.nnbook.io.ModelFileException;
import org.nnbook.io.ModelIO;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A model saved small: the file format of Deep Compression's stages (Han, Mao and Dally, 2016). Each
 * float32 tensor is stored in the smallest of a few encodings that gives back <b>exactly</b> its
 * values, so a loaded model computes exactly what the saved one did:
 * <ul>
 *   <li><b>raw</b>: 4 bytes per value (biases, a dense unquantised layer);</li>
 *   <li><b>sparse</b> (pruned weights): only the non-zero values, each after the number of zeros
 *       before it (its <i>gap</i>), in {@code gap_bits} bits; a gap too large for them is written as
 *       the largest gap symbol, 2^gap_bits − 1, which means "skip that many zeros, no value yet"
 *       (the paper's filler zeros); or <b>dense</b>: every value;</li>
 *   <li>values as <b>float32</b> bits, as indices into a <b>codebook</b> of at most 256 shared
 *       values (k-means weight sharing, {@link SharedWeights}), or as <b>linear</b> codes q of
 *       {@code bits} bits with one scale per output channel, value = s_c·q (int8 and int4 weights,
 *       {@link Quantization});</li>
 *   <li>the symbols (gaps, codebook indices, codes) in fixed width, or <b>Huffman</b>-coded
 *       ({@link Huffman}), each table stored as one code length per symbol.</li>
 * </ul>
 * The architecture is {@link ModelIO}'s: the file keeps ModelIO's description of the model, and
 * loading rebuilds the tensors and hands them to ModelIO, so every model that ModelIO saves can be
 * compressed.
 *
 * <pre>{@code
 * CompressedModel.Report r = CompressedModel.save(net, Path.of("lenet-300-100.nnbz"));
 * System.out.println(r);                               // bytes and encoding per tensor
 * Model back = CompressedModel.load(Path.of("lenet-300-100.nnbz"));
 * }</pre>
 *
 * <h2>The format, version 1</h2>
 * All integers little-endian, as in ModelIO's format:
 * <pre>
 * offset      size  content
 * 0           8     magic: the ASCII bytes "NNBCOMPR"
 * 8           4     format version, uint32: 1
 * 12          4     H, the (compressed) header's length in bytes, uint32
 * 16          8     P, the payload's length in bytes, uint64
 * 24          H     header: JSON text, UTF-8, compressed with zlib (RFC 1950: java.util.zip.Deflater, Python's zlib)
 * 24+H        P     payload: each tensor's bytes at the offset the header gives (from the payload's start)
 * 24+H+P      4     CRC-32 (zlib.crc32, java.util.zip.CRC32) of bytes [0, 24+H+P), uint32
 * </pre>
 * The header is {@code {"model": ..., "tensors": [...]}}: {@code "model"} exactly as in a ModelIO
 * file; each tensor entry has ModelIO's {@code name}, {@code kind}, {@code dtype}, {@code shape},
 * {@code trainable}, {@code regularized} (or {@code same_as} and nothing else), plus {@code offset},
 * {@code bytes} and {@code layout}:
 * <ul>
 *   <li>{@code "raw"}: the values, float32 or float64 little-endian, row-major;</li>
 *   <li>{@code "dense"} or {@code "sparse"}, with {@code values} ("float32", "codebook" with
 *       {@code codebook}: its size k, or "linear" with {@code bits} b and {@code channels} C),
 *       {@code coding} ("fixed" or "huffman") and, if sparse, {@code gap_bits} g and {@code count},
 *       the number of stored values. The bytes are: the table (k codebook values, or C scales,
 *       float32); if Huffman, the code lengths of the value symbols (k, or 2^b − 1 bytes; none for
 *       float32 values) then of the gap symbols (2^g bytes; sparse only); then one bit stream, most
 *       significant bit first, of: for each stored value in row-major order, [its gap symbols]
 *       then its value symbol. A fixed-width symbol takes ⌈log2(alphabet)⌉ bits (g for gaps, 32 for
 *       float32 values); a Huffman code is canonical (codes of one length consecutive, in symbol
 *       order). A linear symbol is q + 2^(b−1) − 1; the value is the float32 product s_c·q, c the
 *       element's output channel (the last axis of a matrix, the first of a larger array). Values
 *       not stored are +0.</li>
 * </ul>
 * A tensor's size is the smallest over these choices; the writer decodes every tensor again and
 * checks it against the model before writing. Errors — a missing, foreign, truncated or corrupt
 * file, a newer version — are {@link ModelFileException}s naming the file and what was expected.
 */
public final class CompressedModel {
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "NNBCOMPR".getBytes(StandardCharsets.US_ASCII), MODEL_MAGIC = "NNBMODEL".getBytes(StandardCharsets.US_ASCII);
    private static final int START = 24;

    /** Symbols in fixed width, or Huffman-coded where that is smaller (the default). */
    public enum Coding { FIXED, HUFFMAN }

    /** One tensor as saved: its name, shape, how many of its values are not zero, its encoding and its bytes in the payload. */
    public record TensorRow(String name, List<Long> shape, long values, long nonZero, String encoding, long bytes) {}

    /** What {@link #save} wrote: the file, its size in bytes, and one row per tensor. */
    public record Report(Path file, long bytes, List<TensorRow> tensors) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("%-14s %-12s %9s %9s %9s  %s%n", "tensor", "shape", "values", "non-zero", "bytes", "encoding"));
            for (TensorRow t : tensors)
                sb.append(String.format("%-14s %-12s %,9d %,9d %,9d  %s%n", t.name, t.shape.toString().replace(" ", ""), t.values, t.nonZero, t.bytes, t.encoding));
            return sb.append(String.format("%s: %,d bytes", file.getFileName(), bytes)).toString();
        }
    }

    private CompressedModel() {}

    /** Saves {@code model} to {@code file} (replacing it), Huffman-coding where that is smaller. */
    public static Report save(Model model, Path file) { return save(model, file, Coding.HUFFMAN); }

    /** Saves {@code model} to {@code file} with symbols of fixed width or Huffman codes. */
    public static Report save(Model model, Path file, Coding coding) {
        if (model == null || file == null) throw new IllegalArgumentException("CompressedModel.save needs a model and a file, e.g. Path.of(\"model.nnbz\").");
        ActivationQuantizer.register();
        byte[] plain = modelIOBytes(model);
        ByteBuffer in = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        int h = in.getInt(12);
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(plain, START, h, StandardCharsets.UTF_8));
        List<Object> entries = new ArrayList<>();
        List<byte[]> payload = new ArrayList<>();
        List<TensorRow> rows = new ArrayList<>();
        long offset = 0;
        for (Object o : (List<?>) header.get("tensors")) {
            @SuppressWarnings("unchecked") Map<String, Object> t = new LinkedHashMap<>((Map<String, Object>) o);
            if (t.containsKey("same_as")) { entries.add(t); continue; }
            long[] shape = ((List<?>) t.get("shape")).stream().mapToLong(x -> (Long) x).toArray();
            int from = START + h + ((Long) t.remove("offset")).intValue(), bytes = ((Long) t.remove("bytes")).intValue();
            byte[] data;
            long nonZero = 0, count = 1;
            for (long d : shape) count *= d;
            if (t.get("dtype").equals("float32")) {
                float[] v = new float[(int) count];
                ByteBuffer.wrap(plain, from, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                for (float x : v) if (x != 0) nonZero++;
                TensorCodec.Encoded e = TensorCodec.encode(v, shape, coding == Coding.HUFFMAN);
                t.putAll(e.fields());
                data = e.payload();
            } else {                                  // float64: as it is
                data = java.util.Arrays.copyOfRange(plain, from, from + bytes);
                t.put("layout", "raw");
                nonZero = -1;
            }
            t.put("offset", offset);
            t.put("bytes", (long) data.length);
            offset += data.length;
            entries.add(t);
            payload.add(data);
            rows.add(new TensorRow((String) t.get("name"), java.util.Arrays.stream(shape).boxed().toList(), count, nonZero, describe(t), data.length));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", header.get("model"));
        out.put("tensors", entries);
        byte[] bytes = assemble(MAGIC, deflate(Json.write(out).getBytes(StandardCharsets.UTF_8)), payload);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new ModelFileException(file, "could not be written: " + e, e);
        }
        return new Report(file, bytes.length, rows);
    }

    /** Loads a model saved by {@link #save}: a new model whose outputs are exactly those of the saved one. */
    public static Model load(Path file) {
        if (file == null) throw new IllegalArgumentException("CompressedModel.load needs a file, e.g. Path.of(\"model.nnbz\").");
        if (!Files.isRegularFile(file))
            throw new ModelFileException(file, "no such file (working directory " + Path.of("").toAbsolutePath() + "). Save a model there first"
                    + " with CompressedModel.save(model, path), or check the path.");
        ActivationQuantizer.register();
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFileException(file, "could not be read: " + e, e);
        }
        return new CompressedReader(file, data).read();
    }

    /** As {@link #load(Path)}, checking that the model is a {@code type}, e.g. {@code Sequential.class}. */
    public static <M extends Model> M load(Path file, Class<M> type) {
        Model m = load(file);
        if (!type.isInstance(m)) throw new ModelFileException(file, "holds a " + m.getClass().getSimpleName() + ", not a " + type.getSimpleName() + ".");
        return type.cast(m);
    }

    /** The file's bytes: magic, version, lengths, header, payload, CRC-32 (the layout of both formats). */
    static byte[] assemble(byte[] magic, byte[] json, List<byte[]> payload) {
        long p = payload.stream().mapToLong(b -> b.length).sum();
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(START + json.length + p + 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic).putInt(magic == MAGIC ? VERSION : ModelIO.VERSION).putInt(json.length).putLong(p).put(json);
        for (byte[] x : payload) b.put(x);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The header's JSON bytes compressed with zlib (it repeats the same keys for every tensor: about 5x smaller). */
    static byte[] deflate(byte[] json) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        d.setInput(json);
        d.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /** The JSON bytes of a header compressed by {@link #deflate}; IllegalArgumentException if they are not zlib data. */
    static byte[] inflate(byte[] data, int from, int length) {
        java.util.zip.Inflater i = new java.util.zip.Inflater();
        i.setInput(data, from, length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) throw new IllegalArgumentException("not complete zlib data");
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not zlib data (" + e.getMessage() + ")");
        } finally {
            i.end();
        }
        return out.toByteArray();
    }

    static byte[] magic() { return MAGIC; }

    static byte[] modelMagic() { return MODEL_MAGIC; }

    /** The model as ModelIO writes it. */
    private static byte[] modelIOBytes(Model model) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("nnbook-compress-", ".nnb");
            ModelIO.save(model, tmp);
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new IllegalStateException("CompressedModel: could not write a temporary file: " + e, e);
        } finally {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // harmless
            }
        }
    }

    /** E.g. "sparse, codebook of 32, gaps of 4 bits, huffman". */
    private static String describe(Map<String, Object> t) {
        String layout = (String) t.get("layout");
        if (layout.equals("raw")) return "raw " + t.get("dtype");
        String values = switch ((String) t.get("values")) {
            case "codebook" -> "codebook of " + t.get("codebook");
            case "linear" -> t.get("bits") + "-bit codes, a scale per channel";
            default -> "float32 values";
        };
        return layout + ", " + values + (layout.equals("sparse") ? ", gaps of " + t.get("gap_bits") + " bits" : "") + ", " + t.get("coding");
    }
}
