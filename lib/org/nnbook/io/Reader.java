package org.nnbook.io;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads one model file's bytes, checking each part of the format (see {@link ModelIO}) before
 * trusting it; the {@link Builder} then rebuilds the model from the header, taking each tensor's
 * values from here.
 */
final class Reader {
    /** A tensor entry of the header; {@code sameAs} (then no values) names the entry of a parameter saved earlier. */
    record Entry(String name, String kind, DataType dtype, long[] shape, int offset, int bytes, Boolean trainable, Boolean regularized,
                 Double lrMultiplier, String sameAs) {}

    private final Path file;
    private final byte[] data;
    private final ByteBuffer buf;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private int payloadStart;

    Reader(Path file, byte[] data) {
        this.file = file;
        this.data = data;
        this.buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    Model read() {
        Map<String, Object> header = header();
        Object model = header.get("model"), tensors = header.get("tensors");
        if (!(model instanceof Map) || !(tensors instanceof List<?> list))
            throw corrupt("the header lacks its \"model\" object or its \"tensors\" list");
        for (Object t : list) {
            Entry e = entry(t);
            Entry first = e.sameAs == null ? null : entries.get(e.sameAs);
            if (e.sameAs != null && (first == null || first.sameAs != null || !first.kind.equals("parameter")))
                throw corrupt("tensor '" + e.name + "' is the same as '" + e.sameAs + "', which is no parameter saved before it");
            if (entries.put(e.name, e) != null) throw corrupt("tensor '" + e.name + "' appears twice");
        }
        Model result;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {   // the model outlives any step
            result = new Builder(this).build(map(model, "the model"), "");
        }
        if (!entries.isEmpty())
            throw corrupt("tensors " + entries.keySet() + " belong to no layer of the described architecture");
        return result;
    }

    /** Checks magic, version, lengths and checksum; returns the parsed header. */
    private Map<String, Object> header() {
        int m = Math.min(ModelIO.MAGIC.length, data.length);
        if (!Arrays.equals(data, 0, m, ModelIO.MAGIC, 0, m) || data.length == 0)
            throw new ModelFileException(file, "is not an nnbook model file: it starts with " + preview()
                    + " but a model file starts with \"NNBMODEL\". Load only files written by ModelIO.save.");
        if (data.length < ModelIO.START + 4)
            throw truncated(ModelIO.START + 4);
        int version = buf.getInt(8);
        if (version > ModelIO.VERSION)
            throw new ModelFileException(file, "has model format version " + Integer.toUnsignedString(version) + ", newer than this nnbook reads (version "
                    + ModelIO.VERSION + "). Update nnbook (git pull, then binder/course setup), or save the model again with this version.");
        if (version < 1) throw corrupt("its format version is " + version + "; versions start at 1");
        long headerLen = Integer.toUnsignedLong(buf.getInt(12)), payloadLen = buf.getLong(16);
        if (payloadLen < 0) throw corrupt("its payload length is negative");
        long expected = ModelIO.START + headerLen + payloadLen + 4;
        if (data.length < expected) throw truncated(expected);
        if (data.length > expected)
            throw corrupt((data.length - expected) + " bytes follow the checksum (expected " + expected + " bytes in all)");
        CRC32 crc = new CRC32();
        crc.update(data, 0, (int) expected - 4);
        long stored = Integer.toUnsignedLong(buf.getInt((int) expected - 4));
        if (crc.getValue() != stored)
            throw new ModelFileException(file, String.format("failed its checksum: it records CRC-32 %08x but its contents give %08x, "
                    + "so it changed after it was saved (disk or transfer error, or an edit). Save the model again.", stored, crc.getValue()));
        payloadStart = (int) (ModelIO.START + headerLen);
        try {
            return map(Json.parse(new String(data, ModelIO.START, (int) headerLen, StandardCharsets.UTF_8)), "the header");
        } catch (IllegalArgumentException e) {
            throw corrupt("its header is not valid JSON (" + e.getMessage() + ")");
        }
    }

    private Entry entry(Object o) {
        Map<String, Object> t = map(o, "a tensor entry");
        String name = string(t, "name");
        String kind = string(t, "kind");
        if (!kind.equals("parameter") && !kind.equals("state")) throw corrupt("tensor '" + name + "' has kind '" + kind + "'");
        if (t.containsKey("same_as")) {
            if (!kind.equals("parameter") || !(t.get("same_as") instanceof String first))
                throw corrupt("tensor '" + name + "' has a \"same_as\" but is not a parameter entry naming another tensor");
            return new Entry(name, kind, null, null, 0, 0, null, null, null, first);
        }
        String dtypeName = string(t, "dtype");
        DataType dtype = switch (dtypeName) {
            case "float32" -> DataType.FLOAT;
            case "float64" -> DataType.DOUBLE;
            default -> throw corrupt("tensor '" + name + "' has dtype '" + dtypeName + "'; this version knows float32 and float64");
        };
        if (!(t.get("shape") instanceof List<?> dims)) throw corrupt("tensor '" + name + "' has no shape list");
        long[] shape = new long[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0) throw corrupt("tensor '" + name + "' has shape " + dims);
            shape[i] = d;
            count = Math.multiplyExact(count, d);
        }
        long offset = number(t, "offset", name), bytes = number(t, "bytes", name);
        if (bytes != count * dtype.width())
            throw corrupt("tensor '" + name + "' has " + bytes + " bytes, but shape " + dims + " of " + dtypeName + " needs " + count * dtype.width());
        if (offset < 0 || offset + bytes > data.length - 4 - payloadStart)
            throw corrupt("tensor '" + name + "' lies outside the payload");
        Boolean trainable = t.get("trainable") instanceof Boolean b ? b : null;
        Boolean regularized = t.get("regularized") instanceof Boolean b ? b : null;
        Double lrMultiplier = t.get("lr_multiplier") instanceof Number m ? m.doubleValue() : null;
        if (lrMultiplier != null && !(lrMultiplier >= 0 && lrMultiplier < Double.POSITIVE_INFINITY))
            throw corrupt("tensor '" + name + "' has lr_multiplier " + lrMultiplier + "; it must be a finite number >= 0");
        return new Entry(name, kind, dtype, shape, (int) offset, (int) bytes, trainable, regularized, lrMultiplier, null);
    }

