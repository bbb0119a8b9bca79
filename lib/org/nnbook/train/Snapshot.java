package org.nnbook.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.kernels.StepMemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A copy of a model's parameter values and state (running statistics), taken with {@link #take}
 * and put back with {@link #restore}: the best epoch's weights for {@link EarlyStopping}, the last
 * good weights for the Trainer after a loss that is not finite. The copies are made once and reused.
 */
final class Snapshot {
    private final Model model;
    private List<INDArray> live = List.of();
    private final List<INDArray> copies = new ArrayList<>();

    /** A snapshot of the model's current values. */
    Snapshot(Model model) {
        this.model = model;
        take();
    }

    /** Copies the current values into the snapshot. */
    void take() {
        live = new ArrayList<>();
        for (Parameter p : Parameters.distinct(model.parameters())) live.add(p.value());
        live.addAll(model.state());
        for (int i = 0; i < live.size(); i++) {
            INDArray a = live.get(i);
            if (i < copies.size() && copies.get(i).dataType() == a.dataType() && Arrays.equals(copies.get(i).shape(), a.shape()))
                copies.get(i).assign(a);
            else if (i < copies.size()) copies.set(i, StepMemory.lasting(a::dup));
            else copies.add(StepMemory.lasting(a::dup));
        }
    }

    /** Copies the snapshot's values back into the model. */
    void restore() { for (int i = 0; i < live.size(); i++) live.get(i).assign(copies.get(i)); }
}
