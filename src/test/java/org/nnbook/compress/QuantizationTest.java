package org.nnbook.compress;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Layer;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.eval.Evaluation;
import org.nnbook.layers.Dense;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.compress.Fixtures.*;

class QuantizationTest {

    @Test
    void codesAndTheirRange() {
        assertEquals(127, Quantization.maxCode(8));
        assertEquals(7, Quantization.maxCode(4));
        assertThrows(IllegalArgumentException.class, () -> Quantization.maxCode(1));
        assertThrows(IllegalArgumentException.class, () -> Quantization.maxCode(17));
    }

    /** Per output channel: a Dense's columns, a Conv2D's filters; each value within half a step of its channel's grid. */
    @Test
    void perChannelRoundTripWithinHalfAStep() {
        for (long[] shape : new long[][]{{20, 7}, {5, 3, 3, 3}})
            for (int bits : new int[]{8, 4}) {
                INDArray w = gaussian(bits + shape.length, shape);
                int channels = Weights.channels(shape);
                float[] sizes = new float[channels];
                for (int c = 0; c < channels; c++) sizes[c] = (float) Math.pow(3, c - 2);                  // channels of very different sizes
                w.muli(Nd4j.createFromArray(sizes).reshape(shape.length == 2 ? new long[]{1, channels} : new long[]{channels, 1, 1, 1}));
                float[] s = Quantization.channelScales(w, bits);
                assertEquals(Weights.channels(shape), s.length);
                INDArray q = Quantization.quantize(w, s, bits), back = Quantization.dequantize(q, s, DataType.FLOAT);
                double[] v = values(w), qv = values(q), bv = values(back);
                int qmax = Quantization.maxCode(bits);
                double[] channelMax = new double[s.length];
                for (int i = 0; i < v.length; i++) {
                    int c = Weights.channelOf(i, shape);
                    assertTrue(Math.abs(qv[i]) <= qmax, "code " + qv[i]);
                    assertEquals(v[i], bv[i], s[c] / 2 * (1 + 1e-5), "element " + i + " of " + bits + "-bit channel " + c);
                    channelMax[c] = Math.max(channelMax[c], Math.abs(qv[i]));
                }
                for (double m : channelMax) assertEquals(qmax, m, "each channel's largest |w| takes the largest code: nothing is clipped");
                // a per-tensor scale is coarser for the small channels: its error is larger
                float t = Quantization.tensorScale(w, bits);
                double perTensor = Quantization.dequantize(Quantization.quantize(w, new float[]{t}, bits), new float[]{t}, DataType.FLOAT).sub(w).norm2Number().doubleValue();
                double perChannel = back.sub(w).norm2Number().doubleValue();
                assertTrue(perChannel < perTensor, perChannel + " vs " + perTensor);
            }
    }

    /** What the file format relies on: quantising quantised weights again changes nothing, bit for bit. */
    @Test
    void fakeQuantizeIsIdempotent() {
        for (int bits : new int[]{8, 6, 4, 2}) {
            INDArray once = Quantization.fakeQuantize(gaussian(bits, 30, 12), bits);
            assertEquals(once, Quantization.fakeQuantize(once, bits), bits + " bits");
        }
        assertEquals(0, Quantization.fakeQuantize(Nd4j.zeros(DataType.FLOAT, 3, 2), 8).norm2Number().doubleValue(), "zeros stay zeros");
    }

    /** Calibration: unsigned codes after a ReLU, the largest input on the largest code; the values then sit on the grid. */
    @Test
    void activationQuantizerCalibratesAndRounds() {
        ActivationQuantizer q = new ActivationQuantizer(8);
        INDArray x = Nd4j.createFromArray(new float[]{0f, 0.3f, 1.7f, 2.55f}).reshape(1, 4);
        q.startCalibration();
        assertEquals(x, q.forward(x, false), "calibration leaves inputs alone");
        q.endCalibration();
        assertTrue(q.unsigned());
        assertEquals(0.01, q.scale(), 1e-7);
        INDArray y = q.forward(Nd4j.createFromArray(new float[]{0.304f, -1f, 3f, 1.234f}).reshape(1, 4), false);
        assertArrayEquals(new double[]{0.30, 0, 2.55, 1.23}, values(y), 1e-6);
        INDArray g = q.backward(Nd4j.ones(DataType.FLOAT, 1, 4));
        assertArrayEquals(new double[]{1, 0, 0, 1}, values(g), "straight through inside the codes, zero where clipped");
        ActivationQuantizer fresh = new ActivationQuantizer(8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fresh.forward(x, false));
        assertTrue(e.getMessage().contains("calibrate"), e.getMessage());
    }

