package org.nnbook.io;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Layer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Saves a trained model — architecture and weights — to one file, and loads it back as a new model
 * whose outputs are bit-for-bit the same. No Java serialisation: the file is a documented format
 * that any language can read.
 *
 * <pre>{@code
 * ModelIO.save(net, Path.of("mnist-mlp.nnb"));
 * Sequential again = ModelIO.load(Path.of("mnist-mlp.nnb"), Sequential.class);
 * }</pre>
 *
 * <h2>The format, version 1</h2>
 * All integers are little-endian.
 * <pre>
 * offset      size  content
 * 0           8     magic: the ASCII bytes "NNBMODEL"
 * 8           4     format version, uint32: 1
 * 12          4     H, the length of the header in bytes, uint32
 * 16          8     P, the length of the payload in bytes, uint64
 * 24          H     header: JSON text, UTF-8
 * 24+H        P     payload: the tensors' values, raw little-endian, row-major (C order), at the
 *                   offsets the header gives (counted from the payload's start)
 * 24+H+P      4     CRC-32 (as zlib.crc32 and java.util.zip.CRC32) of bytes [0, 24+H+P), uint32
 * </pre>
 * The header is an object with two members:
 * <ul>
 *   <li>{@code "model"}: the architecture, {@code {"type": "Sequential", "layers": [...]}} with one
 *       object per layer: its {@code "type"} and its constructor settings, e.g.
 *       {@code {"type": "Dense", "inFeatures": 784, "outFeatures": 64}}, {@code {"type": "ReLU"}},
 *       {@code {"type": "Conv2D", ..., "padding": "SAME"}}. A Sequential inside a Sequential nests.</li>
 *   <li>{@code "tensors"}: a list of {@code {"name", "kind", "dtype", "shape", "offset", "bytes"}}
 *       plus, for kind {@code "parameter"}, {@code "trainable"} (false: frozen) and
 *       {@code "regularized"}. Kind {@code "state"} is any other array the layer needs, such as
 *       batch normalisation's {@code running_mean} and {@code running_var}. The name is the layer's
 *       position then the array's own name: {@code "0.W"} is the weight matrix of layer 0,
 *       {@code "3.1.running_var"} belongs to layer 1 of the Sequential that is layer 3; a model that
 *       is a single layer has plain names ({@code "W"}). dtype is {@code "float32"} or {@code "float64"}.</li>
 * </ul>
 * A complete reader, in Python with its standard library only:
 * <pre>{@code
 * # --- python reader ---
 * import json, struct, zlib
 *
 * def read_nnbook_model(path):
 *     data = open(path, "rb").read()
 *     magic, version, header_len, payload_len = struct.unpack_from("<8sIIQ", data, 0)
 *     if magic != b"NNBMODEL" or version != 1:
 *         raise ValueError("not an nnbook model file of format version 1")
 *     end = 24 + header_len + payload_len
 *     (crc,) = struct.unpack_from("<I", data, end)
 *     if zlib.crc32(data[:end]) != crc:
 *         raise ValueError("checksum mismatch: the file is corrupt")
 *     header = json.loads(data[24:24 + header_len].decode("utf-8"))
 *     payload = data[24 + header_len:end]
 *     tensors = {}
 *     for t in header["tensors"]:
 *         code = {"float32": "f", "float64": "d"}[t["dtype"]]
 *         count = t["bytes"] // struct.calcsize(code)
 *         values = struct.unpack_from("<%d%s" % (count, code), payload, t["offset"])
 *         tensors[t["name"]] = (t["shape"], values)  # numpy: np.array(values).reshape(t["shape"])
 *     return header["model"], tensors
 * # --- end ---
 * }</pre>
 *
 * <p>Layers are saved through their {@link LayerCodec}; the built-in layers have one, and
 * {@link #register} adds one for a new layer class. Loading builds each layer with its constructor
 * (which draws, and then discards, initial weights from ND4J's random generator) and then copies the
 * saved values in. Errors — a missing, foreign, truncated or corrupt file, a newer format version,
 * an unknown layer type — are {@link ModelFileException}s that name the file and what was expected.
 */
public final class ModelIO {
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = "NNBMODEL".getBytes(StandardCharsets.US_ASCII);
    /** Bytes before the header: magic, version, header length, payload length. */
    static final int START = 24;
    private static final Map<Class<?>, LayerCodec<?>> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, LayerCodec<?>> BY_TYPE = new ConcurrentHashMap<>();

    static {
        Codecs.builtIn().forEach(ModelIO::register);
    }

    private ModelIO() {}

    /** Makes a layer class savable (replacing an earlier codec of the same type name or class). */
    public static void register(LayerCodec<?> codec) {
        if (codec.type().equals("Sequential"))
            throw new IllegalArgumentException("\"Sequential\" is built into the format; choose another type name for " + codec.layerClass().getName() + ".");
        LayerCodec<?> old = BY_TYPE.get(codec.type());
        if (old != null) BY_CLASS.remove(old.layerClass());
        BY_TYPE.put(codec.type(), codec);
        BY_CLASS.put(codec.layerClass(), codec);
    }

    /** The layer type names that can be saved and loaded, Sequential included. */
    public static Set<String> knownTypes() {
        Set<String> types = new TreeSet<>(BY_TYPE.keySet());
        types.add("Sequential");
        return types;
    }

    /** One array to save: where it belongs, what it is, and its values. */
    private record Tensor(String name, String kind, INDArray array, Parameter parameter) {}

    /** Writes {@code model} (architecture, parameters, frozen flags, layer state) to {@code file}, replacing it. */
    public static void save(Layer model, Path file) {
        if (model == null) throw new IllegalArgumentException("ModelIO.save needs a model, got null.");
        if (file == null) throw new IllegalArgumentException("ModelIO.save needs a file, e.g. Path.of(\"model.nnb\").");
        List<Tensor> tensors = new ArrayList<>();
        Map<String, Object> architecture = describe(model, "", tensors, file);
        List<Object> entries = new ArrayList<>();
        long offset = 0;
        for (Tensor t : tensors) {
            String dtype = dtypeName(t.array.dataType());
            if (dtype == null)
                throw new ModelFileException(file, "cannot save tensor '" + t.name + "' of type " + t.array.dataType()
                        + ": the format holds float32 and float64. Convert the model first: model.castTo(DataType.FLOAT).");
            long bytes = t.array.length() * t.array.dataType().width();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name);
            e.put("kind", t.kind);
            e.put("dtype", dtype);
            e.put("shape", Arrays.stream(t.array.shape()).boxed().toList());
            e.put("offset", offset);
            e.put("bytes", bytes);
            if (t.parameter != null) {
                e.put("trainable", t.parameter.isTrainable());
                e.put("regularized", t.parameter.isRegularized());
            }
            entries.add(e);
            offset += bytes;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("model", architecture);
        header.put("tensors", entries);
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".part");
            try {
                try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                     CheckedOutputStream out = new CheckedOutputStream(raw, new CRC32())) {
                    out.write(ByteBuffer.allocate(START).order(ByteOrder.LITTLE_ENDIAN)
                            .put(MAGIC).putInt(VERSION).putInt(json.length).putLong(offset).array());
                    out.write(json);
                    for (Tensor t : tensors) out.write(littleEndian(t.array));
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

    /** The architecture of {@code layer} (at {@code path}, "" for the model itself); adds its arrays to {@code tensors}. */
    private static Map<String, Object> describe(Layer layer, String path, List<Tensor> tensors, Path file) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (layer instanceof Sequential seq) {
            spec.put("type", "Sequential");
            List<Object> layers = new ArrayList<>();
            for (int i = 0; i < seq.size(); i++) layers.add(describe(seq.get(i), path.isEmpty() ? "" + i : path + "." + i, tensors, file));
            spec.put("layers", layers);
            return spec;
        }
        LayerCodec<?> codec = BY_CLASS.get(layer.getClass());
        if (codec == null)
            throw new ModelFileException(file, "cannot save " + where(path) + ", " + layer + ": ModelIO has no codec for "
                    + layer.getClass().getName() + ". Register one first: ModelIO.register(LayerCodec.of(\"MyLayer\", MyLayer.class, ...)); "
                    + "known types: " + knownTypes() + ".");
        spec.put("type", codec.type());
        codec.settingsOf(layer).forEach((k, v) -> {
            if (k.equals("type") || k.equals("layers"))
                throw new IllegalArgumentException("LayerCodec " + codec.type() + ": a setting may not be called '" + k + "'.");
            spec.put(k, v);
        });
        String prefix = path.isEmpty() ? "" : path + ".";
        Set<String> names = new TreeSet<>();
        for (Parameter p : layer.parameters()) {
            if (!names.add(p.name()))
                throw new ModelFileException(file, "cannot save " + where(path) + ", " + layer + ": two parameters are named '" + p.name() + "'.");
            tensors.add(new Tensor(prefix + p.name(), "parameter", p.value(), p));
        }
        codec.stateOf(layer).forEach((name, array) -> {
            if (!names.add(name))
                throw new ModelFileException(file, "cannot save " + where(path) + ": its state '" + name + "' has a parameter's name.");
            tensors.add(new Tensor(prefix + name, "state", array, null));
        });
        return spec;
    }

    /** Loads a model saved by {@link #save}: a new model with the saved architecture, values, frozen flags and state. */
    public static Layer load(Path file) {
        if (file == null) throw new IllegalArgumentException("ModelIO.load needs a file, e.g. Path.of(\"model.nnb\").");
        if (!Files.isRegularFile(file))
            throw new ModelFileException(file, "no such file (working directory " + Path.of("").toAbsolutePath()
                    + "). Save a model there first with ModelIO.save(model, path), or check the path.");
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFileException(file, "could not be read: " + e, e);
        }
        return new Reader(file, data).read();
    }

    /** As {@link #load(Path)}, checking that the model is a {@code type}, e.g. {@code Sequential.class}. */
    public static <L extends Layer> L load(Path file, Class<L> type) {
        Layer model = load(file);
        if (!type.isInstance(model))
            throw new ModelFileException(file, "holds a " + model.getClass().getSimpleName() + ", not a " + type.getSimpleName() + ".");
        return type.cast(model);
    }

    static LayerCodec<?> codec(String type) { return BY_TYPE.get(type); }

    static String where(String path) { return path.isEmpty() ? "the model" : "layer " + path; }

    static String dtypeName(DataType t) {
        return switch (t) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            default -> null;
        };
    }

    /** The values of {@code a} in row-major order as little-endian bytes. */
    private static byte[] littleEndian(INDArray a) {
        long bytes = a.length() * a.dataType().width();
        if (bytes > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("A tensor of " + bytes + " bytes is too large for ModelIO (2 GB at most).");
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        INDArray c = a.dup('c');   // contiguous, row-major, its own buffer
        if (a.dataType() == DataType.DOUBLE) buf.asDoubleBuffer().put(c.data().asDouble(), 0, (int) a.length());
        else buf.asFloatBuffer().put(c.data().asFloat(), 0, (int) a.length());
        return buf.array();
    }
}
