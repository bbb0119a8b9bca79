package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.data.Dataset;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Clipping by the global gradient norm, an option of every optimizer, as the Trainer logs it. */
class GradientClippingTest {

    /** The identity on x, with two parameters whose gradients are always (3, 4) and (12): global norm 13. */
    static final class KnownGradients implements Layer {
        final Parameter a = new Parameter("a", Nd4j.zeros(DataType.FLOAT, 1, 2));
        final Parameter b = new Parameter("b", Nd4j.zeros(DataType.FLOAT, 1, 1));

        @Override
        public INDArray forward(INDArray x, boolean training) { return x; }

        @Override
        public INDArray backward(INDArray gradOut) {
            a.grad().addi(Nd4j.createFromArray(new float[][]{{3, 4}}));
            b.grad().addi(Nd4j.createFromArray(new float[][]{{12}}));
            return gradOut;
        }

        @Override
        public List<Parameter> parameters() { return List.of(a, b); }
    }

    /** One SGD step with η = 1 on a one-batch data set; the data loss is 0 (the identity meets its targets). */
    private static History oneStep(KnownGradients layer, double maxNorm) {
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 1);
        return new Trainer(layer, new MeanSquaredError(), new SGD(1).clipGradNorm(maxNorm)).epochs(1).batchSize(4).quiet()
                .fit(new Dataset(x, x));
    }

    @Test
    void scalesAllGradientsTogetherToTheMaximumNorm() {
        KnownGradients l = new KnownGradients();
        History h = oneStep(l, 1.3);                                           // factor 1.3 / 13 = 0.1
        assertArrayEquals(new float[]{-0.3f, -0.4f}, l.a.value().ravel().toFloatVector(), 1e-6f);
        assertEquals(-1.2f, l.b.value().getFloat(0), 1e-6f);
        assertEquals(13.0, h.last("grad_norm"), 1e-5, "the logged norm is the one before clipping");
    }

    @Test
    void leavesSmallGradientsAlone() {
        KnownGradients l = new KnownGradients();
        oneStep(l, 100);
        assertArrayEquals(new float[]{-3, -4}, l.a.value().ravel().toFloatVector(), 1e-6f);
        assertEquals(-12f, l.b.value().getFloat(0), 1e-6f);
    }

    @Test
    void frozenParametersDoNotCount() {
        KnownGradients l = new KnownGradients();
        l.b.trainable(false);
        History h = oneStep(l, 1);                                             // norm of (3, 4) is 5: factor 0.2
        assertArrayEquals(new float[]{-0.6f, -0.8f}, l.a.value().ravel().toFloatVector(), 1e-6f);
        assertEquals(0f, l.b.value().getFloat(0));
        assertEquals(5.0, h.last("grad_norm"), 1e-5);
    }

    @Test
    void rejectsNonPositiveNorms() {
        SGD sgd = new SGD(1);
        assertThrows(IllegalArgumentException.class, () -> sgd.clipGradNorm(0));
        assertThrows(IllegalArgumentException.class, () -> sgd.clipGradNorm(Double.NaN));
        assertTrue(sgd.clipGradNorm(2).toString().contains("clipGradNorm=2.0"), sgd.toString());
        sgd.clipGradNorm(Double.POSITIVE_INFINITY);                               // back off
        assertFalse(sgd.clips() || sgd.toString().contains("clip"), sgd.toString());
    }

    @Test
    void aNonFiniteNormUpdatesNothing() {
        Parameter p = new Parameter("p", Nd4j.ones(DataType.FLOAT, 1, 2));
        p.grad().assign(Nd4j.createFromArray(new float[][]{{1, Float.NaN}}));
        var e = assertThrows(IllegalStateException.class, () -> new SGD(0.1).clipGradNorm(1).step(List.of(p)));
        assertTrue(e.getMessage().contains("no update was made"), e.getMessage());
        assertEquals(Nd4j.ones(DataType.FLOAT, 1, 2), p.value());
    }
}
