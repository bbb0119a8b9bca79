package org.nnbook.check;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.core.Residual;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.layers.Tanh;
import org.nnbook.layers.TiedDense;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GradientCheckTest {

    /** y = x ⊙ w with a deliberately wrong gradient for w (off by a factor of 2). */
    static final class BrokenScale implements Layer {
        final Parameter w = new Parameter("w", Nd4j.rand(DataType.DOUBLE, 1, 3));
        INDArray x;

        public INDArray forward(INDArray x, boolean training) { this.x = x; return x.mul(w.value()); }

        public INDArray backward(INDArray g) {
            w.grad().addi(g.mul(x).sum(true, 0).muli(2));
            return g.mul(w.value());
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
    void theTableNamesEachTensorByItsPlaceAndLayer() {
        Seed.set(1);
        GradientCheck.Result r = GradientCheck.of(Sequential.of(new Dense(4, 8), new Tanh(), new Dense(8, 3)))
                .check(Nd4j.randn(DataType.DOUBLE, 5, 4)).requirePassed();
        assertEquals(List.of("0.W", "0.b", "2.W", "2.b", "input"), r.entries().stream().map(GradientCheck.Entry::path).toList());
        assertEquals(List.of("W", "b", "W", "b", "input"), r.entries().stream().map(GradientCheck.Entry::name).toList(), "name() is the parameter's own");
        assertEquals(List.of("Dense(4 -> 8)", "Dense(4 -> 8)", "Dense(8 -> 3)", "Dense(8 -> 3)", ""),
                r.entries().stream().map(GradientCheck.Entry::layer).toList());
        String table = r.toString();
        assertTrue(table.lines().anyMatch(l -> l.matches("2\\.W\\s+Dense\\(8 -> 3\\)\\s+24/24\\s.* ok")), table);
        assertTrue(table.lines().findFirst().orElseThrow().matches("tensor\\s+layer\\s+checked.*"), table);
    }

    @Test
    void aWrongGradientInsideASequentialIsNamedByItsPlace() {
        Seed.set(2);
        GradientCheck.Result r = GradientCheck.of(Sequential.of(new Dense(3, 3), new BrokenScale()))
                .check(Nd4j.randn(DataType.DOUBLE, 4, 3));
        List<GradientCheck.Entry> wrong = r.entries().stream().filter(e -> !e.passed()).toList();
        assertEquals(1, wrong.size(), r.toString());
        assertEquals("1.w", wrong.get(0).path());
        assertEquals("BrokenScale", wrong.get(0).layer(), "a layer without toString is named by its class");
        assertTrue(r.toString().lines().anyMatch(l -> l.startsWith("1.w") && l.contains("BrokenScale") && l.contains("WRONG")), r.toString());
    }

    /** A model class of its own: its parts are named by its fields; a residual block adds no name; a shared table gets its first place (the field embed). */
    static final class EncoderHead implements Model {
        final Embedding embed = new Embedding(6, 4);
        final Sequential encoder = Sequential.of(embed, new MeanOverTime(), new Residual(Sequential.of(new Dense(4, 4), new Tanh())));
        final TiedDense head = new TiedDense(embed);

        @Override
        public INDArray forward(Inputs in, boolean training) { return head.forward(encoder.forward(in.x(), in.mask(), training), training); }

        @Override
        public INDArray backward(INDArray gradOut) { return encoder.backward(head.backward(gradOut)); }

        @Override
        public List<Parameter> parameters() { return Parameters.of(encoder, head); }
    }

    @Test
    void partsOfAModelClassAreNamedByItsFields() {
        Seed.set(3);
        INDArray ids = Nd4j.createFromArray(new int[][]{{1, 2, 3}, {4, 5, 0}});
        GradientCheck.Result r = GradientCheck.of(new EncoderHead()).check(Inputs.of(ids).withMask(Nd4j.createFromArray(new float[][]{{1, 1, 1}, {1, 1, 0}})))
                .requirePassed();
        assertEquals(List.of("embed.E", "encoder.2.0.W", "encoder.2.0.b", "head.b"),
                r.entries().stream().map(GradientCheck.Entry::path).toList(), r.toString());
        assertEquals("Embedding(6, 4)", r.entries().get(0).layer());
        assertTrue(r.entries().get(3).layer().startsWith("TiedDense("), r.toString());
    }

    @Test
    void expectThrowsWhenAResultIsNotMet() {
        Expect.atLeast("accuracy", 0.99, 0.9);
        AssertionError e = assertThrows(AssertionError.class, () -> Expect.atLeast("accuracy", 0.5, 0.9));
        assertTrue(e.getMessage().contains("expected at least 0.9000"), e.getMessage());
        assertThrows(AssertionError.class, () -> Expect.decreased("loss", 1.0, 0.95, 0.5));
    }
}