    /**
     * The straight-through estimator is the exact gradient of the clipped identity s·clamp(x/s, lo, hi) with the rounding
     * left out: checked by finite differences in double precision on a layer that computes just that.
     */
    @Test
    void straightThroughIsTheGradientOfTheClippedIdentity() {
        ActivationQuantizer q = new ActivationQuantizer(4, false);
        q.startCalibration();
        q.forward(Nd4j.createFromArray(new double[]{-1.4, 1.4}).reshape(1, 2), false);
        q.endCalibration();
        double lo = q.lowestCode() * q.scale(), hi = q.highestCode() * q.scale();
        Layer clip = new Layer() {
            public INDArray forward(INDArray x, boolean training) { return org.nd4j.linalg.ops.transforms.Transforms.min(org.nd4j.linalg.ops.transforms.Transforms.max(x, lo, true), hi, false); }
            public INDArray backward(INDArray gradOut) { throw new UnsupportedOperationException(); }
        };
        INDArray x = Nd4j.createFromArray(new double[]{-3, -1.2, -0.5, 0.01, 0.33, 0.9, 1.3, 2.5}).reshape(2, 4);
        INDArray r = gaussian(9, 2, 4).castTo(DataType.DOUBLE);
        q.forward(x, true);
        INDArray ste = q.backward(r);
        double eps = 1e-6;
        for (int i = 0; i < 8; i++) {
            INDArray plus = x.dup(), minus = x.dup();
            plus.putScalar(i, x.getDouble(i) + eps);
            minus.putScalar(i, x.getDouble(i) - eps);
            double numeric = (clip.forward(plus, false).mul(r).sumNumber().doubleValue() - clip.forward(minus, false).mul(r).sumNumber().doubleValue()) / (2 * eps);
            assertEquals(numeric, ste.getDouble(i), 1e-6, "element " + i + " (x = " + x.getDouble(i) + ")");
        }
    }

    @Test
    void postTrainingQuantizationKeepsAccuracyAndTheOriginal() {
        Dataset data = blobs(600, 11);
        Sequential net = mlp(11);
        new Trainer(net, new CrossEntropy(), new Adam(1e-2)).epochs(5).quiet().fit(data);
        INDArray before = ((Dense) net.get(0)).weight().value().dup();
        double acc = Evaluation.of(net, data).accuracy();
        Sequential int8 = PostTrainingQuantization.of(net, data.range(0, 200), 8, 8);
        assertEquals(before, ((Dense) net.get(0)).weight().value(), "the original is not changed");
        assertEquals(8, int8.size(), "an ActivationQuantizer before each of the 3 Dense layers");
        List<Dense> dense = PostTrainingQuantization.quantized(int8, Dense.class);
        assertEquals(3, dense.size());
        for (Dense d : dense) assertEquals(d.weight().value(), Quantization.fakeQuantize(d.weight().value(), 8), "weights on their 8-bit grid");
        assertEquals(acc, Evaluation.of(int8, data).accuracy(), 0.02);
        INDArray x = data.range(0, 50).x();
        double diff = int8.predict(x).sub(net.predict(x)).norm2Number().doubleValue() / net.predict(x).norm2Number().doubleValue();
        assertTrue(diff < 0.02, "int8 outputs within 2% of float: " + diff);
        assertThrows(IllegalArgumentException.class, () -> PostTrainingQuantization.of(int8, data, 8, 8), "quantising twice");
    }

    /** Quantisation-aware training at 2 bits recovers accuracy that post-training quantisation loses; the masters get dL/dW of the quantised weights. */
    @Test
    void quantizationAwareTrainingRecoversAccuracy() {
        Dataset data = blobs(900, 12);
        Sequential net = mlp(12);
        new Trainer(net, new CrossEntropy(), new Adam(1e-2)).epochs(5).quiet().fit(data);
        double ptq = Evaluation.of(PostTrainingQuantization.of(net, data.range(0, 300), 2, 4), data).accuracy();
        QuantizationAware qat = QuantizationAware.of(net, data.range(0, 300), 2, 4);
        assertEquals(3, qat.masters().size());
        new Trainer(qat, new CrossEntropy(), new Adam(3e-3)).epochs(4).quiet().fit(data);
        Sequential q = qat.model();
        double trained = Evaluation.of(q, data).accuracy();
        assertTrue(trained >= ptq, "QAT " + trained + " vs PTQ " + ptq);
        for (Dense d : PostTrainingQuantization.quantized(q, Dense.class)) assertEquals(d.weight().value(), Quantization.fakeQuantize(d.weight().value(), 2));
        // straight through: after a backward pass each master's gradient is its quantised weight's gradient
        Dataset batch = data.range(0, 32);
        qat.parameters().forEach(p -> p.zeroGrad());
        INDArray yHat = qat.forward(org.nnbook.core.Inputs.of(batch.x()), true);
        CrossEntropy loss = new CrossEntropy();
        loss.forward(yHat, batch.y());
        qat.backward(loss.backward());
        List<Dense> dense = PostTrainingQuantization.quantized(q, Dense.class);
        for (int i = 0; i < 3; i++) assertEquals(dense.get(i).weight().grad(), qat.masters().get(i).grad());
        // and that gradient is right: a double-precision finite-difference check of the model with its weights quantised
        Sequential plain = Sequential.of(PostTrainingQuantization.flat(q).stream().filter(l -> !(l instanceof ActivationQuantizer)).toList());
        GradientCheck.Result check = GradientCheck.of(plain).check(batch.range(0, 4).x().castTo(DataType.DOUBLE));
        assertTrue(check.passed(), check.toString());
    }
}
