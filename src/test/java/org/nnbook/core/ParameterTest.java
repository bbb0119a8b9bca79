package org.nnbook.core;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.layers.BatchNorm;
import org.nnbook.layers.Dense;

import static org.junit.jupiter.api.Assertions.*;

class ParameterTest {

    @Test
    void regularizedByDefaultAndSwitchable() {
        Parameter p = new Parameter("W", Nd4j.zeros(DataType.FLOAT, 2, 2));
        assertTrue(p.isRegularized());
        assertSame(p, p.regularized(false));
        assertFalse(p.isRegularized());
        assertTrue(p.isTrainable(), "the two flags are independent");
    }

    @Test
    void weightsAreRegularizedBiasesAndNormalisationParametersAreNot() {
        Dense d = new Dense(3, 2);
        assertTrue(d.weight().isRegularized());
        assertFalse(d.bias().isRegularized());
        BatchNorm bn = new BatchNorm(4);
        assertFalse(bn.gamma().isRegularized());
        assertFalse(bn.beta().isRegularized());
    }
}
