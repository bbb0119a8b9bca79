package org.nnbook.generative;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Sigmoid;
import org.nnbook.layers.Tanh;
import org.nnbook.optim.Adam;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The VAE's loss and its gradients (reparameterisation and KL by hand), the GAN's steps, the quality measures. */
class GenerativeTest {

    private static VariationalAutoencoder smallVae() {
        Nd4j.getRandom().setSeed(21);
        Sequential enc = Sequential.of(new Dense(6, 5), new Tanh(), new Dense(5, 4));
        Sequential dec = Sequential.of(new Dense(2, 5), new Tanh(), new Dense(5, 6));
        enc.castTo(DataType.DOUBLE);
        dec.castTo(DataType.DOUBLE);
        return new VariationalAutoencoder(enc, dec, 2);
    }

    @Test
    void vaeGradientsMatchFiniteDifferences() {
        VariationalAutoencoder vae = smallVae();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 6);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 3, 2);
        List<Parameter> params = vae.parameters();
        params.forEach(Parameter::zeroGrad);
        vae.lossAndGradients(x, eps);
        List<INDArray> grads = params.stream().map(p -> p.grad().dup()).toList();   // the finite differences below add more
        double worst = 0;
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            INDArray v = p.value(), g = grads.get(k);
            for (long i = 0; i < v.length(); i++) {
                double old = v.getDouble(i), h = 1e-6;
                v.putScalar(i, old + h);
                double up = vae.lossAndGradients(x, eps).total();
                v.putScalar(i, old - h);
                double down = vae.lossAndGradients(x, eps).total();
                v.putScalar(i, old);
                double numeric = (up - down) / (2 * h), analytic = g.getDouble(i);
                worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic)));
            }
        }
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    @Test
    void vaeKlIsZeroAtThePriorAndReconstructionIsBinaryCrossEntropy() {
        // an encoder that outputs μ = 0, log σ² = 0 gives KL 0; a decoder of zero logits gives p = ½: ln 2 per pixel
        Dense enc = new Dense(6, 4), dec = new Dense(2, 6);
        for (Parameter p : enc.parameters()) p.value().assign(0);
        for (Parameter p : dec.parameters()) p.value().assign(0);
        VariationalAutoencoder vae = new VariationalAutoencoder(enc, dec, 2);
        VariationalAutoencoder.Loss l = vae.lossAndGradients(Nd4j.rand(DataType.FLOAT, 5, 6), Nd4j.randn(DataType.FLOAT, 5, 2));
        assertEquals(0.0, l.kl(), 1e-6);
        assertEquals(6 * Math.log(2), l.reconstruction(), 1e-5);
    }

    @Test
    void vaeLearnsToReconstructAndRejectsAWrongEncoder() {
        VariationalAutoencoder vae = smallVae();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 16, 6).gt(0.5).castTo(DataType.DOUBLE);
        Adam adam = new Adam(1e-2);
        double first = vae.trainStep(x, adam).total(), last = first;
        for (int i = 0; i < 300; i++) last = vae.trainStep(x, adam).total();
        assertTrue(last < 0.7 * first, first + " -> " + last);
        assertEquals(8, vae.sample(8).size(0));
        assertArrayEquals(new long[]{16, 2}, vae.encode(x).shape());
        VariationalAutoencoder wrong = new VariationalAutoencoder(new Dense(6, 3), new Dense(2, 6), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrong.trainStep(Nd4j.rand(DataType.FLOAT, 2, 6), adam));
        assertTrue(e.getMessage().contains("(N, 4)"), e.getMessage());
    }

    @Test
    void generatorStepLeavesTheDiscriminatorAloneAndFoolsIt() {
        Nd4j.getRandom().setSeed(22);
        Layer g = Sequential.of(new Dense(2, 8), new Tanh(), new Dense(8, 4), new Sigmoid());
        Layer d = Sequential.of(new Dense(4, 8), new Tanh(), new Dense(8, 1));
        Gan gan = new Gan(g, d, 2);
        INDArray dBefore = d.parameters().get(0).value().dup();
        INDArray probe = gan.sample(64);
        double before = gan.realScore(probe);
        Adam adam = new Adam(1e-2);
        for (int i = 0; i < 100; i++) gan.generatorStep(32, adam);
        assertEquals(dBefore, d.parameters().get(0).value(), "D unchanged by G steps");
        assertTrue(gan.realScore(gan.sample(64)) > before, "G learned to raise D's score");
    }

    @Test
    void discriminatorStepTellsRealFromGenerated() {
        Nd4j.getRandom().setSeed(23);
        Layer g = Sequential.of(new Dense(2, 4), new Sigmoid());
        Layer d = Sequential.of(new Dense(4, 8), new Tanh(), new Dense(8, 1));
        Gan gan = new Gan(g, d, 2);
        INDArray real = Nd4j.zeros(DataType.FLOAT, 32, 4).addi(Nd4j.createFromArray(1f, 0f, 1f, 0f).reshape(1, 4));
        Gan.Losses last = null;
        for (int i = 0; i < 50; i++) last = gan.trainStep(real, new Adam(1e-2), new Adam(1e-9));
        assertTrue(last.realScore() > 0.5 && last.fakeScore() < 0.5, last.toString());
        assertTrue(Double.isFinite(last.generator()) && last.discriminator() > 0);
    }

    @Test
    void qualityCountsClassesEntropyAndDiversity() {
        // a "classifier" whose logits are the first 3 pixels, scaled: images pick their class by which pixel is lit
        Dense pick = new Dense(4, 3);
        pick.parameters().get(0).value().assign(Nd4j.createFromArray(new float[][]{{10, 0, 0}, {0, 10, 0}, {0, 0, 10}, {0, 0, 0}}));
        pick.parameters().get(1).value().assign(0);
        Layer flat = Sequential.of(new org.nnbook.layers.Flatten(), pick);
        INDArray x = Nd4j.createFromArray(new float[][]{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {1, 0, 0, 0}}).reshape(4, 1, 2, 2);
        SampleQuality q = SampleQuality.of(flat, x);
        assertArrayEquals(new int[]{2, 1, 1}, q.counts());
        assertEquals(1.5, q.classEntropyBits(), 1e-9);                 // ½·1 + ¼·2 + ¼·2
        assertEquals(1.0, q.confidentShare(), 1e-9);
        assertEquals(Math.exp(10) / (Math.exp(10) + 2), q.meanConfidence(), 1e-5);
        // pairs: 5 of distance √2, 1 of distance 0, over 6 pairs
        assertEquals(5 * Math.sqrt(2) / 6, q.diversity(), 1e-5);
        assertEquals(0.0, SampleQuality.diversity(Nd4j.ones(DataType.FLOAT, 5, 1, 2, 2)), 1e-3);
    }
}
