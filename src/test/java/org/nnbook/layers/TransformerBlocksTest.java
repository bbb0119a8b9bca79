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
import org.nnbook.core.Sequential;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The pre-norm encoder and decoder blocks: gradient checks with masks, padding hidden, the memory's gradient. */
class TransformerBlocksTest {
    static final INDArray MASK = Nd4j.createFromArray(new double[][]{{1, 1, 1, 1}, {1, 1, 0, 0}});

    static void shake(Model m) {
        for (Parameter p : m.parameters()) p.value().addi(Nd4j.randn(p.value().dataType(), p.value().shape()).muli(0.2));
    }

    @Test
    void anEncoderStackPassesTheGradientCheckWithAndWithoutPadding() {
        Seed.set(51);
        Sequential stack = Sequential.of(new TransformerEncoderBlock(6, 2, 8, 0), new TransformerEncoderBlock(6, 2, 8, 0), new LayerNorm(6));
        shake(stack);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 4, 6);
        GradientCheck.of(stack).maxPerParameter(20).check(x).requirePassed();
        GradientCheck.of(stack).maxPerParameter(20).check(Inputs.of(x).withMask(MASK)).requirePassed();
        INDArray a = stack.predict(Inputs.of(x).withMask(MASK)), other = x.dup();
        other.get(NDArrayIndex.point(1), NDArrayIndex.interval(2, 4), NDArrayIndex.all()).assign(7);
        INDArray b = stack.predict(Inputs.of(other).withMask(MASK));
        assertTrue(a.get(NDArrayIndex.point(1), NDArrayIndex.interval(0, 2)).equalsWithEps(b.get(NDArrayIndex.point(1), NDArrayIndex.interval(0, 2)), 1e-10),
                "real positions do not see the padding");
    }

    @Test
    void aCausalBlockMakesADecoderOnlyLanguageModelThatPassesTheGradientCheck() {
        Seed.set(53);
        Embedding embed = new Embedding(9, 6);
        Sequential lm = Sequential.of(embed, new LearnedPositions(8, 6), new TransformerEncoderBlock(6, 2, 8, 0).causal(true), new LayerNorm(6),
                new TiedDense(embed));
        shake(lm);
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 3, 4}, {5, 6, 0, 0}}), next = Nd4j.createFromArray(new int[][]{{2, 3, 4, 5}, {6, 7, 0, 0}});
        GradientCheck.of(lm).maxPerParameter(30).check(new org.nnbook.loss.SparseCrossEntropy(0), Inputs.of(ids), next).requirePassed();
        INDArray a = lm.predict(Inputs.of(ids)), b = lm.predict(Inputs.of(Nd4j.createFromArray(new int[][]{{1, 2, 8, 8}, {5, 6, 3, 3}})));
        assertTrue(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).equalsWithEps(b.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)), 1e-10),
                "positions 0, 1 do not see later tokens");
        assertTrue(((TransformerEncoderBlock) lm.get(2)).isCausal());
    }

    /** A decoder block whose memory comes from a Dense on the second input: dL/d(memory) is checked through that Dense. */
    static final class Decoder implements Model {
        final Dense memoryFrom = new Dense(3, 6);
        final TransformerDecoderBlock block = new TransformerDecoderBlock(6, 2, 8, 0);
        final INDArray memoryMask;

        Decoder(INDArray memoryMask) { this.memoryMask = memoryMask; }

        @Override
        public INDArray forward(Inputs in, boolean training) {
            return block.forward(in.get(0), in.mask(), memoryFrom.forward(in.get(1), training), memoryMask, training);
        }

        @Override
        public INDArray backward(INDArray g) {
            INDArray dx = block.backward(g);
            memoryFrom.backward(block.memoryGradient());
            return dx;
        }

        @Override
        public List<Parameter> parameters() { return Parameters.of(memoryFrom, block); }
    }

    @Test
    void aDecoderBlockPassesTheGradientCheckForTargetAndMemory() {
        Seed.set(52);
        Decoder d = new Decoder(Nd4j.createFromArray(new double[][]{{1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}}));
        shake(d);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 4, 6), memory = Nd4j.randn(DataType.DOUBLE, 2, 5, 3);
        GradientCheck.of(d).maxPerParameter(20).check(Inputs.of(x, memory).withMask(MASK)).requirePassed();
        INDArray y = d.block.forward(Inputs.of(x, d.memoryFrom.forward(memory, false)), false);
        assertArrayEquals(new long[]{2, 4, 6}, y.shape());
        assertTrue(d.block.selfAttention().isCausal());
    }
}
