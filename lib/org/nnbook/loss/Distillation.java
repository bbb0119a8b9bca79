package org.nnbook.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Model;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.data.Batch;

import java.util.Arrays;

/**
 * Knowledge distillation: a student network learns from a teacher's softened outputs as well as from
 * the labels (G. Hinton, O. Vinyals and J. Dean, 2015, "Distilling the Knowledge in a Neural Network",
 * arXiv:1503.02531). For student logits z, teacher logits v (both (N, C)), temperature T and weight α:
 *
 * <pre>
 * p = softmax(v / T)        the teacher's soft targets      q = softmax(z / T)   the student at the same T
 * L = α · T² · KL(p ‖ q) + (1 − α) · CE(y, softmax(z))
 * dL/dz = α · T · (q − p) / N + (1 − α) · (softmax(z) − y) / N
 * </pre>
 *
 * KL and CE are means over the N rows. A temperature above 1 flattens both distributions, so that the
 * small probabilities the teacher gives to the wrong classes (a 7 that looks a little like a 1, less
 * like a 2) become targets the student can learn from. Their gradient shrinks as 1/T², hence the factor
 * T² of the paper: the soft and hard terms keep their balance when T changes. α = 1 learns from the
 * teacher alone, α = 0 is plain cross-entropy on the labels; the paper found a small weight on the
 * hard term best. The paper's MNIST numbers: a 2×800 net alone 146 test errors, distilled at T = 20
 * from a 2×1200 teacher with dropout and jitter (67 errors) 74.
 *
 * <p>What it reports: the soft term is the Kullback-Leibler divergence, which is 0 when the student
 * matches the teacher (PyTorch's {@code F.kl_div(log_softmax(z/T), softmax(v/T), reduction="batchmean")}).
 * The cross-entropy with soft targets, H(p, q) = KL(p ‖ q) + H(p), has the same gradient and is larger by
 * the teacher's entropy, which no student can change.
 *
 * <p>Where the teacher's logits come from: the {@code Trainer} calls {@link #forward(INDArray, Batch)}
 * with the batch the student just saw — shuffled and, with {@code Trainer.augment}, transformed — and
 * the teacher computes its logits on exactly those inputs, in evaluation mode (no dropout). Nothing
 * calls the teacher's backward and its parameters are not the model's, so no optimizer ever changes it.
 * Precomputed targets would be wrong under augmentation: they belong to other images than the ones the
 * student sees. Labels y are one-hot rows (N, C) or class ids (N).
 * <pre>{@code
 * var kd = new Distillation(teacher, 4, 0.9);            // T = 4, α = 0.9 on the teacher's soft targets
 * new Trainer(student, kd, new Adam(1e-3)).epochs(10).fit(train, val);
 * }</pre>
 * By hand, with the teacher's logits given: {@link #forward(INDArray, INDArray, INDArray)}.
 */
public final class Distillation implements Loss {
    private final Model teacher;
    private final double temperature, alpha;
    private final CrossEntropy oneHot = new CrossEntropy();
    private final SparseCrossEntropy ids = new SparseCrossEntropy();
    private Loss hard;                    // the labels' loss of the last forward: oneHot or ids
    private INDArray z, p, logQ;          // the last forward's student logits, soft targets, log q (N, C)

    /** Distillation from {@code teacher}, at {@code temperature} T > 0, with weight {@code alpha} in [0, 1] on the soft term. */
    public Distillation(Model teacher, double temperature, double alpha) {
        if (!(temperature > 0 && Double.isFinite(temperature)))
            throw new IllegalArgumentException("Distillation: the temperature must be a positive number (1 to 20 are usual), got " + temperature + ".");
        if (!(alpha >= 0 && alpha <= 1))
            throw new IllegalArgumentException("Distillation: alpha, the weight of the teacher's soft targets, must be in [0, 1], got " + alpha + ".");
        this.teacher = teacher;
        this.temperature = temperature;
        this.alpha = alpha;
    }

    /** The loss without a teacher model: the teacher's logits are given to {@link #forward(INDArray, INDArray, INDArray)}. */
    public Distillation(double temperature, double alpha) { this(null, temperature, alpha); }

