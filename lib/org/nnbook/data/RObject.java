package org.nnbook.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value read from R's serialization format by {@link RSerialization}: its R type, its contents
 * and its attributes ({@code names}, {@code class}, {@code levels}, {@code row.names}, ...).
 *
 * <p>The contents by type: {@code int[]} for integer and logical vectors (R's NA is
 * {@link #NA_INTEGER}), {@code double[]} for numeric vectors (NA is a NaN), {@code String[]} for
 * character vectors (NA is null), {@code List<RObject>} for lists and pairlists (a pairlist's tags are
 * its {@code names}), a {@code String} for a symbol, null for NULL and for what this reader only skips
 * (environments, functions). A data frame is a list of equally long columns with a {@code class} of
 * {@code "data.frame"}; a factor is an integer vector of 1-based codes into its {@code levels}.
 */
public record RObject(Type type, Object value, Map<String, RObject> attributes) {

    /** R's types, as far as this reader tells them apart. */
    public enum Type { NULL, SYMBOL, PAIRLIST, LOGICAL, INTEGER, DOUBLE, CHARACTER, LIST, OTHER }

    /** R's integer NA. */
    public static final int NA_INTEGER = Integer.MIN_VALUE;

    public static final RObject NULL = new RObject(Type.NULL, null, Map.of());

    public RObject {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The same value with other attributes. */
    public RObject withAttributes(Map<String, RObject> attributes) { return new RObject(type, value, attributes); }

    /** The attribute {@code name}, or {@link #NULL}. */
    public RObject attribute(String name) { return attributes.getOrDefault(name, NULL); }

    /** Number of elements (0 for NULL, 1 for a symbol). */
    public int length() {
        return switch (type) {
            case NULL -> 0;
            case LOGICAL, INTEGER -> ((int[]) value).length;
            case DOUBLE -> ((double[]) value).length;
            case CHARACTER -> ((String[]) value).length;
            case LIST, PAIRLIST -> elements().size();
            default -> 1;
        };
    }

    /** An integer or logical vector's values. */
    public int[] ints() { return as(int[].class, Type.INTEGER, Type.LOGICAL); }

    /** A numeric vector's values; an integer vector's converted (NA becomes NaN). */
    public double[] doubles() {
        if (type == Type.INTEGER) return Arrays.stream(ints()).mapToDouble(i -> i == NA_INTEGER ? Double.NaN : i).toArray();
        return as(double[].class, Type.DOUBLE);
    }

    /** A character vector's values; a factor's labels (each code looked up in its levels). */
    public String[] strings() {
        if (isFactor()) {
            String[] levels = attribute("levels").strings();
            return Arrays.stream(ints()).mapToObj(c -> c == NA_INTEGER ? null : levels[c - 1]).toArray(String[]::new);
        }
        return as(String[].class, Type.CHARACTER);
    }

    /** A list's or pairlist's elements. */
    @SuppressWarnings("unchecked")
    public List<RObject> elements() { return as(List.class, Type.LIST, Type.PAIRLIST); }

    /** The element names (the {@code names} attribute), or an empty array. */
    public String[] names() {
        RObject names = attribute("names");
        return names.type == Type.NULL ? new String[0] : names.strings();
    }

    /** The element called {@code name} of a named list (a data frame's column). */
    public RObject get(String name) {
        String[] names = names();
        for (int i = 0; i < names.length; i++) if (name.equals(names[i])) return elements().get(i);
        throw new IllegalArgumentException("No element '" + name + "' here; the names are " + Arrays.toString(names) + ".");
    }

    /** Whether {@code class} includes {@code cls}, as R's {@code inherits}. */
    public boolean inherits(String cls) {
        RObject c = attribute("class");
        return c.type == Type.CHARACTER && Arrays.asList(c.strings()).contains(cls);
    }

    public boolean isFactor() { return type == Type.INTEGER && inherits("factor"); }

    public boolean isDataFrame() { return type == Type.LIST && inherits("data.frame"); }

    /** A data frame's number of rows (the length of its first column). */
    public int rows() {
        if (!isDataFrame()) throw new IllegalStateException("Not a data.frame but " + this + ".");
        return elements().isEmpty() ? 0 : elements().get(0).length();
    }

    private <T> T as(Class<T> cls, Type... types) {
        for (Type t : types) if (type == t) return cls.cast(value);
        throw new IllegalStateException("Expected an R value of type " + Arrays.toString(types) + " but this one is " + this + ".");
    }

    @Override
    public String toString() {
        String cls = attributes.containsKey("class") ? " " + Arrays.toString(attribute("class").strings()) : "";
        return type.name().toLowerCase() + "[" + length() + "]" + cls;
    }
}
