package org.nnbook.explain;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;

/**
 * Saliency maps: how much each input pixel moves a class score, the gradient dS_c/dx of the class's
 * score (its logit, before the softmax) with respect to the input. Simonyan, Vedaldi and Zisserman, 2014,
 * "Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps"
 * (arXiv 2013): the map of an image is |dS_c/dx| at each pixel, the largest over the colour channels.
 *
 * <p>The gradient comes from the model's own {@link Model#backward}, which returns dL/d(input): given
 * the one-hot dS_c/d(scores) it returns dS_c/dx. The parameters' gradients it adds along the way are
 * zeroed again. Shapes: x (N, C, H, W) or (N, features); targets, one class per example.
 * <pre>{@code
 * INDArray grad = Saliency.gradient(lenet, images, labels);   // (N, 1, 28, 28)
 * INDArray map = Saliency.map(lenet, images, labels);         // (N, 28, 28), |grad| max over channels
 * }</pre>
 */
public final class Saliency {
    private Saliency() {}

    /** dS_t/dx for each example's target class t: an array of x's shape. */
    public static INDArray gradient(Model model, INDArray x, int[] targets) {
        if (model == null) throw new IllegalArgumentException("Saliency.gradient: the model is null.");
        Targets.require("Saliency.gradient", x, targets);
        INDArray out = model.forward(Inputs.of(x), false);
        Targets.requireScores("Saliency.gradient", out, targets);
        INDArray dx = model.backward(Targets.oneHot(out, targets));
        model.zeroGrad();
        if (dx == null)
            throw new IllegalArgumentException("Saliency.gradient: " + model + " returned no input gradient: its input is not differentiable"
                    + " (integer ids?). Explain a model of real-valued inputs, such as images or features.");
        return dx.dup();
    }

    /** The saliency map (N, H, W) of images x (N, C, H, W): |dS_t/dx|, the largest over the channels. */
    public static INDArray map(Model model, INDArray x, int[] targets) {
        if (x != null) Targets.requireImages("Saliency.map", x);
        return Transforms.abs(gradient(model, x, targets), false).max(1);
    }

    /** Gradient × input, x ⊙ dS_t/dx (Shrikumar, Greenside, Shcherbina and Kundaje, 2016): an array of x's shape. */
    public static INDArray gradientTimesInput(Model model, INDArray x, int[] targets) {
        return gradient(model, x, targets).muli(x);
    }
}
