package org.nnbook.compress;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;
import org.nnbook.kernels.StepMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * Quantisation-aware training (Jacob et al., 2018, "Quantization and Training of Neural Networks for
 * Efficient Integer-Arithmetic-Only Inference", section 3): the network trains while computing with
 * quantised weights and activations, so it learns weights that survive the rounding. At 8 bits
 * post-training quantisation is usually enough; at 4 bits it loses accuracy, and training through
 * the rounding wins most of it back.
 *
 * <p>How: the quantised model ({@link PostTrainingQuantization}, activation quantisers included)
 * computes the forward pass, but the numbers being learned are float <b>master weights</b>, one
 * per Dense and Conv2D weight. Before each forward pass every layer's W is set to the quantised
 * master, fakeQuantize(master) per output channel; backward fills dL/dW of the quantised weights,
 * which becomes the masters' gradient unchanged: the <b>straight-through estimator</b> (with the
 * scale taken from max|master|, no weight is ever clipped, so it passes everywhere). The optimizer
 * sees the masters (and the biases), and the Trainer trains this model like any other:
 *
 * <pre>{@code
 * QuantizationAware qat = QuantizationAware.of(net, calibration, 4, 4);
 * new Trainer(qat, new CrossEntropy(), new Adam(1e-4)).epochs(2).fit(train);
 * Sequential int4 = qat.model();     // W = fakeQuantize(master), biases on the integer grid
 * }</pre>
 *
 * The activation quantisers follow the activations' range while training (a moving average).
 */
public final class QuantizationAware implements Model {
    private final Sequential model;
    private final int weightBits;
    private final List<Parameter> layerWeights = new ArrayList<>(), masters = new ArrayList<>(), parameters = new ArrayList<>();

    private QuantizationAware(Sequential model, List<INDArray> floatWeights, int weightBits) {
        this.model = model;
        this.weightBits = weightBits;
        List<Parameter> ws = new ArrayList<>();
        for (Dense d : PostTrainingQuantization.quantized(model, Dense.class)) ws.add(d.weight());
        for (Conv2D c : PostTrainingQuantization.quantized(model, Conv2D.class)) ws.add(c.weight());
        for (Parameter w : model.parameters()) {              // the model's order: each weight's master takes its place
            int i = ws.indexOf(w);
            if (i < 0) { parameters.add(w); continue; }
            Parameter master = new Parameter(w.name() + ".master", StepMemory.lasting(() -> floatWeights.get(ws.indexOf(w)).dup()));
            layerWeights.add(w);
            masters.add(master);
            parameters.add(master);
        }
    }

    /**
     * Quantisation-aware training of a copy of {@code net}: quantised as {@link PostTrainingQuantization#of} does (calibration
     * included), with masters starting from {@code net}'s float weights.
     */
    public static QuantizationAware of(Sequential net, Dataset calibration, int weightBits, int activationBits) {
        Sequential q = PostTrainingQuantization.of(net, calibration, weightBits, activationBits);
        List<INDArray> floats = new ArrayList<>();
        List<Dense> dense = PostTrainingQuantization.quantized(PostTrainingQuantization.withQuantizers(net, activationBits), Dense.class);
        List<Conv2D> conv = PostTrainingQuantization.quantized(PostTrainingQuantization.withQuantizers(net, activationBits), Conv2D.class);
        for (Dense d : dense) floats.add(d.weight().value());
        for (Conv2D c : conv) floats.add(c.weight().value());
        return new QuantizationAware(q, floats, weightBits);
    }

    @Override
    public INDArray forward(Inputs inputs, boolean training) {
        for (int i = 0; i < masters.size(); i++) {
            layerWeights.get(i).value().assign(Quantization.fakeQuantize(masters.get(i).value(), weightBits));
            layerWeights.get(i).zeroGrad();                      // the Trainer zeroes only the parameters it sees
        }
        return model.forward(inputs, training);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray dx = model.backward(gradOut);
        for (int i = 0; i < masters.size(); i++) masters.get(i).grad().addi(layerWeights.get(i).grad());   // straight through
        return dx;
    }

    /** The masters (in place of the quantised weights) and every other parameter of the model (biases). */
    @Override
    public List<Parameter> parameters() { return parameters; }

    @Override
    public List<INDArray> state() { return model.state(); }

    /** Casts the model and the masters (a gradient check runs in double precision). */
    @Override
    public void castTo(org.nd4j.linalg.api.buffer.DataType type) {
        model.castTo(type);
        masters.forEach(m -> m.castTo(type));
    }

    /** The float master weights, one per Dense and Conv2D, in order. */
    public List<Parameter> masters() { return List.copyOf(masters); }

    /** The quantised model as trained so far: W = fakeQuantize(master), biases rounded to the integer grid. */
    public Sequential model() {
        for (int i = 0; i < masters.size(); i++) layerWeights.get(i).value().assign(Quantization.fakeQuantize(masters.get(i).value(), weightBits));
        PostTrainingQuantization.roundBiases(model, weightBits);
        return model;
    }

    @Override
    public String toString() { return "QuantizationAware(" + weightBits + "-bit weights, " + masters.size() + " masters, " + model + ")"; }
}
