package org.nnbook.core;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Dropout;
import org.nnbook.layers.ReLU;

import static org.junit.jupiter.api.Assertions.*;

/** Sequential.predict runs in a reused workspace: its results must still be ordinary arrays that later calls leave alone. */
class PredictTest {

    @Test
    void predictionsAreDetachedCopiesThatLaterCallsDoNotOverwrite() {
        Seed.set(2);
        Sequential net = Sequential.of(new Dense(4, 8), new ReLU(), new Dropout(0.5), new Dense(8, 3));
        INDArray a = Nd4j.randn(DataType.FLOAT, 5, 4), b = Nd4j.randn(DataType.FLOAT, 5, 4);
        INDArray expectedA = net.forward(a, false).dup(), expectedB = net.forward(b, false).dup();
        INDArray pa = net.predict(a);
        INDArray pb = net.predict(b);
        assertFalse(pa.isAttached(), "outside any workspace");
        assertEquals(expectedA, pa, "the first result survives the second call");
        assertEquals(expectedB, pb);
        assertEquals(expectedA, net.predict(a), "evaluation mode: no dropout, same output every time");
        assertEquals(expectedA.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                net.predict(a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all())),
                "another batch size");
    }
}
