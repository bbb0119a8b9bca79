package org.nnbook.parity;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.layers.MultiHeadAttention;
import org.nnbook.layers.TransformerDecoderBlock;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A model of two sequences against its torch module: queries x (N, T, d) with an optional padding
 * mask, and a memory (N, S, d) with an optional padding mask — cross-attention
 * ({@link MultiHeadAttention}'s {@code forward(x, memory, memoryMask, training)}) or a
 * {@link TransformerDecoderBlock}. Each step: forward (training, then evaluation), backward with a
 * random g; compared: y, dL/dx, dL/d(memory) and every parameter's gradient.
 *
 * <p>Files as {@link LayerCase}'s, plus {@code step<i>.memory}, {@code step<i>.memory_mask}; result
 * {@code step<i>.dmemory}.
 */
final class CrossCase extends ParityCase {
    private final Supplier<Model> make;
    private final long n, t, s, d;
    private final boolean xMask, memoryMask;
    private final boolean[] training = {true, false};
    private Model model;
    private final List<INDArray> params0 = new ArrayList<>(), xs = new ArrayList<>(), memories = new ArrayList<>(), masks = new ArrayList<>(),
            memoryMasks = new ArrayList<>(), gs = new ArrayList<>();

    CrossCase(String name, String kind, Map<String, Object> opts, Supplier<Model> make, long n, long t, long s, long d, boolean xMask, boolean memoryMask) {
        super(name, kind, opts);
        this.make = make;
        this.n = n; this.t = t; this.s = s; this.d = d;
        this.xMask = xMask;
        this.memoryMask = memoryMask;
    }

    @Override
    Map<String, Object> prepare(Path dir, Random random) throws IOException {
        model = make.get();
        model.castTo(DataType.DOUBLE);
        List<String> names = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            p.value().addi(randn(random, p.value().shape()).muli(0.3));
            params0.add(p.value().dup());
            names.add(p.name());
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < training.length; i++) {
            xs.add(randn(random, n, t, d));
            memories.add(randn(random, n, s, d));
            masks.add(xMask ? ParityCases.padding(random, (int) n, (int) t) : null);
            memoryMasks.add(memoryMask ? ParityCases.padding(random, (int) n, (int) s) : null);
            gs.add(randn(random, n, t, d));
            String at = "step" + i;
            Npy.write(dir.resolve(at + ".x.npy"), xs.get(i));
            Npy.write(dir.resolve(at + ".memory.npy"), memories.get(i));
            Npy.write(dir.resolve(at + ".g.npy"), gs.get(i));
            if (xMask) Npy.write(dir.resolve(at + ".mask.npy"), masks.get(i));
            if (memoryMask) Npy.write(dir.resolve(at + ".memory_mask.npy"), memoryMasks.get(i));
            steps.add(Map.of("training", training[i], "mask", xMask, "memory_mask", memoryMask));
        }
        for (int k = 0; k < params0.size(); k++) Npy.write(dir.resolve("param" + k + ".npy"), params0.get(k));
        Map<String, Object> spec = spec("cross");
        spec.put("params", names);
        spec.put("steps", steps);
        return spec;
    }

    @Override
    Map<String, INDArray> run() {
        List<Parameter> params = model.parameters();
        for (int k = 0; k < params.size(); k++) params.get(k).set(params0.get(k));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < training.length; i++) {
            model.zeroGrad();
            INDArray x = xs.get(i).dup(), memory = memories.get(i).dup(), y, dx, dMemory;
            if (model instanceof MultiHeadAttention a) {
                y = a.forward(x, memory, memoryMasks.get(i), training[i]);
                dx = a.backward(gs.get(i).dup());
                dMemory = a.memoryGradient();
            } else {
                TransformerDecoderBlock b = (TransformerDecoderBlock) model;
                y = b.forward(x, masks.get(i), memory, memoryMasks.get(i), training[i]);
                dx = b.backward(gs.get(i).dup());
                dMemory = b.memoryGradient();
            }
            out.put("step" + i + ".y", y.dup());
            out.put("step" + i + ".dx", dx.dup());
            out.put("step" + i + ".dmemory", dMemory.dup());
            for (int k = 0; k < params.size(); k++) out.put("step" + i + ".dparam" + k, params.get(k).grad().dup());
        }
        return out;
    }
}
