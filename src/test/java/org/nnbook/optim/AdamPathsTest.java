package org.nnbook.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Adam updates dense float/double arrays in Java and anything else with ND4J's adam_updater: both follow the textbook. */
class AdamPathsTest {

    /** Three textbook Adam steps with gradients g₁, g₂, g₃, in double precision with ND4J ops. */
    private static INDArray textbook(INDArray start, List<INDArray> grads, double lr) {
        INDArray w = start.castTo(DataType.DOUBLE).dup(), m = w.like(), v = w.like();   // dup: castTo to the same type is no copy
        for (int t = 1; t <= grads.size(); t++) {
            INDArray g = grads.get(t - 1).castTo(DataType.DOUBLE);
            m.muli(0.9).addi(g.mul(0.1));
            v.muli(0.999).addi(g.mul(g).muli(0.001));
            INDArray mHat = m.div(1 - Math.pow(0.9, t)), vHat = v.div(1 - Math.pow(0.999, t));
            w.subi(mHat.divi(Transforms.sqrt(vHat, true).addi(1e-8)).muli(lr));
        }
        return w;
    }

    @Test
    void javaLoopAndFusedOpMatchTheTextbook() {
        Seed.set(11);
        int n = ElementWise.CHUNK * 2 + 37;                  // several chunks and a remainder
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray start = Nd4j.randn(type, 3, n);
            List<INDArray> grads = List.of(Nd4j.randn(type, 3, n), Nd4j.randn(type, 3, n).muli(0.1), Nd4j.randn(type, 3, n).muli(3));
            INDArray expected = textbook(start, grads, 0.01);
            double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;

            Parameter p = new Parameter("w", start.dup());          // dense: the Java loop
            Adam adam = new Adam(0.01);
            for (INDArray g : grads) {
                p.grad().assign(g);
                adam.step(List.of(p));
            }
            assertTrue(expected.equalsWithEps(p.value().castTo(DataType.DOUBLE), tol), type + " Java loop, max diff " + expected.sub(p.value().castTo(DataType.DOUBLE)).amaxNumber());

            Parameter q = new Parameter("w", start.dup());          // gradient in another layout: adam_updater
            Adam fused = new Adam(0.01);
            for (INDArray g : grads) {
                INDArray gf = g.dup('f');
                assertFalse(ElementWise.sameLayout(q.value(), gf));
                fused.step(List.of());                           // counts the step, as step(params) does before update()
                fused.update(q, q.value(), gf);
            }
            assertTrue(expected.equalsWithEps(q.value().castTo(DataType.DOUBLE), tol), type + " adam_updater");
        }
    }
}