    /** The entry {@code name}, or null; it stays to be taken. */
    Entry peek(String name) { return entries.get(name); }

    /** Removes and returns the entry {@code name}, which {@code owner} needs as a {@code kind}. */
    Entry take(String name, String owner, String kind) {
        Entry e = entries.remove(name);
        if (e == null) throw corrupt("it has no tensor '" + name + "', the " + kind + " of " + owner);
        if (!e.kind.equals(kind)) throw corrupt("tensor '" + name + "' is a " + e.kind + ", but " + owner + " needs a " + kind);
        return e;
    }

    /** The saved values of {@code e} as a new array, after checking its shape against the layer's. */
    INDArray values(Entry e, long[] shape, String owner) {
        if (!Arrays.equals(e.shape, shape))
            throw corrupt("tensor '" + e.name + "' has shape " + Arrays.toString(e.shape) + " but " + owner + " needs " + Arrays.toString(shape));
        ByteBuffer b = ByteBuffer.wrap(data, payloadStart + e.offset, e.bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (e.dtype == DataType.DOUBLE) {
            double[] v = new double[e.bytes / 8];
            b.asDoubleBuffer().get(v);
            return Nd4j.create(v, shape, 'c');
        }
        float[] v = new float[e.bytes / 4];
        b.asFloatBuffer().get(v);
        return Nd4j.create(v, shape, 'c');
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw corrupt(what + " is not a JSON object");
    }

    private String string(Map<String, Object> t, String key) {
        if (t.get(key) instanceof String s) return s;
        throw corrupt("a tensor entry has no \"" + key + "\" string");
    }

    private long number(Map<String, Object> t, String key, String name) {
        if (t.get(key) instanceof Long l) return l;
        throw corrupt("tensor '" + name + "' has no integer \"" + key + "\"");
    }

    private String preview() {
        byte[] head = Arrays.copyOf(data, Math.min(8, data.length));
        if (head.length == 0) return "nothing (it is empty)";
        StringBuilder ascii = new StringBuilder();
        for (byte c : head) ascii.append(c >= 32 && c < 127 ? (char) c : '.');
        return "\"" + ascii + "\" (hex " + HexFormat.of().formatHex(head) + ")";
    }

    private ModelFileException truncated(long expected) {
        return new ModelFileException(file, "is truncated: it has " + data.length + " bytes but a complete file has " + expected
                + ". It was probably copied, downloaded or written only in part; save the model again.");
    }

    /** A problem with the file's contents that ModelIO.save never makes. */
    ModelFileException corrupt(String what) {
        return new ModelFileException(file, "is not a valid nnbook model file: " + what + ". Save the model again with ModelIO.save.");
    }

    /** A problem that the message explains in full. */
    ModelFileException error(String what) { return error(what, null); }

    ModelFileException error(String what, Throwable cause) { return new ModelFileException(file, what, cause); }
}
