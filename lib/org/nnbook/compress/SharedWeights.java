package org.nnbook.compress;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.kernels.StepMemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Weight sharing, Deep Compression's second stage (Han, Mao and Dally, 2016, "Deep Compression",
 * section 3): the non-zero weights of each layer are clustered by {@link KMeans} into 2^bits
 * groups, every weight is replaced by its group's centroid, and a weight is then stored as a
 * bits-wide index into a small table of centroids. The paper keeps LeNet-300-100's accuracy with
 * 6-bit indices (64 shared values per layer) after pruning.
 *
 * <p><b>Fine-tuning the centroids.</b> The weights of a cluster share one value, so the gradient of
 * that value is the <b>sum</b> of its weights' gradients (the paper's figure 3). This class is a
 * {@link Model} around the shared model whose parameters are the centroids (one array of 2^bits per
 * weight tensor) and the unshared parameters (biases): its forward pass writes each weight from its
 * centroid, W[i] = c[a[i]], and its backward pass sums each layer's dL/dW over the clusters into
 * the centroids' gradients. The Trainer and any optimizer then fine-tune the centroids; the
 * assignments never change, and pruned weights (zero) belong to no cluster and stay zero.
 *
 * <pre>{@code
 * SharedWeights shared = SharedWeights.of(net, 5);          // 32 shared values per layer; net now computes with them
 * new Trainer(shared, new CrossEntropy(), new Adam(1e-4)).epochs(1).fit(train);
 * shared.model();                                           // net, its weights written from the fine-tuned centroids
 * }</pre>
 */
public final class SharedWeights implements Model {
    private final Model model;
    private final List<Weights.Weight> weights;
    private final List<Parameter> centroids = new ArrayList<>(), parameters = new ArrayList<>();
    private final List<int[]> assignments = new ArrayList<>();   // per weight tensor: cluster of each element, −1 where pruned
    private final int[] bits;

    private SharedWeights(Model model, int[] bits) {
        this.model = model;
        this.weights = Weights.of(model);
        if (bits.length != weights.size())
            throw new IllegalArgumentException("SharedWeights: the model has " + weights.size() + " weight tensors " + weights + " but "
                    + bits.length + " bit widths were given: one per weight tensor, or one for all.");
        this.bits = bits.clone();
        for (int t = 0; t < weights.size(); t++) {
            Parameter w = weights.get(t).parameter();
            double[] v = Quantization.values(w.value());
            int nonZero = (int) Arrays.stream(v).filter(x -> x != 0).count();
            if (bits[t] < 1 || bits[t] > 16) throw new IllegalArgumentException("SharedWeights: bits from 1 to 16, got " + bits[t] + ".");
            double[] kept = Arrays.stream(v).filter(x -> x != 0).toArray();
            KMeans.Result km = KMeans.fit(kept.length == 0 ? new double[]{0} : kept, 1 << bits[t], 100);
            int[] a = new int[v.length];
            for (int i = 0, j = 0; i < v.length; i++) a[i] = v[i] == 0 ? -1 : km.assignments()[j++];
            assignments.add(a);
            Parameter c = new Parameter(w.name() + ".centroids", StepMemory.lasting(() -> Nd4j.create(km.centroids(), new long[]{1, km.centroids().length}, 'c')
                    .castTo(w.value().dataType()))).regularized(false);
            centroids.add(c);
            if (nonZero == 0) c.trainable(false);
        }
        for (Parameter p : model.parameters()) {
            int t = indexOf(p);
            parameters.add(t < 0 ? p : centroids.get(t));
        }
        writeWeights();
    }

    /** Shares the non-zero weights of every weight tensor of {@code model} among 2^bits values, in place. */
    public static SharedWeights of(Model model, int bits) {
        int[] b = new int[Weights.of(model).size()];
        Arrays.fill(b, bits);
        return new SharedWeights(model, b);
    }

    /** As {@link #of(Model, int)} with a bit width per weight tensor, in the model's order. */
    public static SharedWeights of(Model model, int... bitsPerTensor) { return new SharedWeights(model, bitsPerTensor); }

    @Override
    public INDArray forward(Inputs inputs, boolean training) {
        writeWeights();
        for (Weights.Weight w : weights) w.parameter().zeroGrad();       // the Trainer zeroes only the parameters it sees
        return model.forward(inputs, training);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray dx = model.backward(gradOut);
        for (int t = 0; t < weights.size(); t++) {
            double[] g = Quantization.values(weights.get(t).parameter().grad());
            int[] a = assignments.get(t);
            double[] sum = new double[(int) centroids.get(t).size()];
            for (int i = 0; i < g.length; i++) if (a[i] >= 0) sum[a[i]] += g[i];     // dL/dc_k = Σ over the cluster's weights
            INDArray grad = centroids.get(t).grad();
            grad.addi(Nd4j.create(sum, grad.shape(), 'c').castTo(grad.dataType()));
        }
        return dx;
    }

    /** W[i] = c[a[i]], zero where pruned. */
    private void writeWeights() {
        for (int t = 0; t < weights.size(); t++) {
            double[] c = Quantization.values(centroids.get(t).value());
            int[] a = assignments.get(t);
            double[] w = new double[a.length];
            for (int i = 0; i < a.length; i++) w[i] = a[i] < 0 ? 0 : c[a[i]];
            INDArray value = weights.get(t).parameter().value();
            value.assign(Nd4j.create(w, value.shape(), 'c').castTo(value.dataType()));
        }
    }

    private int indexOf(Parameter p) {
        for (int t = 0; t < weights.size(); t++) if (weights.get(t).parameter() == p) return t;
        return -1;
    }

    /** The centroids (in place of the weights) and the model's other parameters. */
    @Override
    public List<Parameter> parameters() { return parameters; }

    @Override
    public List<INDArray> state() { return model.state(); }

    /** Casts the model and the centroids (a gradient check runs in double precision). */
    @Override
    public void castTo(org.nd4j.linalg.api.buffer.DataType type) {
        model.castTo(type);
        centroids.forEach(c -> c.castTo(type));
    }

    /** The centroids of weight tensor {@code t}, (1, 2^bits). */
    public Parameter centroids(int t) { return centroids.get(t); }

    /** The cluster of each element of weight tensor {@code t} (row-major), −1 for a pruned weight. */
    public int[] assignments(int t) { return assignments.get(t).clone(); }

    /** The bit width of each weight tensor's cluster indices. */
    public int[] bits() { return bits.clone(); }

    /** The model, its weights written from the centroids as they are now. */
    public Model model() {
        writeWeights();
        return model;
    }

    @Override
    public String toString() { return "SharedWeights(" + Arrays.toString(bits) + " bits, " + model + ")"; }
}
