package org.nnbook.core;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    private static final String PREDICT_WORKSPACE_ID = "NNBOOK_PREDICT";
    /** A prediction workspace larger than this (a whole test set in one call) is given back after the call. */
    private static final long PREDICT_WORKSPACE_KEEP_BYTES = 128L << 20;

    /**
     * The evaluation-mode output for x. The layers run inside an ND4J workspace that is reused from
     * call to call, so the intermediate activations are not allocated afresh each time (for LeNet on
     * 256 images that saves about a quarter of the time); the result is copied out of it.
     */
    @Override
    public INDArray predict(INDArray x) {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(Memory.LOOP_WORKSPACE, PREDICT_WORKSPACE_ID);
        try (ws) {
            return forward(x, false).detach();
        } finally {
            if (ws.getCurrentSize() > PREDICT_WORKSPACE_KEEP_BYTES && !ws.isScopeActive())
                Nd4j.getWorkspaceManager().destroyWorkspace(ws);
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) { return backward(gradOut, true); }

    /**
     * Backward through the layers, last to first. Without {@code inputGradient}, leading layers that
     * have no parameters (a Flatten, say) are not run at all, and the first layer with parameters is
     * told that its dL/d(input) is not needed; the result is then null.
     */
    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradient) {
        int first = 0;
        if (!inputGradient)
            while (first < layers.size() - 1 && layers.get(first).parameters().isEmpty()) first++;
        INDArray g = gradOut;
        for (int i = layers.size() - 1; i > first; i--) g = layers.get(i).backward(g);
        INDArray gradIn = layers.get(first).backward(g, inputGradient);
        return inputGradient ? gradIn : null;
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
