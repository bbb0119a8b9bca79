package org.nnbook.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Lists of parameters in which each appears once, however many places use it. */
public final class Parameters {
    private Parameters() {}

    /** {@code params} without repeats (the same {@link Parameter} object), in first-seen order. */
    public static List<Parameter> distinct(List<Parameter> params) {
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Parameter> out = new ArrayList<>(params.size());
        for (Parameter p : params) if (seen.add(p)) out.add(p);
        return out.size() == params.size() ? params : out;
    }

    /** The parameters of all these parts, each once: for a model class's {@code parameters()}. */
    public static List<Parameter> of(Model... parts) {
        List<Parameter> all = new ArrayList<>();
        for (Model m : parts) all.addAll(m.parameters());
        return List.copyOf(distinct(all));
    }
}
