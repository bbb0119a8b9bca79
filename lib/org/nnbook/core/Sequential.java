package org.nnbook.core;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after another: itself a {@link Layer}, so it nests and trains like any other.
 *
 * <pre>{@code var net = Sequential.of(new Dense(784, 256), new ReLU(), new Dense(256, 10));}</pre>
 */
public final class Sequential implements Layer {
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
    public INDArray forward(INDArray x, boolean training) {
        INDArray out = x;
        for (int i = 0; i < layers.size(); i++) {
            try {
                out = layers.get(i).forward(out, training);
            } catch (ShapeException e) {
                throw e.at("layer " + i + " of Sequential");
            }
        }
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray g = gradOut;
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g);
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.parameters());
        return all;
    }

    @Override
    public List<INDArray> state() {
        List<INDArray> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.state());
        return all;
    }

    /** Converts every layer, so that layers with state beyond their parameters (running statistics) convert it too. */
    @Override
    public void castTo(org.nd4j.linalg.api.buffer.DataType type) {
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
