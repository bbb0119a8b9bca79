package org.nnbook.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.layers.LayerNorm;
import org.nnbook.layers.MultiHeadAttention;
import org.nnbook.layers.TiedDense;
import org.nnbook.layers.Embedding;
import org.nnbook.loss.SparseCrossEntropy;
import org.nnbook.models.Transformer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Transformer's kernels (attention, LayerNorm, the tied output layer) give what the plain ND4J
 * versions give, in float and double: outputs, input and memory gradients, parameter gradients,
 * attention weights; with padding masks (one query row whose keys are all padding), causal masks,
 * dropout on the weights, and a whole model step.
 */
class TransformerKernelsTest {
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE};

    private static void close(INDArray plain, INDArray fast, DataType t, String what) {
        assertNotNull(plain, what + ": plain is null");
        assertNotNull(fast, what + ": fast is null");
        assertArrayEquals(plain.shape(), fast.shape(), what + ": shapes");
        assertEquals(plain.dataType(), fast.dataType(), what + ": types");
        double scale = Math.max(1e-2, plain.amaxNumber().doubleValue());   // a floor: the key bias's gradient is 0 up to rounding (softmax ignores a shift)
        double diff = plain.sub(fast).amaxNumber().doubleValue();
        assertTrue(diff <= (t == DataType.FLOAT ? 3e-5 : 1e-11) * scale, what + " differs by " + diff + " (largest entry " + scale + ")");
    }

    /** Output, gradients of x and of the memory (cross-attention), parameter gradients and the evaluation weights of one pass. */
    private static List<INDArray> attention(DataType t, boolean causal, boolean cross, double dropout, INDArray x, INDArray memory, INDArray mask) {
        Seed.set(5);
        MultiHeadAttention mha = new MultiHeadAttention(16, 4, dropout).causal(causal);
        mha.castTo(t);
        List<INDArray> out = new ArrayList<>();
        INDArray y = cross ? mha.forward(x, memory, mask, true) : mha.forward(x, mask, true);
        out.add(y.dup());
        Seed.set(6);
        out.add(mha.backward(Nd4j.randn(t, y.shape())).dup());
        if (cross) out.add(mha.memoryGradient().dup());
        for (Parameter p : mha.parameters()) out.add(p.grad().dup());
        if (cross) mha.forward(x, memory, mask, false);
        else mha.forward(x, mask, false);
        out.add(mha.lastWeights().dup());
        return out;
    }

    @Test
    void attentionMatchesPlain() {
        for (DataType t : TYPES) {
            Seed.set(1);
            INDArray x = Nd4j.randn(t, 3, 5, 16), memory = Nd4j.randn(t, 3, 7, 16);
            INDArray selfMask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 0, 0, 0}}).castTo(t);
            INDArray crossMask = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0}}).castTo(t);
            for (boolean causal : new boolean[]{false, true})
                for (double dropout : new double[]{0, 0.3})
                    for (INDArray mask : new INDArray[]{null, selfMask}) {
                        List<INDArray> plain;
                        try (var off = Kernels.off()) { plain = attention(t, causal, false, dropout, x, x, mask); }
                        List<INDArray> fast = attention(t, causal, false, dropout, x, x, mask);
                        for (int i = 0; i < plain.size(); i++)
                            close(plain.get(i), fast.get(i), t, "self-attention " + t + " causal " + causal + " dropout " + dropout + " mask " + (mask != null) + " #" + i);
                    }
            for (INDArray mask : new INDArray[]{null, crossMask}) {
                List<INDArray> plain;
                try (var off = Kernels.off()) { plain = attention(t, false, true, 0.2, x, memory, mask); }
                List<INDArray> fast = attention(t, false, true, 0.2, x, memory, mask);
                for (int i = 0; i < plain.size(); i++) close(plain.get(i), fast.get(i), t, "cross-attention " + t + " mask " + (mask != null) + " #" + i);
            }
        }
    }

    @Test
    void fullyMaskedQueryGetsZeroWeights() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 2, 8), memory = Nd4j.randn(DataType.FLOAT, 1, 3, 8);
        MultiHeadAttention mha = new MultiHeadAttention(8, 2);
        mha.forward(x, memory, Nd4j.zeros(DataType.FLOAT, 1, 3), false);
        assertEquals(0, mha.lastWeights().amaxNumber().doubleValue());
        mha.forward(x, memory, Nd4j.createFromArray(new float[][]{{1, 0, 1}}), false);
        INDArray w = mha.lastWeights();
        assertEquals(0, w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).amaxNumber().doubleValue());
        assertEquals(4, w.sumNumber().doubleValue(), 1e-5, "each of 2 heads x 2 queries sums to 1");
    }

    private static List<INDArray> layerPass(Layer layer, DataType t, INDArray x) {
        layer.castTo(t);
        INDArray y = layer.forward(x, true);
        Seed.set(8);
        List<INDArray> out = new ArrayList<>(List.of(y.dup(), layer.backward(Nd4j.randn(t, y.shape())).dup()));
        for (Parameter p : layer.parameters()) out.add(p.grad().dup());
        return out;
    }

    @Test
    void layerNormAndTiedOutputMatchPlain() {
        for (DataType t : TYPES) {
            Seed.set(2);
            INDArray x = Nd4j.randn(t, 4, 6, 12).muli(3).addi(1);
            List<java.util.function.Supplier<Layer>> makers = List.of(() -> withGamma(t), () -> new TiedDense(new Embedding(30, 12)));
            for (int which = 0; which < makers.size(); which++) {
                List<INDArray> plain;
                try (var off = Kernels.off()) { Seed.set(3); plain = layerPass(makers.get(which).get(), t, x); }
                Seed.set(3);
                List<INDArray> fast = layerPass(makers.get(which).get(), t, x);
                for (int i = 0; i < plain.size(); i++) close(plain.get(i), fast.get(i), t, (which == 0 ? "LayerNorm " : "TiedDense ") + t + " #" + i);
            }
        }
    }

    /** A LayerNorm whose γ is not all ones, so that its gradient paths are all exercised. */
    private static LayerNorm withGamma(DataType t) {
        LayerNorm norm = new LayerNorm(12);
        norm.castTo(t);
        norm.gamma().value().assign(Nd4j.linspace(t, 0.5, 0.1, 12).reshape(1, 12));
        norm.beta().value().assign(Nd4j.linspace(t, -0.3, 0.05, 12).reshape(1, 12));
        return norm;
    }

    private static List<INDArray> modelStep(DataType t, INDArray src, INDArray mask, INDArray in, INDArray target) {
        Seed.set(11);
        Transformer model = new Transformer(20, 25, 16, 4, 2, 0.0);
        model.castTo(t);
        SparseCrossEntropy loss = new SparseCrossEntropy(0);
        INDArray scores = model.forward(Inputs.of(src, in).withMask(mask.castTo(t)), true);
        double l = loss.forward(scores, target);
        model.backward(loss.backward());
        List<INDArray> out = new ArrayList<>(List.of(scores.dup(), Nd4j.scalar(l)));
        for (Parameter p : model.parameters()) out.add(p.grad().dup());
        return out;
    }

    @Test
    void transformerStepMatchesPlain() {
        INDArray src = Nd4j.createFromArray(new int[][]{{3, 4, 5, 6, 0}, {7, 8, 9, 0, 0}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}});
        INDArray in = Nd4j.createFromArray(new int[][]{{1, 5, 6, 7}, {1, 9, 10, 0}});
        INDArray target = Nd4j.createFromArray(new int[][]{{5, 6, 7, 2}, {9, 10, 2, 0}});
        for (DataType t : TYPES) {
            List<INDArray> plain;
            try (var off = Kernels.off()) { plain = modelStep(t, src, mask, in, target); }
            List<INDArray> fast = modelStep(t, src, mask, in, target);
            for (int i = 0; i < plain.size(); i++) close(plain.get(i), fast.get(i), t, "Transformer step " + t + " #" + i);
        }
    }
}
