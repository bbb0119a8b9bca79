package org.nnbook.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.StepMemory;
import org.nnbook.loss.BinaryCrossEntropy;
import org.nnbook.optim.Optimizer;

import java.util.List;

/**
 * A generative adversarial network (Goodfellow et al., 2014, "Generative Adversarial Nets"): a
 * generator G turns noise z ~ N(0, I) into an image, a discriminator D gives the logit of "this
 * image is real", and the two take turns:
 * <pre>
 *   D step:  minimise  BCE(D(x), 1) + BCE(D(G(z)), 0)          tell real from generated
 *   G step:  minimise  BCE(D(G(z)), 1) = −log sigmoid(D(G(z)))  fool D (the "non-saturating" loss)
 * </pre>
 * each averaged over the batch. The G step backpropagates through D (whose weights it leaves alone)
 * into G. Nothing forces G to cover every kind of image: if one kind fools D, G may make only that
 * kind — mode collapse. {@link #generatorStep} alone, against a frozen D, shows it.
 *
 * <p>Shapes: z (N, latent); G(z) any shape D accepts, e.g. (N, 1, 28, 28) in [0, 1] (G ends with a
 * sigmoid); D's output (N, 1) logits.
 */
public final class Gan {
    private final Layer generator, discriminator;
    private final int latent;

    /** The step's losses, and D's mean probability of "real" on the real and on the generated batch. */
    public record Losses(double discriminator, double generator, double realScore, double fakeScore) {}

    public Gan(Layer generator, Layer discriminator, int latent) {
        if (latent < 1) throw new IllegalArgumentException("Gan needs a latent size >= 1, got " + latent + ".");
        this.generator = generator;
        this.discriminator = discriminator;
        this.latent = latent;
    }

    public Layer generator() { return generator; }

    public Layer discriminator() { return discriminator; }

    public int latent() { return latent; }

    /** One D step on the real batch and as many generated images, then one G step; fresh noise from ND4J's generator. */
    public Losses trainStep(INDArray real, Optimizer dOptimizer, Optimizer gOptimizer) {
        // the step's arrays in reused memory, the real batch marked as data (org.nnbook.kernels; plain with the kernels off)
        return StepMemory.trainingStep(() -> real, b -> List.of(b), b -> step(b, dOptimizer, gOptimizer));
    }

    private Losses step(INDArray real, Optimizer dOptimizer, Optimizer gOptimizer) {
        long n = real.size(0);
        List<Parameter> d = discriminator.parameters();
        d.forEach(Parameter::zeroGrad);
        INDArray fake = generator.forward(noise(n), true);
        BinaryCrossEntropy onReal = new BinaryCrossEntropy(), onFake = new BinaryCrossEntropy();
        INDArray realLogits = discriminator.forward(real, true);
        double dLoss = onReal.forward(realLogits, Nd4j.ones(realLogits.dataType(), n, 1));
        discriminator.backward(onReal.backward());
        INDArray fakeLogits = discriminator.forward(fake, true);
        dLoss += onFake.forward(fakeLogits, Nd4j.zeros(fakeLogits.dataType(), n, 1));
        discriminator.backward(onFake.backward());
        dOptimizer.step(d);
        double gLoss = updateGenerator(n, gOptimizer);
        return new Losses(dLoss, gLoss, meanProbability(realLogits), meanProbability(fakeLogits));
    }

    /** One G step on n generated images against D as it is (D's weights do not change); returns G's loss. */
    public double generatorStep(long n, Optimizer gOptimizer) {
        return StepMemory.trainingStep(() -> n, b -> List.of(), b -> updateGenerator(b, gOptimizer));
    }

    private double updateGenerator(long n, Optimizer gOptimizer) {
        List<Parameter> g = generator.parameters();
        g.forEach(Parameter::zeroGrad);
        INDArray fake = generator.forward(noise(n), true);
        BinaryCrossEntropy fool = new BinaryCrossEntropy();
        INDArray logits = discriminator.forward(fake, true);
        double loss = fool.forward(logits, Nd4j.ones(logits.dataType(), n, 1));
        generator.backward(discriminator.backward(fool.backward()));    // D's grads are zeroed before its next step
        gOptimizer.step(g);
        return loss;
    }

    /** n generated images (evaluation mode). */
    public INDArray sample(int n) { return generator.forward(noise(n), false); }

    /** D's mean probability that the images x are real. */
    public double realScore(INDArray x) { return meanProbability(discriminator.forward(x, false)); }

    private INDArray noise(long n) { return Nd4j.randn(generator.parameters().get(0).value().dataType(), n, latent); }

    private static double meanProbability(INDArray logits) { return Transforms.sigmoid(logits, true).meanNumber().doubleValue(); }

    @Override
    public String toString() { return "Gan(latent " + latent + ", generator " + generator + ", discriminator " + discriminator + ")"; }
}
