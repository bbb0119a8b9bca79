package org.nnbook.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One combination of hyper-parameter values, handed to each trial: read them with the typed getters.
 *
 * <pre>{@code
 * int hidden = p.getInt("hidden");
 * double lr = p.getDouble("lr");
 * }</pre>
 *
 * A name the space does not have, or a getter of the wrong type, fails with a message that lists the
 * names or says which getter fits. Real ranges give doubles, integer ranges ints, choices the values
 * as given.
 */
public final class Params {
    private final Map<String, Object> values;

    /** The given name → value pairs, in their iteration order. */
    public Params(Map<String, ?> values) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("Params needs at least one name and value.");
        values.forEach((k, v) -> {
            if (v == null) throw new IllegalArgumentException("Params: '" + k + "' has no value (null).");
        });
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code name}, of whatever type it has. */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null)
            throw new IllegalArgumentException("No hyper-parameter '" + name + "' in these params; the names are " + names()
                    + ". Add it to the SearchSpace or fix the spelling.");
        return v;
    }

    /** A number as a double: a real range's value, or an int/long/float choice widened. */
    public double getDouble(String name) {
        Object v = get(name);
        if (v instanceof Number n) return n.doubleValue();
        throw wrongType(name, v, "a number");
    }

    /** A whole number: an integer range's value or an int choice (a real value is refused rather than rounded). */
    public int getInt(String name) {
        Object v = get(name);
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).intValue();
        if (v instanceof Long l && l == (int) (long) l) return (int) (long) l;
        throw wrongType(name, v, "an int");
    }

    /** A text choice, e.g. {@code choice("optimizer", "sgd", "adam")}. */
    public String getString(String name) {
        Object v = get(name);
        if (v instanceof String s) return s;
        throw wrongType(name, v, "a String");
    }

    /** A boolean choice, e.g. {@code choice("augment", true, false)}. */
    public boolean getBoolean(String name) {
        Object v = get(name);
        if (v instanceof Boolean b) return b;
        throw wrongType(name, v, "a boolean");
    }

    /** The names, in the space's order. */
    public List<String> names() { return List.copyOf(values.keySet()); }

    /** The name → value pairs (unmodifiable). */
    public Map<String, Object> asMap() { return values; }

    /** A value as table text: numbers compact (0.00316, 1.2e-5, 128), others as they print. */
    static String format(Object v) {
        if (v instanceof Double || v instanceof Float) return HyperParameter.fmt(((Number) v).doubleValue());
        return String.valueOf(v);
    }

    private IllegalArgumentException wrongType(String name, Object v, String wanted) {
        String getter = v instanceof Integer ? "getInt" : v instanceof Number ? "getDouble" : v instanceof String ? "getString"
                : v instanceof Boolean ? "getBoolean" : "get";
        return new IllegalArgumentException("Hyper-parameter '" + name + "' is " + v.getClass().getSimpleName() + " " + format(v)
                + ", not " + wanted + "; read it with p." + getter + "(\"" + name + "\").");
    }

    @Override
    public boolean equals(Object o) { return o instanceof Params p && p.values.equals(values); }

    @Override
    public int hashCode() { return values.hashCode(); }

    /** E.g. {@code lr=0.00316, hidden=128}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(format(v)));
        return sb.toString();
    }
}
