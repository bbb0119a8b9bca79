package org.nnbook.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.MaskedLayer;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.core.Shapes;
import org.nnbook.kernels.StepMemory;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: one cell applied at every time step of a batch
 * of sequences, its state handed from each step to the next. A subclass says only what one step
 * computes ({@link #step}) and how its gradient flows back ({@link #stepBackward}).
 *
 * <p>Shapes: x (N, T, inFeatures) → every step's output (N, T, hidden), or only the last state
 * (N, hidden) with {@code lastOnly()}. The state starts at zero.
 *
 * <p>Padding: with a mask m (N, T), 1 at real positions, a padded position leaves the state as it was,
 * {@code s_t = m_t s'_t + (1 − m_t) s_(t−1)}, and outputs 0. So the last state is each sequence's last
 * real one, as PyTorch gives for packed sequences.
 *
 * <p>Backpropagation through time: {@link #backward} walks the steps from last to first, handing each
 * step the gradient of its new state (what its output and the later steps sent back) and collecting
 * the gradient of the old one. {@link #carryState(boolean)} turns on truncated BPTT: each forward
 * starts from where the previous one ended (N must match), and the gradient stops at that boundary.
 *
 * <p>In float32 the LSTM and the GRU run the same arithmetic over the whole sequence at once
 * ({@code org.nnbook.kernels.LstmKernel}, {@code GruKernel}: a few large matrix products instead of
 * many small operations), held equal to the step-by-step version here by tests; double precision and
 * {@code Kernels.off()} run it step by step.
 */
public abstract class Recurrent implements MaskedLayer {
    protected final int inFeatures;
    protected final int hidden;
    private boolean allSteps = true;
    private boolean carryState;
    private INDArray[] carried;     // the state the next forward starts from, with carryState; no gradient flows into it
    private INDArray[] masks;       // per step, (N, 1), or null without padding
    private long[] inShape;
    private boolean ranFast;        // whether the last forward went by fastForward
    private Rerun rerun;            // after a fast inference forward (which keeps nothing for backward): how to run it again

    private record Rerun(INDArray x, INDArray mask, INDArray[] start) {}

    protected Recurrent(int inFeatures, int hidden) {
        if (inFeatures < 1 || hidden < 1)
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs inFeatures >= 1 and hidden >= 1, got ("
                    + inFeatures + ", " + hidden + ").");
        this.inFeatures = inFeatures;
        this.hidden = hidden;
    }

    /** How many arrays the state holds: 1 (h), or 2 for the LSTM (h, c). The output is always the first, h. */
    protected abstract int stateSize();

    /** Forgets what the previous sequence left for backward. */
    protected abstract void startSequence();

    /** One step: the new state from x_t (N, inFeatures) and the state s; remembers what {@link #stepBackward} needs. */
    protected abstract INDArray[] step(INDArray x, INDArray[] s);

    /**
     * Back through step t: given dL/d(new state), adds the parameters' gradients and returns
     * {dL/dx_t, dL/d(old state)...}.
     */
    protected abstract INDArray[] stepBackward(int t, INDArray[] dState);

    /** Outputs only the last state, (N, hidden), e.g. for classifying a whole sequence. */
    public Recurrent lastOnly() { allSteps = false; return this; }

    /** Whether the output is every step's (N, T, hidden) rather than only the last state (N, hidden). */
    public boolean allSteps() { return allSteps; }

    /** Truncated BPTT: each forward pass starts from the state the previous one ended in (see {@link #resetState}). */
    public Recurrent carryState(boolean carry) { carryState = carry; carried = null; return this; }

    public boolean carriesState() { return carryState; }

    /** Starts the next forward pass from zero again (e.g. at the start of each epoch, or before sampling). */
    public void resetState() { carried = null; }

    public int inFeatures() { return inFeatures; }

    public int hidden() { return hidden; }

    @Override
    public INDArray forward(INDArray x, INDArray mask, boolean training) {
        if (x == null || x.rank() != 3 || x.size(2) != inFeatures)
            throw new ShapeException(this + " expects a sequence (N, T, " + inFeatures + ") but got " + (x == null ? "null" : Shapes.of(x))
                    + (x != null && x.rank() == 2 ? ". Token ids go through an Embedding first; one sequence is (1, T, " + inFeatures + ")." : "."));
        if (!x.dataType().isFPType())
            throw new IllegalArgumentException(this + " expects floating-point values but got " + x.dataType() + "; ids go through an Embedding.");
        long n = x.size(0);
        int steps = (int) x.size(1);
        if (mask != null && (mask.rank() != 2 || mask.size(0) != n || mask.size(1) != steps))
            throw new ShapeException(this + ": the mask " + Shapes.of(mask) + " does not fit the sequence " + Shapes.of(x) + "; it must be (N, T).");
        inShape = x.shape();
        DataType type = x.dataType();
        INDArray[] s = startState(n, type);
        INDArray[] fast = fastForward(x, mask, s, allSteps, training);   // {output, last state...}, or null
        ranFast = fast != null;
        if (ranFast) {
            rerun = training ? null : new Rerun(x, mask, s);
            masks = new INDArray[0];
            if (carryState) keep(java.util.Arrays.copyOfRange(fast, 1, fast.length));
            return fast[0];
        }
        startSequence();
        masks = new INDArray[steps];
        INDArray out = allSteps ? Nd4j.zeros(type, n, steps, hidden) : null;
        for (int t = 0; t < steps; t++) {
            INDArray[] next = step(x.get(all(), point(t), all()).dup(), s);
            INDArray m = mask == null ? null : mask.get(all(), point(t)).castTo(type).reshape(n, 1);
            masks[t] = m;
            if (allSteps) out.get(all(), point(t), all()).assign(m == null ? next[0] : next[0].mul(m));   // 0 at padding
            if (m != null)
                for (int k = 0; k < next.length; k++) next[k] = next[k].mul(m).addi(s[k].mul(m.rsub(1)));
            s = next;
        }
        if (carryState) keep(s);
        return allSteps ? out : s[0].dup();
    }

    private void keep(INDArray[] s) {
        carried = new INDArray[s.length];
        for (int k = 0; k < s.length; k++) {
            INDArray last = s[k];
            carried[k] = StepMemory.lasting(last::dup);                      // outlives the training step's reused memory
        }
    }

    /**
     * The whole sequence at once by a faster route ({@code org.nnbook.kernels}) with the same result:
     * {output, last state...}, or null to run it step by step. None by default. With {@code keep}
     * false (not training) it need not keep what a backward pass would read: a (1000, 200)-batch
     * kept per step would fill the heap. A backward after such a forward runs it again, keeping.
     */
    protected INDArray[] fastForward(INDArray x, INDArray mask, INDArray[] start, boolean allSteps, boolean keep) { return null; }

    /** Backward after a {@link #fastForward} that ran: dL/dx, the parameters' gradients added. */
    protected INDArray fastBackward(INDArray gradOut, boolean allSteps) { throw new UnsupportedOperationException(); }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (masks == null) throw new IllegalStateException(this + ": backward called before forward.");
        long n = inShape[0];
        int steps = (int) inShape[1];
        long[] expected = allSteps ? new long[]{n, steps, hidden} : new long[]{n, hidden};
        if (!java.util.Arrays.equals(gradOut.shape(), expected))
            throw new ShapeException(this + ": backward expects dL/dy of the output's shape " + java.util.Arrays.toString(expected)
                    + " but got " + Shapes.of(gradOut) + ".");
        if (ranFast) {
            if (rerun != null) {                                              // forward ran for inference: again, keeping
                fastForward(rerun.x(), rerun.mask(), rerun.start(), allSteps, true);
                rerun = null;
            }
            return fastBackward(gradOut, allSteps);
        }
        DataType type = gradOut.dataType();
        INDArray dx = Nd4j.zeros(type, inShape);
        INDArray[] dState = new INDArray[stateSize()];                      // dL/d(state after step t), from the later steps
        for (int k = 0; k < dState.length; k++) dState[k] = Nd4j.zeros(type, n, hidden);
        if (!allSteps) dState[0] = gradOut.dup();                          // the output is the last state itself
        for (int t = steps - 1; t >= 0; t--) {
            INDArray m = masks[t];
            INDArray[] dNew = new INDArray[dState.length];                  // what reaches the step's new state s'_t
            for (int k = 0; k < dNew.length; k++) dNew[k] = m == null ? dState[k] : dState[k].mul(m);
            if (allSteps) {
                INDArray g = gradOut.get(all(), point(t), all());
                dNew[0] = dNew[0].add(m == null ? g : g.mul(m));
            }
            INDArray[] back = stepBackward(t, dNew);
            dx.get(all(), point(t), all()).assign(back[0]);
            for (int k = 0; k < dState.length; k++)                         // at padding, the old state passed straight through
                dState[k] = m == null ? back[k + 1] : back[k + 1].addi(dState[k].mul(m.rsub(1)));
        }
        return dx;
    }

    private INDArray[] startState(long n, DataType type) {
        if (carryState && carried != null && carried[0].size(0) == n && carried[0].dataType() == type) return carried;
        INDArray[] s = new INDArray[stateSize()];
        for (int k = 0; k < s.length; k++) s[k] = Nd4j.zeros(type, n, hidden);
        return s;
    }

    /** PyTorch's initialisation for recurrent layers: every weight and bias uniform in [−1/√hidden, 1/√hidden]. */
    protected static Parameter uniform(String name, int hidden, long... shape) {
        double k = 1 / Math.sqrt(hidden);
        return new Parameter(name, Nd4j.rand(Nd4j.defaultFloatingPointType(), shape).muli(2 * k).subi(k));
    }

    protected String describe() {
        return "(" + inFeatures + " -> " + hidden + (allSteps ? "" : ", last only") + (carryState ? ", carried state" : "") + ")";
    }

    @Override
    public String toString() { return getClass().getSimpleName() + describe(); }
}
