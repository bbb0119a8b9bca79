package org.nnbook.train;

import java.io.PrintStream;
import java.util.Map;

/** Prints one line per epoch with its logs, e.g. {@code epoch  3/10  loss 0.1234  val_accuracy 0.9712  (2.1 s)}. */
public final class ProgressPrinter implements Callback {
    private final PrintStream out;
    private int epochs;

    public ProgressPrinter() { this(System.out); }

    public ProgressPrinter(PrintStream out) { this.out = out; }

    @Override
    public void onTrainBegin(Trainer trainer, int epochs) { this.epochs = epochs; }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder(String.format("epoch %3d/%d", epoch + 1, epochs));
        logs.forEach((k, v) -> {
            if (!k.equals("seconds")) sb.append(String.format("  %s %.4f", k, v));
        });
        if (logs.containsKey("seconds")) sb.append(String.format("  (%.1f s)", logs.get("seconds")));
        out.println(sb);
        out.flush();
        return false;
    }
}
