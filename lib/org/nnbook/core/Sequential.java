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
 *
 * <p>For fine-tuning, {@link #withLayer} and {@link #withoutLast} make a new chain from the same layer
 * objects (a new head on a pretrained body), and {@link #freeze}, {@link #unfreeze} and
 * {@link #lrMultiplier(int, int, double)} set the flags of a range of layers' parameters.
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

    /**
     * A new chain with layer {@code i} replaced by {@code layer}, e.g. a pretrained network with a new
     * head for other classes. The other layers are the same objects, not copies: training either chain
     * changes both (load a fresh copy, {@code ModelIO.load}, to keep the pretrained one).
     * <pre>{@code
     * Sequential pretrained = ModelIO.load(Path.of("lenet-mnist.nnb"), Sequential.class);
     * Sequential net = pretrained.withLayer(pretrained.size() - 1, new Dense(84, 5));   // 5 new classes
     * net.freeze(0, net.size() - 1);                                                    // train the head only
     * }</pre>
     */
    public Sequential withLayer(int i, Layer layer) {
        if (i < 0 || i >= layers.size())
            throw new IndexOutOfBoundsException("withLayer(" + i + ", ...): this Sequential has layers 0 to " + (layers.size() - 1) + ".");
        List<Layer> copy = new ArrayList<>(layers);
        copy.set(i, layer);
        return new Sequential(copy);
    }

    /**
     * A new chain of the first {@code size() − k} layers (the same objects), e.g. a classifier without
     * its last layer as a feature extractor.
     * <pre>{@code
     * Sequential features = lenet.withoutLast(1);                 // (N, 1, 28, 28) -> (N, 84)
     * INDArray f = features.forward(images, false);
     * }</pre>
     */
    public Sequential withoutLast(int k) {
        if (k < 0 || k >= layers.size())
            throw new IllegalArgumentException("withoutLast(" + k + "): this Sequential has " + layers.size() + " layers, so k must be in [0, "
                    + (layers.size() - 1) + "] (at least one layer stays).");
        return new Sequential(layers.subList(0, layers.size() - k));
    }

    /**
     * Freezes the parameters of layers {@code from} (inclusive) to {@code to} (exclusive): optimizers
     * leave them as they are, while backward still computes their gradients. Returns this chain.
     * <pre>{@code
     * net.freeze(0, net.size() - 1);     // everything but the last layer
     * net.unfreeze(0, net.size());       // everything trains again
     * }</pre>
     */
    public Sequential freeze(int from, int to) { return setTrainable(from, to, false, "freeze"); }

    /** Lets layers {@code from} (inclusive) to {@code to} (exclusive) train again; the opposite of {@link #freeze}. Returns this chain. */
    public Sequential unfreeze(int from, int to) { return setTrainable(from, to, true, "unfreeze"); }

    private Sequential setTrainable(int from, int to, boolean trainable, String method) {
        checkRange(method, from, to);
        for (Layer l : layers.subList(from, to)) for (Parameter p : l.parameters()) p.trainable(trainable);
        return this;
    }

    /**
     * Sets the learning-rate multiplier of the parameters of layers {@code from} (inclusive) to
     * {@code to} (exclusive) ({@link Parameter#lrMultiplier(double)}): their steps are {@code multiplier}
     * times the optimizer's. Returns this chain.
     * <pre>{@code
     * net.lrMultiplier(0, 6, 0.1);       // the convolutions learn 10x slower than the dense layers
     * }</pre>
     */
    public Sequential lrMultiplier(int from, int to, double multiplier) {
        checkRange("lrMultiplier", from, to);
        for (Layer l : layers.subList(from, to)) for (Parameter p : l.parameters()) p.lrMultiplier(multiplier);
        return this;
    }

    private void checkRange(String method, int from, int to) {
        if (from < 0 || to > layers.size() || from > to)
            throw new IndexOutOfBoundsException(method + "(" + from + ", " + to + "): layers from (inclusive) to (exclusive) must lie in [0, "
                    + layers.size() + "] with from <= to; this Sequential has " + layers.size() + " layers.");
    }

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
