package org.nnbook.check;

import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Residual;
import org.nnbook.core.Sequential;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each parameter of a model sits, for the gradient check's table: a path and the layer that owns
 * it. In a {@link Sequential} the path starts with the layer's index ({@code "2.W"}: layer 2's W); a
 * {@link Residual} adds nothing ({@code "1.0.W"}: the first layer of the block at index 1); the parts of
 * a model class of its own are named by its fields ({@code "encoder.0.b"}, {@code "w1.W"}). A parameter
 * shared by several places gets the first.
 */
final class ParameterPaths {
    /** A parameter's path, e.g. "0.W", and a one-line description of its layer, e.g. "Dense(784 -> 256)". */
    record Place(String path, String layer) {}

    private final Map<Parameter, Place> places = new IdentityHashMap<>();
    private final Set<Model> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private ParameterPaths() {}

    /** The places of the parameters of {@code model} (those it does not reach are absent). */
    static Map<Parameter, Place> of(Model model) {
        ParameterPaths p = new ParameterPaths();
        p.walk(model, "");
        return p.places;
    }

    private void walk(Model m, String prefix) {
        if (!seen.add(m)) return;
        if (m instanceof Sequential s) {
            for (int i = 0; i < s.size(); i++) walk(s.get(i), prefix + i + ".");
        } else if (m instanceof Residual r) {
            walk(r.block(), prefix);
        } else {
            for (Class<?> c = m.getClass(); c != null && c != Object.class; c = c.getSuperclass())
                for (Field f : c.getDeclaredFields()) walkField(m, f, prefix);
        }
        // what no part claimed belongs to this model itself (a leaf layer's W and b)
        List<Parameter> own;
        try {
            own = m.parameters();
        } catch (RuntimeException e) {
            return;                                 // a part that cannot list its parameters (an unfinished starter)
        }
        for (Parameter p : own) places.putIfAbsent(p, new Place(prefix + p.name(), describe(m)));
    }

    /** Follows a field that holds a part (a model, or a list or array of them); any other field is skipped. */
    private void walkField(Model owner, Field f, String prefix) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) return;
        Object v;
        try {
            f.setAccessible(true);
            v = f.get(owner);
        } catch (RuntimeException | IllegalAccessException e) {
            return;                                 // an inaccessible field: its parameters keep the owner's name
        }
        if (v instanceof Model part) {
            walk(part, prefix + f.getName() + ".");
        } else if (v instanceof Collection<?> || v instanceof Model[]) {
            int i = 0;
            for (Object o : v instanceof Model[] a ? Arrays.asList(a) : (Collection<?>) v) {
                if (o instanceof Model part) walk(part, prefix + f.getName() + "." + i + ".");
                i++;
            }
        }
    }

    /** The layer's own description on one line, or its class's simple name when it has none (Object's toString). */
    static String describe(Object m) {
        String s = String.valueOf(m);
        if (s.equals(m.getClass().getName() + "@" + Integer.toHexString(m.hashCode())) || s.isBlank())
            return m.getClass().getSimpleName();
        int nl = s.indexOf('\n');
        if (nl >= 0) s = s.substring(0, nl) + " ...";
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
