package org.nnbook.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.kernels.StepMemory;
import org.nnbook.loss.BinaryCrossEntropy;
import org.nnbook.optim.Optimizer;

import java.util.List;

/**
 * A variational autoencoder (Kingma and Welling, 2014, "Auto-Encoding Variational Bayes"): the
 * encoder maps an image x to a Gaussian q(z | x) = N(μ, diag σ²) over a small latent code z, the
 * decoder maps a code back to the logits of Bernoulli pixels p(x | z), and the two are trained
 * together to minimise, per image, the negative evidence lower bound
 * <pre>
 *   L(x) = Σ_pixels BCE(x, decoder(z))                      reconstruction, z = μ + σ·ε, ε ~ N(0, I)
 *        + KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − log σ_j² − 1)
 * </pre>
 * averaged over the batch. Drawing z as μ + σ·ε (the reparameterisation trick) makes the sample a
 * differentiable function of μ and σ, so the gradient reaches the encoder:
 * <pre>
 *   dL/dμ = dL/dz + μ/N          dL/d(log σ²) = dL/dz · ε · σ/2 + (σ² − 1)/(2N)
 * </pre>
 * where dL/dz comes back from the decoder. After training, decoding z ~ N(0, I) draws new images.
 *
 * <p>Shapes: x (N, D) in [0, 1]; the encoder outputs (N, 2·latent), μ first, then log σ²; the
 * decoder takes (N, latent) and outputs (N, D) logits (no sigmoid: {@link #decode} applies it).
 */
public final class VariationalAutoencoder {
    private final Layer encoder, decoder;
    private final int latent;

    /** The terms of the batch's mean loss: reconstruction (summed over pixels) and KL; total is their sum. */
    public record Loss(double reconstruction, double kl) {
        public double total() { return reconstruction + kl; }
    }

    public VariationalAutoencoder(Layer encoder, Layer decoder, int latent) {
        if (latent < 1) throw new IllegalArgumentException("VariationalAutoencoder needs a latent size >= 1, got " + latent + ".");
        this.encoder = encoder;
        this.decoder = decoder;
        this.latent = latent;
    }

    public int latent() { return latent; }

    public Layer encoder() { return encoder; }

    public Layer decoder() { return decoder; }

    public List<Parameter> parameters() { return Parameters.of(encoder, decoder); }

    /** One training step on the batch x (N, D): noise drawn from ND4J's generator, gradients zeroed, then an update. */
    public Loss trainStep(INDArray x, Optimizer optimizer) {
        // the step's arrays in reused memory, x marked as data (org.nnbook.kernels; plain with the kernels off)
        return StepMemory.trainingStep(() -> x, b -> List.of(b), b -> step(b, optimizer));
    }

    private Loss step(INDArray x, Optimizer optimizer) {
        List<Parameter> params = parameters();
        params.forEach(Parameter::zeroGrad);
        Loss loss = lossAndGradients(x, Nd4j.randn(x.dataType(), x.size(0), latent));
        optimizer.step(params);
        return loss;
    }

    /**
     * The loss of batch x with the noise {@code eps} (N, latent), and its gradients <b>added</b> into
     * the parameters' grads (forward and backward in training mode).
     */
    public Loss lossAndGradients(INDArray x, INDArray eps) {
        long n = x.size(0);
        INDArray stats = encoder.forward(x, true);                                        // (N, 2·latent)
        requireStats(stats);
        INDArray mu = stats.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).dup();
        INDArray logVar = stats.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2L * latent)).dup();
        INDArray sigma = Transforms.exp(logVar.mul(0.5), false);
        INDArray z = mu.add(sigma.mul(eps));                                               // the reparameterisation trick
        INDArray logits = decoder.forward(z, true);
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        double reconstruction = bce.forward(logits, x) * x.size(1);                        // mean over elements → sum over pixels, mean over images
        INDArray var = sigma.mul(sigma);
        double kl = 0.5 * mu.mul(mu).addi(var).subi(logVar).subi(1).sumNumber().doubleValue() / n;

        INDArray dz = decoder.backward(bce.backward().muli(x.size(1)));                    // (N, latent)
        INDArray dMu = dz.add(mu.div(n));
        INDArray dLogVar = dz.mul(eps).muli(sigma).muli(0.5).addi(var.sub(1).divi(2.0 * n));
        encoder.backward(Nd4j.hstack(dMu, dLogVar));
        return new Loss(reconstruction, kl);
    }

    /** The loss of batch x in evaluation mode with fresh noise; no gradients. */
    public Loss evaluate(INDArray x) {
        long n = x.size(0);
        INDArray stats = encoder.forward(x, false);
        INDArray mu = stats.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent));
        INDArray logVar = stats.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2L * latent));
        INDArray z = mu.add(Transforms.exp(logVar.mul(0.5), false).muli(Nd4j.randn(x.dataType(), n, latent)));
        double reconstruction = new BinaryCrossEntropy().forward(decoder.forward(z, false), x) * x.size(1);
        double kl = 0.5 * mu.mul(mu).addi(Transforms.exp(logVar, false)).subi(logVar).subi(1).sumNumber().doubleValue() / n;
        return new Loss(reconstruction, kl);
    }

    /** The means μ (N, latent) of q(z | x): where the encoder puts each image. */
    public INDArray encode(INDArray x) {
        return encoder.forward(x, false).get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).dup();
    }

    /** The decoder's pixel probabilities (N, D) for codes z (N, latent). */
    public INDArray decode(INDArray z) { return Transforms.sigmoid(decoder.forward(z, false), false); }

    /** n new images: codes drawn from the prior N(0, I), decoded. */
    public INDArray sample(int n) { return decode(Nd4j.randn(decoder.parameters().get(0).value().dataType(), n, latent)); }

    private void requireStats(INDArray stats) {
        if (stats.rank() != 2 || stats.size(1) != 2L * latent)
            throw new IllegalArgumentException("The VAE's encoder must output (N, 2·latent) = (N, " + 2 * latent + "): μ then log σ², but gave "
                    + java.util.Arrays.toString(stats.shape()) + ". End the encoder with a Dense(..., " + 2 * latent + ").");
    }

    @Override
    public String toString() { return "VariationalAutoencoder(latent " + latent + ", encoder " + encoder + ", decoder " + decoder + ")"; }
}
