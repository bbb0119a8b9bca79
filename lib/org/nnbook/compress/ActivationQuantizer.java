package org.nnbook.compress;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Rint;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Layer;
import org.nnbook.io.ModelCodec;
import org.nnbook.io.ModelIO;
import org.nnbook.kernels.StepMemory;

import java.util.List;

/**
 * Fake quantisation of activations: {@code y = s · clamp(rint(x / s), lo, hi)}, the values an integer
 * model computes with, in floating point. It sits before each Dense and Conv2D of a quantised model
 * ({@link PostTrainingQuantization}), where an integer model would turn its input into codes.
 *
 * <p>Why a layer, when a quantised Dense is just a Dense: weights are quantised once, in place, but
 * activations are new for every input, so their rounding has to happen in the forward pass — a
 * function of the activations, like ReLU. This is the package's only layer.
 *
 * <p>Codes: signed, −qmax..qmax (qmax = 2^(bits−1) − 1), or, when calibration saw no negative value
 * (after a ReLU), unsigned 0..2^bits − 1, which spends no code on negatives. The scale s is one
 * number per tensor: from calibration (the largest |x| seen, mapped to the largest code), and, while
 * training ({@link QuantizationAware}), a moving average of each batch's largest |x| (weight 0.01, as
 * PyTorch's moving-average observer).
 *
 * <p>Backward: the <b>straight-through estimator</b> (Bengio, Léonard and Courville, 2013; Jacob et al.,
 * 2018): rounding has derivative 0 almost everywhere, which would stop all learning, so the gradient
 * passes through unchanged where rint(x / s) lies within the codes, and is zero where x was
 * clipped — exactly the gradient of PyTorch's {@code fake_quantize_per_tensor_affine}.
 *
 * <p>Shapes: any; y has x's shape. The scale is state ({@code "scale"}, shape (1)), saved with the model.
 */
public final class ActivationQuantizer implements Layer {
    private static final double MOMENTUM = 0.01;

    static {
        ModelIO.register(ModelCodec.of("ActivationQuantizer", ActivationQuantizer.class,
                q -> ModelCodec.settings("bits", q.bits, "unsigned", q.unsigned),
                s -> new ActivationQuantizer(s.integer("bits"), s.bool("unsigned"))).withState(q -> ModelCodec.state("scale", q.scale)));
    }

    private final int bits;
    private boolean unsigned;
    private final INDArray scale = StepMemory.lasting(() -> Nd4j.zeros(DataType.FLOAT, 1));
    private boolean calibrating, forwarded;
    private double seenMax, seenMin;
    private INDArray inside;   // where the gradient passes: 1 inside the codes, 0 where clipped

    /** A quantiser of {@code bits} (2 to 16), signed; calibration decides whether it is unsigned. */
    public ActivationQuantizer(int bits) { this(bits, false); }

    /** A quantiser of {@code bits}, unsigned (0..2^bits − 1) or signed (−qmax..qmax). */
    public ActivationQuantizer(int bits, boolean unsigned) {
        Quantization.maxCode(bits);
        this.bits = bits;
        this.unsigned = unsigned;
    }

    /** Makes sure ModelIO knows this layer (loading a file that holds one needs the codec registered). */
    public static void register() {}

    public int bits() { return bits; }

    public boolean unsigned() { return unsigned; }

    /** The scale s (0 before calibration). */
    public double scale() { return scale.getDouble(0); }

    /** The smallest and largest code. */
    public int lowestCode() { return unsigned ? 0 : -Quantization.maxCode(bits); }

    public int highestCode() { return unsigned ? (1 << bits) - 1 : Quantization.maxCode(bits); }

    /** Starts calibration: forward passes now leave x unchanged and record its range. */
    public void startCalibration() {
        calibrating = true;
        seenMax = 0;
        seenMin = 0;
    }

    /** Ends calibration: unsigned codes if no negative value was seen, and s = largest |x| / largest code. */
    public void endCalibration() {
        calibrating = false;
        unsigned = seenMin >= 0;
        setScale(Math.max(seenMax, -seenMin) / highestCode());
    }

    private void setScale(double s) { scale.putScalar(0, s); }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        forwarded = true;
        if (calibrating) {
            seenMax = Math.max(seenMax, x.maxNumber().doubleValue());
            seenMin = Math.min(seenMin, x.minNumber().doubleValue());
            inside = null;
            return x;
        }
        if (training) {       // follow the activations' range as the weights change
            double batch = Math.max(x.maxNumber().doubleValue(), unsigned ? 0 : -x.minNumber().doubleValue()) / highestCode();
            setScale(scale() == 0 ? batch : (1 - MOMENTUM) * scale() + MOMENTUM * batch);
        }
        double s = scale();
        if (s == 0) throw new IllegalStateException(this + " has no scale yet: calibrate it first (PostTrainingQuantization calibrates"
                + " the quantisers of the model it builds), or train it.");
        INDArray codes = x.div(s);
        Nd4j.exec(new Rint(codes, codes));                                        // rint(x / s), ties to even
        inside = codes.gte(lowestCode()).castTo(x.dataType()).muli(codes.lte(highestCode()).castTo(x.dataType()));
        return Transforms.min(Transforms.max(codes, lowestCode(), false), highestCode(), false).muli(s);   // s · clamp(q, lo, hi)
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (!forwarded) throw new IllegalStateException(this + ": backward called before forward.");
        return inside == null ? gradOut : gradOut.mul(inside);                     // straight through, zero where clipped
    }

    @Override
    public List<INDArray> state() { return List.of(scale); }

    @Override
    public String toString() {
        return "ActivationQuantizer(" + bits + " bits, " + (unsigned ? "unsigned" : "signed") + (scale() == 0 ? ", not calibrated" : String.format(", s=%.4g", scale())) + ")";
    }
}
