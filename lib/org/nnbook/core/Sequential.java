package org.nnbook.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after another: itself a {@link Layer}, so it nests and trains like any other.
 *
 * <pre>{@code var net = Sequential.of(new Dense(784, 256), new ReLU(), new Dense(256, 10));}</pre>
 *
 * <p>For padded sequences the batch's mask goes to the layers that read one ({@link MaskedLayer}),
 * e.g. {@code Sequential.of(new Embedding(vocab, 32), new MeanOverTime(), new Dense(32, classes))};
 * a mask that no layer reads is an error. A layer that returns no input gradient (an
 * {@code Embedding} of token ids) must come before every layer with parameters.
 */
public final class Sequential implements MaskedLayer {
    private final List<Layer> layers;

    private Sequential(List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("Sequential needs at least one layer.");
        for (int i = 0; i < layers.size(); i++)
            if (layers.get(i) == null) throw new IllegalArgumentException("Layer " + i + " of Sequential is null.");
        this.layers = List.copyOf(layers);
    }

    public static Sequential of(Layer... layers) { return new Sequential(List.of(layers)); }

    public static Sequential of(List<? extends Layer> layers) { return new Sequential(new ArrayList<>(layers)); }

    /** The layers, first to last (unmodifiable). */
    public List<Layer> layers() { return layers; }

    /** The {@code i}-th layer. */
    public Layer get(int i) { return layers.get(i); }

    public int size() { return layers.size(); }

    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        if (mask != null && !readsMask())
            throw new IllegalArgumentException("This Sequential was given a padding mask " + Shapes.of(mask) + " but none of its layers reads"
                    + " one, so the padding would count as data. Add a layer that reads it (e.g. MeanOverTime after an Embedding),"
                    + " or leave the mask out of the data set.");
        INDArray out = x;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            try {
                out = layer instanceof MaskedLayer m && m.readsMask() ? m.forward(out, mask, training) : layer.forward(out, training);
            } catch (ShapeException e) {
                throw e.at("layer " + i + " of Sequential");
            }
        }
        return out;
    }

    /** Backward through the layers, last to first. */
    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray g = gradOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (g == null) {
                if (!layers.get(i).parameters().isEmpty())
                    throw new IllegalStateException("Layer " + (i + 1) + " of Sequential (" + layers.get(i + 1) + ") returned no input gradient,"
                            + " but layer " + i + " (" + layers.get(i) + ") before it has parameters to learn. Put layers that take"
                            + " token ids (Embedding) first.");
                continue;
            }
            g = layers.get(i).backward(g);
        }
        return g;
    }

    /** True when one of the layers reads a padding mask. */
    @Override
    public boolean readsMask() {
        for (Layer l : layers) if (l instanceof MaskedLayer m && m.readsMask()) return true;
        return false;
    }

    /** Every layer's parameters, each once (a parameter shared by two layers is listed at its first place). */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.parameters());
        return Parameters.distinct(all);
    }

    @Override
    public List<INDArray> state() {
        List<INDArray> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.state());
        return all;
    }

    /** Converts every layer, so that layers with state beyond their parameters (running statistics) convert it too. */
    @Override
    public void castTo(DataType type) {
        for (Layer l : layers) l.castTo(type);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            sb.append(String.format("  (%d) %-40s %,d params%n", i, l, l.parameterCount()));
        }
        return sb.append(String.format(")  total %,d parameters", parameterCount())).toString();
    }
}
