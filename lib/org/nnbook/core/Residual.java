package org.nnbook.core;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A residual connection around a block of layers: {@code y = x + f(x)} (He, Zhang, Ren and Sun, 2016,
 * "Deep Residual Learning for Image Recognition"). The block must keep x's shape. The gradient takes
 * both paths: dL/dx = g + f'(x)ᵀ g, so it reaches early layers undiminished, whatever f does.
 *
 * <pre>{@code
 * Sequential.of(new Dense(64, 32), new ReLU(),
 *               new Residual(Sequential.of(new Dense(32, 32), new ReLU(), new Dense(32, 32))),
 *               new Dense(32, 10));
 * }</pre>
 */
public final class Residual implements MaskedLayer {
    private final Layer block;

    public Residual(Layer block) {
        if (block == null) throw new IllegalArgumentException("Residual needs the block f of y = x + f(x), got null.");
        this.block = block;
    }

    /** The block f. */
    public Layer block() { return block; }

    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        INDArray fx = block instanceof MaskedLayer m && m.readsMask() ? m.forward(x, mask, training) : block.forward(x, training);
        Shapes.requireSame("Residual (y = x + f(x))", fx, "f(x)", x, "x");
        return fx.add(x);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray throughBlock = block.backward(gradOut);
        if (throughBlock == null) throw new IllegalStateException("Residual: the block " + block + " returned no input gradient.");
        return throughBlock.add(gradOut);         // the skip path adds g itself
    }

    @Override
    public boolean readsMask() { return block instanceof MaskedLayer m && m.readsMask(); }

    @Override
    public List<Parameter> parameters() { return block.parameters(); }

    @Override
    public List<INDArray> state() { return block.state(); }

    @Override
    public void castTo(org.nd4j.linalg.api.buffer.DataType type) { block.castTo(type); }

    @Override
    public String toString() { return "Residual(" + block.toString().replace("\n", "\n  ") + ")"; }
}
