package org.nnbook.io;

import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds the model that a file's header describes (see {@link ModelIO}), layer by layer, with
 * the values the {@link Reader} has checked. A {@code {"ref": path}} gives the very model built at
 * that path, and a tensor saved {@code same_as} another must be that very parameter in the rebuilt
 * model: weights shared when saved are shared again.
 */
final class Builder {
    private final Reader file;
    private final Map<String, Model> built = new HashMap<>();                 // path -> the model built there, for {"ref": path}
    private final Map<String, Parameter> filled = new HashMap<>();            // tensor name -> the parameter filled from it
    private final Map<Parameter, String> filledFrom = new IdentityHashMap<>();

    Builder(Reader file) { this.file = file; }

    /** The model described by {@code spec}, at {@code path} ("" for the whole model), with its saved values. */
    Model build(Map<String, Object> spec, String path) {
        String where = ModelIO.where(path);
        if (spec.containsKey("ref")) return resolve(spec.get("ref"), where);
        Object type = spec.get("type");
        if (!(type instanceof String typeName)) throw file.corrupt(where + " has no \"type\"");
        Model model = typeName.equals("Sequential") ? sequential(spec, path) : fromCodec(typeName, spec, path);
        built.put(path, model);
        return model;
    }

    /** The model built earlier at {@code ref}, the path that a {@code {"ref": path}} names. */
    private Model resolve(Object ref, String where) {
        Model m = ref instanceof String path ? built.get(path) : null;
        if (m == null)
            throw file.corrupt(where + " refers to " + (ref instanceof String path ? ModelIO.where(path) : String.valueOf(ref))
                    + ", but no model was built there before it (a reference names the path of a layer that comes earlier in the file)");
        return m;
    }

    private Sequential sequential(Map<String, Object> spec, String path) {
        String where = ModelIO.where(path);
        if (!(spec.get("layers") instanceof List<?> specs) || specs.isEmpty()) throw file.corrupt(where + " is a Sequential without layers");
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String at = ModelIO.child(path, "" + i);
            Model m = build(file.map(specs.get(i), ModelIO.where(at)), at);
            if (!(m instanceof Layer l)) throw file.corrupt(ModelIO.where(at) + " is " + m + ", not a layer, so no Sequential can hold it");
            layers.add(l);
        }
        return Sequential.of(layers);
    }

    private Model fromCodec(String typeName, Map<String, Object> spec, String path) {
        String where = ModelIO.where(path);
        ModelCodec<?> codec = ModelIO.codec(typeName);
        if (codec == null)
            throw file.error(where + " has type '" + typeName + "', which this nnbook cannot build; it knows "
                    + ModelIO.knownTypes() + ". The file comes from a newer nnbook or uses a custom layer: update nnbook, or "
                    + "register the layer's codec with ModelIO.register(ModelCodec.of(\"" + typeName + "\", ...)) before loading.");
        Map<String, Object> settings = new LinkedHashMap<>(spec);
        settings.remove("type");
        List<Model> inner = new ArrayList<>();          // the parts described inside this model (not references)
        Model model;
        try {
            model = codec.create(new ModelCodec.Settings(where + " (" + typeName + ")", settings, (name, part) -> {
                Map<String, Object> partSpec = file.map(part, where + "'s setting '" + name + "'");
                Model m = build(partSpec, ModelIO.child(path, name));
                if (!partSpec.containsKey("ref")) inner.add(m);
                return m;
            }));
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw file.error(where + " (" + typeName + ") could not be built from its settings " + Json.write(settings)
                    + ": " + e.getMessage(), e);
        }
        fill(model, codec, inner, ModelIO.child(path, ""), where + " " + model);
        return model;
    }

    /**
     * Copies the saved values into the new model's own parameters (those of no part built inside it)
     * and state, after matching their types; checks that a parameter saved as {@code same_as} another
     * is that very parameter in the rebuilt model.
     */
    private void fill(Model model, ModelCodec<?> codec, List<Model> inner, String prefix, String owner) {
        Set<Parameter> ofParts = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Model m : inner) ofParts.addAll(m.parameters());
        List<Parameter> own = model.parameters().stream().filter(p -> !ofParts.contains(p)).toList();
        // a layer saved in float64 (e.g. after a gradient check) is converted as a whole, state included
        for (Parameter p : own) {
            Reader.Entry e = file.peek(prefix + p.name());
            if (e == null || e.sameAs() != null) continue;
            if (p.value().dataType() != e.dtype()) model.castTo(e.dtype());
            break;
        }
        for (Parameter p : own) {
            Reader.Entry e = file.take(prefix + p.name(), owner, "parameter");
            if (e.sameAs() != null) {
                if (filled.get(e.sameAs()) != p)
                    throw file.error("tensor '" + e.name() + "' is saved as the same parameter as '" + e.sameAs() + "' (weights"
                            + " shared by two places), but the rebuilt " + owner + " has a parameter of its own there. Its ModelCodec must"
                            + " rebuild the sharing: give the layer that owns the parameter as a model setting (as TiedDense gives its Embedding).");
                continue;
            }
            if (filledFrom.containsKey(p))
                throw file.error("the rebuilt " + owner + " uses the parameter of tensor '" + filledFrom.get(p) + "' again as '"
                        + e.name() + "', but the file saved them as two tensors, not shared. Check the ModelCodec of " + model.getClass().getSimpleName() + ".");
            if (p.value().dataType() != e.dtype()) p.castTo(e.dtype());
            p.set(file.values(e, p.value().shape(), owner));
            if (e.trainable() != null) p.trainable(e.trainable());
            if (e.regularized() != null) p.regularized(e.regularized());
            if (e.lrMultiplier() != null) p.lrMultiplier(e.lrMultiplier());
            filled.put(e.name(), p);
            filledFrom.put(p, e.name());
        }
        codec.stateOf(model).forEach((name, array) -> {
            Reader.Entry e = file.take(prefix + name, owner, "state");
            array.assign(file.values(e, array.shape(), owner));
        });
    }
}
