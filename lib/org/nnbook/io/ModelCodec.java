package org.nnbook.io;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How {@link ModelIO} saves and rebuilds one model class (a layer is a model): its type name in the
 * file, its constructor settings, and any state that is not a {@link org.nnbook.core.Parameter}
 * (such as batch normalisation's running statistics). Parameters are saved by {@code ModelIO}
 * itself, by their names. A class is supported once its codec is registered:
 *
 * <pre>{@code
 * ModelIO.register(ModelCodec.of("Dense", Dense.class,
 *         d -> ModelCodec.settings("inFeatures", d.inFeatures(), "outFeatures", d.outFeatures()),
 *         s -> new Dense(s.integer("inFeatures"), s.integer("outFeatures"))));
 * ModelIO.register(ModelCodec.of("ReLU", ReLU.class, ReLU::new));              // no settings
 * ModelIO.register(ModelCodec.of("TiedDense", TiedDense.class,                 // a setting that is a model
 *         t -> ModelCodec.settings("embedding", t.embedding()),
 *         s -> new TiedDense(s.model("embedding", Embedding.class))));
 * }</pre>
 *
 * Settings are numbers, strings, booleans, enum constants (saved by name) or models. A model setting
 * is saved in full where the file meets that model first — a part built inside this one, like a
 * {@code Residual}'s block — and as a reference {@code {"ref": "0"}} to its path where the model was
 * already saved, like the {@code Embedding} whose table a {@code TiedDense} shares. On load
 * {@link Settings#model} gives the rebuilt part, or the very object built earlier at that path, so
 * the sharing is rebuilt too. The built-in codecs are listed in {@code Codecs}.
 *
 * @param <M> the model class
 */
public final class ModelCodec<M extends Model> {
    private final String type;
    private final Class<M> modelClass;
    private final Function<M, Map<String, Object>> settings;
    private final Function<Settings, M> create;
    private final Function<M, Map<String, INDArray>> state;

    private ModelCodec(String type, Class<M> modelClass, Function<M, Map<String, Object>> settings, Function<Settings, M> create,
                       Function<M, Map<String, INDArray>> state) {
        if (type == null || !type.matches("[A-Za-z][A-Za-z0-9_]*"))
            throw new IllegalArgumentException("A model type name is a Java-like identifier such as \"Dense\", got " + type + ".");
        if (modelClass == null || settings == null || create == null || state == null)
            throw new IllegalArgumentException("ModelCodec '" + type + "' needs a model class, a settings function and a constructor.");
        this.type = type;
        this.modelClass = modelClass;
        this.settings = settings;
        this.create = create;
        this.state = state;
    }

    /** A codec for models with constructor settings: {@code settings} reads them from a model, {@code create} builds a model from them. */
    public static <M extends Model> ModelCodec<M> of(String type, Class<M> modelClass, Function<M, Map<String, Object>> settings,
                                                     Function<Settings, M> create) {
        return new ModelCodec<>(type, modelClass, settings, create, m -> Map.of());
    }

    /** A codec for models without settings, built by a no-argument constructor. */
    public static <M extends Model> ModelCodec<M> of(String type, Class<M> modelClass, Supplier<M> create) {
        return of(type, modelClass, m -> Map.of(), s -> create.get());
    }

    /**
     * The same codec that also saves the arrays {@code state} returns, by name, e.g. running
     * statistics. On load they are filled in place: {@code state} must return the model's own arrays.
     */
    public ModelCodec<M> withState(Function<M, Map<String, INDArray>> state) {
        return new ModelCodec<>(type, modelClass, settings, create, state);
    }

    /** Ordered settings from alternating names and values: {@code settings("inFeatures", 784, "outFeatures", 10)}. */
    public static Map<String, Object> settings(Object... namesAndValues) { return ordered(namesAndValues); }

    /** Ordered named arrays from alternating names and arrays: {@code state("running_mean", m, "running_var", v)}. */
    public static Map<String, INDArray> state(Object... namesAndArrays) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        ordered(namesAndArrays).forEach((k, v) -> m.put(k, (INDArray) v));
        return m;
    }

    private static Map<String, Object> ordered(Object... kv) {
        if (kv.length % 2 != 0) throw new IllegalArgumentException("Give names and values in pairs, got " + kv.length + " items.");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** The name of the model type in the file, e.g. "Dense". */
    public String type() { return type; }

    /** The model class this codec handles (exactly this class, not subclasses). */
    public Class<M> modelClass() { return modelClass; }

    Map<String, Object> settingsOf(Model model) { return settings.apply(modelClass.cast(model)); }

    Map<String, INDArray> stateOf(Model model) { return state.apply(modelClass.cast(model)); }

    Model create(Settings s) { return create.apply(s); }

    @Override
    public String toString() { return "ModelCodec(" + type + " <-> " + modelClass.getName() + ")"; }

    /** A model's settings as read from a file; each getter says which setting is missing or of the wrong kind. */
    public static final class Settings {
        private final String owner;
        private final Map<String, Object> values;
        private final BiFunction<String, Object, Model> models;

        /** {@code models} builds (or looks up, for a reference) the model that a setting describes. */
        Settings(String owner, Map<String, Object> values, BiFunction<String, Object, Model> models) {
            this.owner = owner;
            this.values = values;
            this.models = models;
        }

        /** Whether the file gives setting {@code name} (for settings added after files without them were written). */
        public boolean has(String name) { return values.containsKey(name); }

        /** An integer setting. */
        public int integer(String name) {
            Object v = get(name);
            if (v instanceof Long l && l == l.intValue()) return l.intValue();
            throw wrong(name, "an integer", v);
        }

        /** A number setting (an integer in the file is fine). */
        public double number(String name) {
            Object v = get(name);
            if (v instanceof Number n) return n.doubleValue();
            throw wrong(name, "a number", v);
        }

        public boolean bool(String name) {
            Object v = get(name);
            if (v instanceof Boolean b) return b;
            throw wrong(name, "true or false", v);
        }

        public String string(String name) {
            Object v = get(name);
            if (v instanceof String s) return s;
            throw wrong(name, "a string", v);
        }

        /** An enum setting, saved by its constant's name (case does not matter). */
        public <E extends Enum<E>> E choice(String name, Class<E> type) {
            Object v = get(name);
            if (v instanceof String s)
                for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(s)) return e;
            StringBuilder names = new StringBuilder();
            for (E e : type.getEnumConstants()) names.append(names.length() == 0 ? "" : ", ").append(e.name());
            throw wrong(name, "one of " + names, v);
        }

        /** A model setting of class {@code type}: the part described here, or the model built earlier that it refers to. */
        public <M extends Model> M model(String name, Class<M> type) {
            Object v = get(name);
            if (!(v instanceof Map)) throw wrong(name, "a model: an object with a \"type\", or a reference {\"ref\": path}", v);
            Model m = models.apply(name, v);
            if (!type.isInstance(m))
                throw new IllegalArgumentException(owner + ": setting '" + name + "' is " + m + ", not an instance of " + type.getSimpleName() + ".");
            return type.cast(m);
        }

        private Object get(String name) {
            if (!values.containsKey(name))
                throw new IllegalArgumentException(owner + " has no setting '" + name + "' (it has " + values.keySet() + ").");
            return values.get(name);
        }

        private IllegalArgumentException wrong(String name, String expected, Object v) {
            return new IllegalArgumentException(String.format(Locale.ROOT, "%s: setting '%s' should be %s, found %s.", owner, name, expected,
                    v instanceof String ? "\"" + v + "\"" : v instanceof Map<?, ?> m ? Json.write(m) : String.valueOf(v)));
        }
    }
}
