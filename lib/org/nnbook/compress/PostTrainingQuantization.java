package org.nnbook.compress;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Residual;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-training quantisation: a trained float model becomes one that computes as an integer model
 * does, without any training (Krishnamoorthi, 2018, "Quantizing deep convolutional networks for
 * efficient inference: A whitepaper"; Jacob et al., 2018).
 *
 * <ol>
 *   <li>The weights of every Dense and Conv2D are quantised symmetrically <b>per output channel</b>
 *       to {@code weightBits} and replaced, in place, by s_c·q ({@link Quantization}): a quantised
 *       Dense is still a Dense.</li>
 *   <li>An {@link ActivationQuantizer} of {@code activationBits} goes before each of them: its
 *       input is what an integer model turns into codes.</li>
 *   <li>Calibration: a few batches of real inputs run through the model, and each quantiser takes
 *       its scale from the largest |x| it saw (unsigned codes when it saw no negative value).</li>
 *   <li>Each bias is rounded to the grid of the integer sums, s_x·s_w[c] (an int32 in a real
 *       integer kernel).</li>
 * </ol>
 * The model then computes y = s_x·s_w[c]·Σ q_x q_w + b: the integer products and sums of an int8
 * model, each rescaled once, here in float32 (the integer sums of the course's networks stay below
 * 2^24, where float32 counts exactly, so the only difference from integer hardware is the float32
 * rounding of the rescaled result). The original model is not changed.
 */
public final class PostTrainingQuantization {
    private PostTrainingQuantization() {}

    /** A quantised copy of {@code net}, calibrated on {@code calibration} (a few hundred to a few thousand inputs). */
    public static Sequential of(Sequential net, Dataset calibration, int weightBits, int activationBits) {
        Quantization.maxCode(weightBits);
        Quantization.maxCode(activationBits);
        if (calibration == null || calibration.size() == 0) throw new IllegalArgumentException("PostTrainingQuantization needs calibration data (a few batches of inputs).");
        Sequential q = withQuantizers(Copies.of(net), activationBits);
        for (Dense d : quantized(q, Dense.class)) d.weight().set(Quantization.fakeQuantize(d.weight().value(), weightBits));
        for (Conv2D c : quantized(q, Conv2D.class)) c.weight().set(Quantization.fakeQuantize(c.weight().value(), weightBits));
        calibrate(q, calibration);
        roundBiases(q, weightBits);
        return q;
    }

    /** Runs {@code data} through {@code model} (evaluation mode, 256 rows at a time) and sets the scale of each of its {@link ActivationQuantizer}s. */
    public static void calibrate(Model model, Dataset data) {
        List<ActivationQuantizer> qs = layers(model, ActivationQuantizer.class);
        qs.forEach(ActivationQuantizer::startCalibration);
        try {
            for (int from = 0; from < data.size(); from += 256) model.predict(data.range(from, Math.min(data.size(), from + 256)).inputs());
        } finally {
            qs.forEach(ActivationQuantizer::endCalibration);
        }
    }

    /** {@code net} with an ActivationQuantizer before each Dense and Conv2D (the same layer objects otherwise). */
    static Sequential withQuantizers(Sequential net, int bits) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l instanceof ActivationQuantizer)
                throw new IllegalArgumentException("PostTrainingQuantization: " + net + " is quantised already (it holds an ActivationQuantizer).");
            if (l instanceof Dense || l instanceof Conv2D) out.add(new ActivationQuantizer(bits));
            out.add(l instanceof Sequential s ? withQuantizers(s, bits) : l instanceof Residual r && r.block() instanceof Sequential s
                    ? new Residual(withQuantizers(s, bits)) : l);
        }
        return Sequential.of(out);
    }

    /** Rounds the bias of each quantised Dense and Conv2D to the grid s_x·s_w[c] of its integer sums. */
    static void roundBiases(Sequential q, int weightBits) {
        ActivationQuantizer before = null;
        for (Layer l : flat(q)) {
            if (l instanceof ActivationQuantizer a) before = a;
            INDArray w = l instanceof Dense d ? d.weight().value() : l instanceof Conv2D c ? c.weight().value() : null;
            if (w == null || before == null) continue;
            INDArray b = l.parameters().get(1).value();
            float[] sw = Quantization.channelScales(w, weightBits);
            double[] v = Quantization.values(b);
            for (int c = 0; c < v.length; c++) {
                double grid = (double) (float) before.scale() * sw[c];
                if (grid > 0) v[c] = (float) (Math.rint(v[c] / grid) * grid);
            }
            b.assign(org.nd4j.linalg.factory.Nd4j.create(v, b.shape(), 'c').castTo(b.dataType()));
            before = null;
        }
    }

    /** The Dense or Conv2D layers of {@code q} that have an ActivationQuantizer before them, in order. */
    static <L extends Layer> List<L> quantized(Sequential q, Class<L> type) {
        List<L> out = new ArrayList<>();
        List<Layer> all = flat(q);
        for (int i = 1; i < all.size(); i++) if (type.isInstance(all.get(i)) && all.get(i - 1) instanceof ActivationQuantizer) out.add(type.cast(all.get(i)));
        return out;
    }

    /** The layers of a model, nested Sequentials and Residual blocks opened, in order. */
    static List<Layer> flat(Model m) {
        List<Layer> out = new ArrayList<>();
        if (m instanceof Sequential s) for (Layer l : s.layers()) out.addAll(flat(l));
        else if (m instanceof Residual r) out.addAll(flat(r.block()));
        else if (m instanceof Layer l) out.add(l);
        return out;
    }

    static <L> List<L> layers(Model m, Class<L> type) {
        return flat(m).stream().filter(type::isInstance).map(type::cast).toList();
    }
}
