package org.nnbook.io;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Layer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How {@link ModelIO} saves and rebuilds one layer class: its type name in the file, its
 * constructor settings, and any state that is not a {@link org.nnbook.core.Parameter} (such as
 * batch normalisation's running statistics). Parameters are saved by {@code ModelIO} itself, by
 * their names. A layer class is supported once its codec is registered:
 *
 * <pre>{@code
 * ModelIO.register(LayerCodec.of("Dense", Dense.class,
 *         d -> LayerCodec.settings("inFeatures", d.inFeatures(), "outFeatures", d.outFeatures()),
 *         s -> new Dense(s.integer("inFeatures"), s.integer("outFeatures"))));
 * ModelIO.register(LayerCodec.of("ReLU", ReLU.class, ReLU::new));              // no settings
 * }</pre>
 *
 * Settings are numbers, strings, booleans or enum constants (saved by name). The built-in layers'
 * codecs are listed in {@code Codecs}.
 *
 * @param <L> the layer class
 */
public final class LayerCodec<L extends Layer> {
    private final String type;
    private final Class<L> layerClass;
    private final Function<L, Map<String, Object>> settings;
    private final Function<Settings, L> create;
    private final Function<L, Map<String, INDArray>> state;

    private LayerCodec(String type, Class<L> layerClass, Function<L, Map<String, Object>> settings, Function<Settings, L> create,
                       Function<L, Map<String, INDArray>> state) {
        if (type == null || !type.matches("[A-Za-z][A-Za-z0-9_]*"))
            throw new IllegalArgumentException("A layer type name is a Java-like identifier such as \"Dense\", got " + type + ".");
        if (layerClass == null || settings == null || create == null || state == null)
            throw new IllegalArgumentException("LayerCodec '" + type + "' needs a layer class, a settings function and a constructor.");
        this.type = type;
        this.layerClass = layerClass;
        this.settings = settings;
        this.create = create;
        this.state = state;
    }

    /** A codec for layers with constructor settings: {@code settings} reads them from a layer, {@code create} builds a layer from them. */
    public static <L extends Layer> LayerCodec<L> of(String type, Class<L> layerClass, Function<L, Map<String, Object>> settings,
                                                     Function<Settings, L> create) {
        return new LayerCodec<>(type, layerClass, settings, create, l -> Map.of());
    }

    /** A codec for layers without settings, built by a no-argument constructor. */
    public static <L extends Layer> LayerCodec<L> of(String type, Class<L> layerClass, Supplier<L> create) {
        return of(type, layerClass, l -> Map.of(), s -> create.get());
    }

    /**
     * The same codec that also saves the arrays {@code state} returns, by name, e.g. running
     * statistics. On load they are filled in place: {@code state} must return the layer's own arrays.
     */
    public LayerCodec<L> withState(Function<L, Map<String, INDArray>> state) {
        return new LayerCodec<>(type, layerClass, settings, create, state);
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

    /** The name of the layer type in the file, e.g. "Dense". */
    public String type() { return type; }

    /** The layer class this codec handles (exactly this class, not subclasses). */
    public Class<L> layerClass() { return layerClass; }

    Map<String, Object> settingsOf(Layer layer) { return settings.apply(layerClass.cast(layer)); }

    Map<String, INDArray> stateOf(Layer layer) { return state.apply(layerClass.cast(layer)); }

    Layer create(Settings s) { return create.apply(s); }

    @Override
    public String toString() { return "LayerCodec(" + type + " <-> " + layerClass.getName() + ")"; }

    /** A layer's settings as read from a file; each getter says which setting is missing or of the wrong kind. */
    public static final class Settings {
        private final String layer;
        private final Map<String, Object> values;

        Settings(String layer, Map<String, Object> values) {
            this.layer = layer;
            this.values = values;
        }

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

        private Object get(String name) {
            if (!values.containsKey(name))
                throw new IllegalArgumentException(layer + " has no setting '" + name + "' (it has " + values.keySet() + ").");
            return values.get(name);
        }

        private IllegalArgumentException wrong(String name, String expected, Object v) {
            return new IllegalArgumentException(String.format(Locale.ROOT, "%s: setting '%s' should be %s, found %s.", layer, name, expected,
                    v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
        }
    }
}
