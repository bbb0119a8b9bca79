package org.nnbook.check;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GradientCheckTest {

    /** y = x ⊙ w with a deliberately wrong gradient for w (off by a factor of 2). */
    static final class BrokenScale implements Layer {
        final Parameter w = new Parameter("w", Nd4j.rand(DataType.DOUBLE, 1, 3));
        INDArray x;

        public INDArray forward(INDArray x, boolean training) { this.x = x; return x.mulRowVector(w.value()); }

        public INDArray backward(INDArray g) {
            w.grad().addi(g.mul(x).sum(true, 0).muli(2));
            return g.mulRowVector(w.value());
        }

        public List<Parameter> parameters() { return List.of(w); }
    }

    @Test
    void catchesAWrongGradientAndSaysWhere() {
        GradientCheck.Result r = GradientCheck.of(new BrokenScale()).check(Nd4j.randn(DataType.DOUBLE, 4, 3));
        assertFalse(r.passed());
        assertTrue(r.toString().contains("WRONG"), r.toString());
        assertTrue(r.entries().stream().filter(e -> e.name().equals("input")).allMatch(GradientCheck.Entry::passed));
        assertThrows(AssertionError.class, r::requirePassed);
    }

    @Test
    void expectThrowsWhenAResultIsNotMet() {
        Expect.atLeast("accuracy", 0.99, 0.9);
        AssertionError e = assertThrows(AssertionError.class, () -> Expect.atLeast("accuracy", 0.5, 0.9));
        assertTrue(e.getMessage().contains("expected at least 0.9000"), e.getMessage());
        assertThrows(AssertionError.class, () -> Expect.decreased("loss", 1.0, 0.95, 0.5));
    }
}