    public Model teacher() { return teacher; }

    public double temperature() { return temperature; }

    public double alpha() { return alpha; }

    /** softmax(logits / T) row by row, (N, C): the soft targets of a teacher's logits at temperature T (T = 1: the usual softmax). */
    public static INDArray softmax(INDArray logits, double temperature) {
        return Transforms.exp(CrossEntropy.logSoftmax(logits.div(temperature)), false);
    }

    /** The loss on {@code batch}: the teacher's logits for the batch's own inputs, in evaluation mode, then the formula. */
    @Override
    public double forward(INDArray yHat, Batch batch) {
        if (teacher == null)
            throw new IllegalStateException("This Distillation has no teacher model: give it one (new Distillation(teacher, T, alpha)),"
                    + " or the teacher's logits by hand (forward(yHat, y, teacherLogits)).");
        INDArray v = alpha == 0 ? null : teacher.forward(batch.inputs(), false);    // no dropout; nothing calls its backward
        return forward(yHat, batch.y(), v);
    }

    /** Not enough: the teacher needs the batch's inputs. The Trainer calls {@link #forward(INDArray, Batch)}. */
    @Override
    public double forward(INDArray yHat, INDArray y) {
        throw new IllegalStateException("Distillation needs the batch's inputs for its teacher: the Trainer passes them"
                + " (forward(yHat, batch)); by hand, give the teacher's logits: forward(yHat, y, teacherLogits).");
    }

    /** The mean loss of student logits {@code yHat} (N, C) against labels {@code y} and the teacher's logits (N, C) (null when α = 0). */
    public double forward(INDArray yHat, INDArray y, INDArray teacherLogits) {
        if (yHat.rank() != 2) throw new ShapeException("Distillation expects student logits (N, C), got " + Shapes.of(yHat) + ".");
        z = yHat;
        hard = Arrays.equals(y.shape(), yHat.shape()) ? oneHot : ids;
        double loss = alpha == 1 ? 0 : (1 - alpha) * hard.forward(yHat, y);
        if (alpha == 0) return loss;
        if (teacherLogits == null) throw new IllegalArgumentException("Distillation: the teacher's logits are null, but alpha = " + alpha + " needs them.");
        if (!Arrays.equals(teacherLogits.shape(), yHat.shape()))
            throw new ShapeException("Distillation: the teacher's logits " + Shapes.of(teacherLogits) + " and the student's " + Shapes.of(yHat)
                    + " must have the same shape (N, C): do both networks end in a layer of the same number of classes?");
        INDArray logP = CrossEntropy.logSoftmax(teacherLogits.castTo(z.dataType()).div(temperature));   // (N, C)
        logQ = CrossEntropy.logSoftmax(z.div(temperature));
        p = Transforms.exp(logP, true);
        double kl = p.mul(logP.subi(logQ)).sumNumber().doubleValue() / z.size(0);                  // mean over rows of Σ_c p log(p / q)
        return loss + alpha * temperature * temperature * kl;
    }

    @Override
    public INDArray backward() {
        if (z == null) throw new IllegalStateException("Distillation: backward called before forward.");
        INDArray g = alpha == 1 ? null : hard.backward().mul(1 - alpha);                            // (1 − α)(softmax(z) − y) / N
        if (alpha == 0) return g;
        INDArray soft = Transforms.exp(logQ, true).subi(p).muli(alpha * temperature / z.size(0));  // α T (q − p) / N
        return g == null ? soft : soft.addi(g);
    }

    /** Rows whose largest logit is the label's class. */
    @Override
    public long countCorrect(INDArray yHat, INDArray y) {
        return (Arrays.equals(y.shape(), yHat.shape()) ? oneHot : ids).countCorrect(yHat, y);
    }

    @Override
    public boolean isClassification() { return true; }

    @Override
    public String toString() {
        return "Distillation(temperature=" + temperature + ", alpha=" + alpha
                + (teacher == null ? "" : String.format(", teacher of %,d parameters", teacher.parameterCount())) + ")";
    }
}
