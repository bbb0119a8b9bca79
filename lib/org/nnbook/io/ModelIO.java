package org.nnbook.io;

import org.nd4j.linalg.api.buffer.DataType;
import org.nnbook.core.Model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

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
 * <h2>The format, version 2</h2>
 * All integers are little-endian.
 * <pre>
 * offset      size  content
 * 0           8     magic: the ASCII bytes "NNBMODEL"
 * 8           4     format version, uint32: 2 (version 1 files, which have no "ref" and no "same_as", still load)
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
 *       {@code {"type": "Conv2D", ..., "padding": "SAME"}}. A Sequential inside a Sequential nests.
 *       A setting can itself be a model: described in full where it first appears
 *       ({@code {"type": "Residual", "block": {"type": "Sequential", ...}}}), and as
 *       {@code {"ref": "0"}}, the path of that first place, wherever the same model is used again
 *       ({@code {"type": "TiedDense", "embedding": {"ref": "0"}}}: the Embedding of layer 0).</li>
 *   <li>{@code "tensors"}: a list of {@code {"name", "kind", "dtype", "shape", "offset", "bytes"}}
 *       plus, for kind {@code "parameter"}, {@code "trainable"} (false: frozen),
 *       {@code "regularized"} and, when it is not 1, {@code "lr_multiplier"} (a number &gt;= 0). Kind {@code "state"} is any other array the layer needs, such as
 *       batch normalisation's {@code running_mean} and {@code running_var}. The name is the layer's
 *       path then the array's own name: {@code "0.W"} is the weight matrix of layer 0,
 *       {@code "3.1.running_var"} belongs to layer 1 of the Sequential that is layer 3,
 *       {@code "2.block.0.W"} to layer 0 of the block of the Residual that is layer 2; a model that
 *       is a single layer has plain names ({@code "W"}). dtype is {@code "float32"} or {@code "float64"}.
 *       A parameter used in several places (tied weights) is saved once, at its first place; each
 *       later place has an entry {@code {"name": "4.E", "kind": "parameter", "same_as": "0.E"}}
 *       with no values of its own.</li>
 * </ul>
 * A complete reader, in Python with its standard library only:
 * <pre>{@code
 * # --- python reader ---
 * import json, struct, zlib
 *
 * def read_nnbook_model(path):
 *     data = open(path, "rb").read()
 *     magic, version, header_len, payload_len = struct.unpack_from("<8sIIQ", data, 0)
 *     if magic != b"NNBMODEL" or version not in (1, 2):
 *         raise ValueError("not an nnbook model file of format version 1 or 2")
 *     end = 24 + header_len + payload_len
 *     (crc,) = struct.unpack_from("<I", data, end)
 *     if zlib.crc32(data[:end]) != crc:
 *         raise ValueError("checksum mismatch: the file is corrupt")
 *     header = json.loads(data[24:24 + header_len].decode("utf-8"))
 *     payload = data[24 + header_len:end]
 *     tensors = {}
 *     for t in header["tensors"]:
 *         if "same_as" in t:  # a shared parameter: the tensor saved earlier under that name
 *             tensors[t["name"]] = tensors[t["same_as"]]
 *             continue
 *         code = {"float32": "f", "float64": "d"}[t["dtype"]]
 *         count = t["bytes"] // struct.calcsize(code)
 *         values = struct.unpack_from("<%d%s" % (count, code), payload, t["offset"])
 *         tensors[t["name"]] = (t["shape"], values)  # numpy: np.array(values).reshape(t["shape"])
 *     return header["model"], tensors
 * # --- end ---
 * }</pre>
 *
 * <p>Sequential is built into the format; every other model or layer class is saved through its
 * {@link ModelCodec}: the built-in layers have one, and {@link #register} adds one for a new class.
 * Loading builds each layer with its constructor (which draws, and then discards, initial weights
 * from ND4J's random generator) and then copies the saved values in; a layer given by reference is
 * the very object built earlier, so shared weights stay shared. Errors — a missing, foreign,
 * truncated or corrupt file, a newer format version, an unknown layer type, weights that are NaN or
 * infinite — are {@link ModelFileException}s that name the file and what was expected.
 */
public final class ModelIO {
    /** The format version this class writes; it reads this one and every earlier one. */
    public static final int VERSION = 2;
    static final byte[] MAGIC = "NNBMODEL".getBytes(StandardCharsets.US_ASCII);
    /** Bytes before the header: magic, version, header length, payload length. */
    static final int START = 24;
    private static final Map<Class<?>, ModelCodec<?>> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, ModelCodec<?>> BY_TYPE = new ConcurrentHashMap<>();

    static {
        Codecs.builtIn().forEach(ModelIO::register);
    }

    private ModelIO() {}

    /** Makes a model or layer class savable (replacing an earlier codec of the same type name or class). */
    public static void register(ModelCodec<?> codec) {
        if (codec.type().equals("Sequential"))
            throw new IllegalArgumentException("\"Sequential\" is built into the format; choose another type name for " + codec.modelClass().getName() + ".");
        ModelCodec<?> old = BY_TYPE.get(codec.type());
        if (old != null) BY_CLASS.remove(old.modelClass());
        BY_TYPE.put(codec.type(), codec);
        BY_CLASS.put(codec.modelClass(), codec);
    }

    /** The type names that can be saved and loaded, Sequential included. */
    public static Set<String> knownTypes() {
        Set<String> types = new TreeSet<>(BY_TYPE.keySet());
        types.add("Sequential");
        return types;
    }

    /**
     * Writes {@code model} (architecture, parameters — a shared one once —, frozen flags and learning-rate multipliers, layer state)
     * to {@code file}, replacing it. Refuses, writing nothing, a model whose weights hold NaN or
     * infinite values.
     */
    public static void save(Model model, Path file) {
        if (model == null) throw new IllegalArgumentException("ModelIO.save needs a model, got null.");
        if (file == null) throw new IllegalArgumentException("ModelIO.save needs a file, e.g. Path.of(\"model.nnb\").");
        new Writer(file).write(model);
    }

    /** Loads a model saved by {@link #save}: a new model with the saved architecture, values, sharing, frozen flags, learning-rate multipliers and state. */
    public static Model load(Path file) {
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
    public static <M extends Model> M load(Path file, Class<M> type) {
        Model model = load(file);
        if (!type.isInstance(model))
            throw new ModelFileException(file, "holds a " + model.getClass().getSimpleName() + ", not a " + type.getSimpleName() + ".");
        return type.cast(model);
    }

    /**
     * A deep copy of {@code model} by a round trip through the format (a temporary file, deleted
     * after): new layers and parameters with the same values, sharing, frozen flags, learning-rate
     * multipliers and state. Training the copy leaves the original as it was, e.g. one pretrained
     * network fine-tuned several times:
     * <pre>{@code
     * Sequential net = ModelIO.copy(pretrained).lrMultiplier(0, 11, 0.1);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <M extends Model> M copy(M model) {
        if (model == null) throw new IllegalArgumentException("ModelIO.copy needs a model, got null.");
        Path file;
        try {
            file = Files.createTempFile("nnbook-copy", ".nnb");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("ModelIO.copy could not make a temporary file: " + e.getMessage(), e);
        }
        try {
            save(model, file);
            return (M) load(file, model.getClass());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    static ModelCodec<?> codec(String type) { return BY_TYPE.get(type); }

    static ModelCodec<?> codecFor(Model model) { return BY_CLASS.get(model.getClass()); }

    /** The path of part {@code name} of the model at {@code path}: "3" at the top, "3.1" or "2.block" inside. */
    static String child(String path, String name) { return path.isEmpty() ? name : path + "." + name; }

    static String where(String path) { return path.isEmpty() ? "the model" : "layer " + path; }

    static String dtypeName(DataType t) {
        return switch (t) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            default -> null;
        };
    }
}
