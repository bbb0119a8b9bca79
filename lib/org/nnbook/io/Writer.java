package org.nnbook.io;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Writes one model file (the format is in {@link ModelIO}): describes the architecture, lists each
 * parameter once, checks every tensor, and only then writes, through a temporary file, so that a
 * failure leaves an existing file as it was.
 */
final class Writer {
    /** A tensor entry: its name, kind, values and parameter (null for state); or {@code sameAs}, the name it was saved under first. */
    private record Tensor(String name, String kind, INDArray array, Parameter parameter, String sameAs) {}

    private final Path file;
    private final List<Tensor> tensors = new ArrayList<>();
    private final Map<Model, String> described = new IdentityHashMap<>();    // each model described so far -> its path
    private final Map<Parameter, String> saved = new IdentityHashMap<>();    // each parameter saved so far -> its tensor's name

    Writer(Path file) { this.file = file; }

    /** Writes {@code model}, replacing the file. */
    void write(Model model) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("model", describe(model, ""));
        List<Object> entries = new ArrayList<>();
        long offset = 0;
        for (Tensor t : tensors) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name);
            e.put("kind", t.kind);
            entries.add(e);
            if (t.sameAs != null) {               // a shared parameter: its values are in the payload once, under its first name
                e.put("same_as", t.sameAs);
                continue;
            }
            long bytes = t.array.length() * t.array.dataType().width();
            e.put("dtype", dtypeOf(t));
            e.put("shape", Arrays.stream(t.array.shape()).boxed().toList());
            e.put("offset", offset);
            e.put("bytes", bytes);
            if (t.parameter != null) {
                e.put("trainable", t.parameter.isTrainable());
                e.put("regularized", t.parameter.isRegularized());
                if (t.parameter.lrMultiplier() != 1) e.put("lr_multiplier", t.parameter.lrMultiplier());
            }
            offset += bytes;
        }
        header.put("tensors", entries);
        List<byte[]> payload = new ArrayList<>();
        for (Tensor t : tensors) if (t.sameAs == null) payload.add(finiteBytes(t));    // all checked before the file is touched
        writeFile(Json.write(header).getBytes(StandardCharsets.UTF_8), offset, payload);
    }

    /** The architecture of {@code model} at {@code path} ("" for the whole model); adds its tensors. */
    private Map<String, Object> describe(Model model, String path) {
        String first = described.get(model);
        if (first != null) return new LinkedHashMap<>(Map.of("ref", first));     // already in the file: refer to it
        Map<String, Object> spec = new LinkedHashMap<>();
        if (model instanceof Sequential seq) {
            spec.put("type", "Sequential");
            List<Object> layers = new ArrayList<>();
            for (int i = 0; i < seq.size(); i++) layers.add(describe(seq.get(i), ModelIO.child(path, "" + i)));
            spec.put("layers", layers);
            described.put(model, path);
            return spec;
        }
        ModelCodec<?> codec = ModelIO.codecFor(model);
        if (codec == null)
            throw new ModelFileException(file, "cannot save " + ModelIO.where(path) + ", " + model + ": ModelIO has no codec for "
                    + model.getClass().getName() + ". Register one first: ModelIO.register(ModelCodec.of(\"MyLayer\", MyLayer.class, ...)); "
                    + "known types: " + ModelIO.knownTypes() + ".");
        spec.put("type", codec.type());
        Set<Parameter> inner = Collections.newSetFromMap(new IdentityHashMap<>());   // the parameters of parts described inside this model
        codec.settingsOf(model).forEach((k, v) -> {
            if (k.equals("type") || k.equals("layers") || k.equals("ref"))
                throw new IllegalArgumentException("ModelCodec " + codec.type() + ": a setting may not be called '" + k + "'.");
            if (v instanceof Model part) {
                if (!described.containsKey(part)) inner.addAll(part.parameters());
                spec.put(k, describe(part, ModelIO.child(path, k)));
            } else spec.put(k, v);
        });
        String prefix = ModelIO.child(path, "");
        Set<String> names = new TreeSet<>();
        for (Parameter p : model.parameters()) {
            if (inner.contains(p)) continue;
            if (!names.add(p.name()))
                throw new ModelFileException(file, "cannot save " + ModelIO.where(path) + ", " + model + ": two parameters are named '" + p.name() + "'.");
            String name = prefix + p.name(), savedAs = saved.get(p);
            if (savedAs == null) saved.put(p, name);
            tensors.add(new Tensor(name, "parameter", p.value(), p, savedAs));
        }
        codec.stateOf(model).forEach((name, array) -> {
            if (!names.add(name))
                throw new ModelFileException(file, "cannot save " + ModelIO.where(path) + ": its state '" + name + "' has a parameter's name.");
            tensors.add(new Tensor(prefix + name, "state", array, null, null));
        });
        described.put(model, path);
        return spec;
    }

    private String dtypeOf(Tensor t) {
        String dtype = ModelIO.dtypeName(t.array.dataType());
        if (dtype == null)
            throw new ModelFileException(file, "cannot save tensor '" + t.name + "' of type " + t.array.dataType()
                    + ": the format holds float32 and float64. Convert the model first: model.castTo(DataType.FLOAT).");
        return dtype;
    }

    /** The values of {@code t} as little-endian bytes, row-major; refused when any is NaN or infinite. */
    private byte[] finiteBytes(Tensor t) {
        INDArray a = t.array;
        long bytes = a.length() * a.dataType().width();
        if (bytes > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("A tensor of " + bytes + " bytes is too large for ModelIO (2 GB at most).");
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        INDArray c = a.dup('c');   // contiguous, row-major, its own buffer
        long nan = 0, inf = 0;
        if (a.dataType() == DataType.DOUBLE) {
            double[] v = c.data().asDouble();
            for (int i = 0; i < a.length(); i++) if (Double.isNaN(v[i])) nan++; else if (Double.isInfinite(v[i])) inf++;
            buf.asDoubleBuffer().put(v, 0, (int) a.length());
        } else {
            float[] v = c.data().asFloat();
            for (int i = 0; i < a.length(); i++) if (Float.isNaN(v[i])) nan++; else if (Float.isInfinite(v[i])) inf++;
            buf.asFloatBuffer().put(v, 0, (int) a.length());
        }
        if (nan + inf > 0) {
            String bad = nan == 0 ? inf + " infinite" : inf == 0 ? nan + " NaN" : nan + " NaN and " + inf + " infinite";
            throw new ModelFileException(file, String.format("cannot be saved: %s '%s' %s holds %s value%s out of %,d, so the model"
                            + " computes nothing useful: its training diverged. Train it again with a lower learning rate (or with"
                            + " gradient clipping), or load a model saved before it diverged. Nothing was written%s.",
                    t.kind, t.name, Arrays.toString(a.shape()), bad, nan + inf == 1 ? "" : "s", a.length(),
                    Files.exists(file) ? "; the existing file is unchanged" : ""));
        }
        return buf.array();
    }

    private void writeFile(byte[] json, long payloadLength, List<byte[]> payload) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".part");
            try {
                try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                     CheckedOutputStream out = new CheckedOutputStream(raw, new CRC32())) {
                    out.write(ByteBuffer.allocate(ModelIO.START).order(ByteOrder.LITTLE_ENDIAN)
                            .put(ModelIO.MAGIC).putInt(ModelIO.VERSION).putInt(json.length).putLong(payloadLength).array());
                    out.write(json);
                    for (byte[] b : payload) out.write(b);
                    out.flush();
                    raw.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) out.getChecksum().getValue()).array());
                }
                // a crash while writing leaves the old file, never half a new one
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ModelFileException(file, "could not be written: " + e, e);
        }
    }
}
