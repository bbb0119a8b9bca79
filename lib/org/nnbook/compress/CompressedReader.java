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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads a {@link CompressedModel} file: checks magic, version, lengths and checksum before trusting
 * anything, decodes every tensor, and hands the model in ModelIO's format to {@link ModelIO}.
 */
final class CompressedReader {
    private final Path file;
    private final byte[] data;

    CompressedReader(Path file, byte[] data) {
        this.file = file;
        this.data = data;
    }

    Model read() {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = CompressedModel.magic();
        if (data.length >= 8 && Arrays.equals(data, 0, 8, CompressedModel.modelMagic(), 0, 8))
            throw new ModelFileException(file, "is an uncompressed nnbook model (it starts with \"NNBMODEL\"): load it with ModelIO.load.");
        if (data.length < 8 || !Arrays.equals(data, 0, 8, magic, 0, 8))
            throw new ModelFileException(file, "is not a compressed nnbook model: it starts with " + preview() + " but a compressed model starts"
                    + " with \"NNBCOMPR\". Load only files written by CompressedModel.save.");
        if (data.length < 28) throw truncated(28);
        int version = buf.getInt(8);
        if (version != CompressedModel.VERSION)
            throw new ModelFileException(file, version > CompressedModel.VERSION
                    ? "has compressed format version " + Integer.toUnsignedString(version) + ", newer than this nnbook reads (version "
                    + CompressedModel.VERSION + "). Update nnbook, or save the model again with this version."
                    : "has compressed format version " + version + ", which does not exist: the file is corrupt.");
        long h = Integer.toUnsignedLong(buf.getInt(12)), p = buf.getLong(16);
        if (p < 0 || h > Integer.MAX_VALUE || p > Integer.MAX_VALUE) throw corrupt("its header or payload length is impossible (" + h + ", " + p + ")");
        long expected = 24 + h + p + 4;
        if (data.length < expected) throw truncated(expected);
        if (data.length > expected)
            throw corrupt(String.format("it has %,d bytes after its checksum (the lengths in its first 24 bytes say %,d in all)", data.length - expected, expected));
        CRC32 crc = new CRC32();
        crc.update(data, 0, (int) (expected - 4));
        if ((int) crc.getValue() != buf.getInt((int) (expected - 4)))
            throw corrupt("its checksum does not match its contents: some bytes were changed after it was written");
        Map<String, Object> header;
        byte[] json;
        try {
            json = CompressedModel.inflate(data, 24, (int) h);
        } catch (IllegalArgumentException e) {
            throw corrupt("its header is " + e.getMessage());
        }
        try {
            header = map(Json.parse(new String(json, StandardCharsets.UTF_8)), "the header");
        } catch (IllegalArgumentException e) {
            throw corrupt("its header is not JSON (" + e.getMessage() + ")");
        }
        if (!(header.get("model") instanceof Map) || !(header.get("tensors") instanceof List<?> tensors))
            throw corrupt("the header lacks its \"model\" object or its \"tensors\" list");
        int payloadStart = (int) (24 + h);
        List<Object> entries = new ArrayList<>();
        List<byte[]> payload = new ArrayList<>();
        long offset = 0;
        for (Object o : tensors) {
            Map<String, Object> t = new LinkedHashMap<>(map(o, "a tensor entry"));
            String name = String.valueOf(t.get("name"));
            if (t.containsKey("same_as")) { entries.add(t); continue; }
            try {
                long[] shape = ((List<?>) t.get("shape")).stream().mapToLong(x -> (Long) x).toArray();
                long at = (Long) t.remove("offset"), bytes = (Long) t.remove("bytes");
                if (at < 0 || bytes < 0 || at + bytes > p) throw new IllegalStateException("its bytes lie outside the payload");
                int from = payloadStart + (int) at, to = from + (int) bytes;
                String layout = String.valueOf(t.get("layout"));
                byte[] values;
                if (layout.equals("raw") && "float64".equals(t.get("dtype"))) values = Arrays.copyOfRange(data, from, to);
                else {
                    if (!"float32".equals(t.get("dtype"))) throw new IllegalStateException("dtype " + t.get("dtype") + " is not float32 or float64");
                    float[] v = TensorDecoding.decode(t, data, from, to, shape);
                    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(v);
                    values = b.array();
                }
                for (String k : List.of("layout", "values", "codebook", "bits", "channels", "gap_bits", "count", "coding")) t.remove(k);
                t.put("offset", offset);
                t.put("bytes", (long) values.length);
                offset += values.length;
                entries.add(t);
                payload.add(values);
            } catch (RuntimeException e) {
                throw corrupt("tensor '" + name + "' cannot be decoded: " + e.getMessage());
            }
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("model", header.get("model"));
        plain.put("tensors", entries);
        return loadThroughModelIO(CompressedModel.assemble(CompressedModel.modelMagic(), Json.write(plain).getBytes(StandardCharsets.UTF_8), payload));
    }

    private Model loadThroughModelIO(byte[] modelFile) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("nnbook-decompressed-", ".nnb");
            Files.write(tmp, modelFile);
            return ModelIO.load(tmp);
        } catch (ModelFileException e) {
            String why = e.getMessage().startsWith(e.file() + ": ") ? e.getMessage().substring(e.file().toString().length() + 2) : e.getMessage();
            throw new ModelFileException(file, "holds a model that ModelIO cannot rebuild: it " + why, e);
        } catch (IOException e) {
            throw new ModelFileException(file, "could not be decompressed into a temporary file: " + e, e);
        } finally {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // harmless
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) throw corrupt(what + " is not a JSON object");
        return (Map<String, Object>) o;
    }

    private String preview() {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(8, data.length); i++) sb.append(data[i] >= 32 && data[i] < 127 ? (char) data[i] : '.');
        return data.length == 0 ? "nothing (the file is empty)" : sb.append('"').toString();
    }

    private ModelFileException truncated(long expected) {
        return new ModelFileException(file, String.format("is truncated: it has %,d bytes, but its start says it has %,d. It was probably not"
                + " written or copied completely; save the model again.", data.length, expected));
    }

    private ModelFileException corrupt(String why) {
        return new ModelFileException(file, "is corrupt: " + why + ". Save the model again, or use an intact copy.");
    }
}
