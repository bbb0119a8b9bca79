package org.nnbook.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.core.Seed;
import org.nnbook.core.ShapeException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MultiHeadAttention: gradient checks (self, causal, padded, both, cross with a memory mask, dropout),
 * what causality and padding hide, weights of fully masked rows, the kept weights, errors.
 */
class MultiHeadAttentionTest {
    static final INDArray MASK = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});

    /** Attention whose memory comes from a Dense on the second input, so that dL/d(memory) is checked through that Dense's W. */
    static final class Cross implements Model {
        final Dense memoryFrom = new Dense(3, 6);
        final MultiHeadAttention attention = new MultiHeadAttention(6, 2);
        final INDArray memoryMask;

        Cross(INDArray memoryMask) { this.memoryMask = memoryMask; }

        @Override
        public INDArray forward(Inputs in, boolean training) {
            return attention.forward(in.get(0), memoryFrom.forward(in.get(1), training), memoryMask, training);
        }

        @Override
        public INDArray backward(INDArray g) {
            INDArray dx = attention.backward(g);
            memoryFrom.backward(attention.memoryGradient());
            return dx;
        }

        @Override
        public List<Parameter> parameters() { return Parameters.of(memoryFrom, attention); }
    }

    /** Moves biases off zero so that their gradients are checked on a general point. */
    static MultiHeadAttention shaken(MultiHeadAttention a) {
        for (Parameter p : a.parameters()) p.value().addi(Nd4j.randn(p.value().dataType(), p.value().shape()).muli(0.3));
        return a;
    }

    @Test
    void selfAttentionPassesTheGradientCheckPlainCausalPaddedAndBoth() {
        Seed.set(41);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 5, 6);
        GradientCheck.of(shaken(new MultiHeadAttention(6, 2))).check(x).requirePassed();
        GradientCheck.of(shaken(new MultiHeadAttention(6, 3).causal(true))).check(x).requirePassed();
        GradientCheck.of(shaken(new MultiHeadAttention(6, 2))).check(Inputs.of(x).withMask(MASK)).requirePassed();
        GradientCheck.of(shaken(new MultiHeadAttention(6, 1).causal(true))).check(Inputs.of(x).withMask(MASK)).requirePassed();
    }

    @Test
    void crossAttentionPassesTheGradientCheckForQueriesAndMemory() {
        Seed.set(42);
        Cross cross = new Cross(MASK);
        shaken(cross.attention);
        var r = GradientCheck.of(cross).check(Inputs.of(Nd4j.randn(DataType.DOUBLE, 3, 4, 6), Nd4j.randn(DataType.DOUBLE, 3, 5, 3))).requirePassed();
        assertEquals(2 + 8 + 1, r.entries().size(), "the memory's Dense, the 8 attention tensors, the queries");
        assertThrows(IllegalStateException.class, () -> {
            MultiHeadAttention self = new MultiHeadAttention(6, 2);
            self.backward(self.forward(Nd4j.randn(DataType.FLOAT, 1, 2, 6), null, true));
            self.memoryGradient();
        });
    }

    @Test
    void dropoutOnTheWeightsPassesTheGradientCheckWithAFixedDraw() {
        Seed.set(43);
        MultiHeadAttention a = shaken(new MultiHeadAttention(4, 2, 0.3));
        Model fixed = new Model() {                                   // the same dropout mask at every forward
            public INDArray forward(Inputs in, boolean training) { Nd4j.getRandom().setSeed(77); return a.forward(in, training); }
            public INDArray backward(INDArray g) { return a.backward(g); }
            public List<Parameter> parameters() { return a.parameters(); }
        };
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 4, 4);
        GradientCheck.of(fixed).check(x).requirePassed();
        INDArray eval1 = a.forward(x, null, false), eval2 = a.forward(x, null, false), train = a.forward(x, null, true);
        assertEquals(eval1, eval2, "no dropout in evaluation");
        assertNotEquals(eval1, train, "dropout in training");
    }

    @Test
    void causalityAndPaddingHideWhatTheyShould() {
        Seed.set(44);
        MultiHeadAttention causal = new MultiHeadAttention(6, 2).causal(true);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 5, 6);
        causal.castTo(DataType.DOUBLE);
        INDArray y = causal.forward(x, null, false), w = causal.lastWeights();
        INDArray later = x.dup();
        later.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 5), NDArrayIndex.all()).addi(5);
        INDArray y2 = causal.forward(later, null, false);
        assertTrue(y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).equalsWithEps(y2.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)), 1e-12),
                "positions 0..2 do not see positions 3, 4");
        assertArrayEquals(new long[]{2, 2, 5, 5}, w.shape());
        assertEquals(0, w.getDouble(0, 1, 1, 2), 0);
        assertEquals(1, w.getDouble(1, 0, 0, 0), 1e-12, "position 0 sees only itself");

        MultiHeadAttention padded = new MultiHeadAttention(6, 3);
        padded.castTo(DataType.DOUBLE);
        INDArray mask = MASK.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        INDArray a = padded.forward(x, mask, false), pw = padded.lastWeights();
        INDArray other = x.dup();
        other.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 5), NDArrayIndex.all()).assign(9);
        INDArray b = padded.forward(other, mask, false);
        assertTrue(a.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 3)).equalsWithEps(b.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 3)), 1e-12),
                "real positions do not see the padding");
        assertEquals(0, pw.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 5)).sumNumber().doubleValue(), 0);
        assertTrue(pw.sum(3).sub(1).amaxNumber().doubleValue() < 1e-12, "each row sums to 1");
    }

    @Test
    void aQueryWithEveryKeyMaskedGetsZeroWeightsAndTheOutputBiasNotNaN() {
        Seed.set(45);
        MultiHeadAttention a = shaken(new MultiHeadAttention(4, 2).causal(true));
        a.castTo(DataType.DOUBLE);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 4);
        INDArray mask = Nd4j.createFromArray(new double[][]{{0, 1, 1}, {0, 0, 0}});    // row 0: query 0 sees only key 0, padding
        INDArray y = a.forward(x, mask, false);
        assertFalse(y.isNaN().any(), y.toString());
        INDArray bo = a.parameters().get(7).value();
        assertTrue(y.get(NDArrayIndex.point(0), NDArrayIndex.point(0)).reshape(1, 4).equalsWithEps(bo, 1e-12));
        assertTrue(y.get(NDArrayIndex.point(1)).equalsWithEps(Nd4j.repeat(bo, 3).reshape(3, 4), 1e-12));
        assertEquals(0, a.lastWeights().get(NDArrayIndex.point(1)).sumNumber().doubleValue(), 0);
        a.zeroGrad();
        INDArray dx = a.backward(Nd4j.ones(DataType.DOUBLE, 2, 3, 4));
        assertFalse(dx.isNaN().any());
    }

    @Test
    void shapeErrorsNameTheLayerAndTheFix() {
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(6, 4));
        var e = assertThrows(ShapeException.class, () -> new MultiHeadAttention(8, 2).forward(Nd4j.ones(2, 3, 6), null, true));
        assertTrue(e.getMessage().contains("MultiHeadAttention(8, 2 heads)") && e.getMessage().contains("(N, T, 8)") && e.getMessage().contains("[2, 3, 6]"), e.getMessage());
        var e2 = assertThrows(ShapeException.class, () -> new MultiHeadAttention(4, 2).forward(Nd4j.ones(2, 3, 4), Nd4j.ones(2, 4), true));
        assertTrue(e2.getMessage().contains("key padding mask"), e2.getMessage());
        var e3 = assertThrows(ShapeException.class, () -> new MultiHeadAttention(4, 2).forward(Nd4j.ones(2, 3, 4), Nd4j.ones(3, 3, 4), null, true));
        assertTrue(e3.getMessage().contains("memory"), e3.getMessage());
        assertThrows(IllegalStateException.class, () -> new MultiHeadAttention(4, 2).lastWeights());
    }
}
