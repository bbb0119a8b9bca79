package org.nnbook.train;

import org.nnbook.notebook.Display;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Training progress that stays in place in a notebook: one text output with a progress bar through
 * the current epoch, and below it the loss/accuracy curves of the epochs so far
 * ({@link History#chart}). Outside a notebook it prints one line per epoch, like
 * {@link ProgressPrinter}. The {@link Trainer} shows it unless told {@link Trainer#quiet()}.
 *
 * <pre>
 * epoch 2/10  loss 0.3120  accuracy 0.9100  val_loss 0.2900  val_accuracy 0.9150  lr 0.0010  (1.2 s)
 * epoch 3/10  |████████            |  450/938  loss 0.2345  1.1 s, ~1.2 s left
 * [chart: loss | accuracy per epoch]
 * </pre>
 *
 * <p>When training ends, the text becomes a summary of the run (final values, best validation
 * accuracy) and the chart shows every epoch: that final state is what a saved notebook keeps, since
 * an output updated in place is saved as its last version.
 *
 * <p>Cost: the text is replaced at most every {@link #TEXT_INTERVAL_NANOS 0.5 s}. The chart is drawn
 * at most once per epoch, at least {@link #CHART_INTERVAL_NANOS 1 s} after the last drawing, and only
 * while drawing (and sending) charts has taken less than {@link #CHART_BUDGET a tenth} of the
 * training time so far, counting the next drawing at the cost of the last one: so short epochs or a
 * slow machine get fewer charts, never a slower training. The final chart is drawn at the end.
 */
public final class LiveProgress implements Callback {
    /** Shortest time between two updates of the progress text. */
    public static final long TEXT_INTERVAL_NANOS = 500_000_000L;
    /** Shortest time between two drawings of the chart. */
    public static final long CHART_INTERVAL_NANOS = 1_000_000_000L;
    /** The largest share of the training time that drawing charts may take (before the final one). */
    public static final double CHART_BUDGET = 0.1;
    private static final int BAR = 20;

    private final Display display;
    private final ProgressPrinter printer;
    private final LongSupplier clock;
    private final Function<History, Object> chart;

    private boolean live;
    private Object textId, chartId;
    private int epochs;
    private History history;
    private String lastEpochLine;
    private long trainStart, epochStart, lastText, lastChart, chartCost, chartNanos;
    private int chartedEpochs, charts;
    private double epochLossSum;

    /** Live in the running notebook, text lines on standard output elsewhere. */
    public LiveProgress() { this(Display.kernel(), System.out); }

    /** Live on {@code display} when it is available, else text lines on {@code out}. */
    public LiveProgress(Display display, PrintStream out) { this(display, out, System::nanoTime, History::chart); }

    LiveProgress(Display display, PrintStream out, LongSupplier clock, Function<History, Object> chart) {
        if (display == null || out == null) throw new IllegalArgumentException("LiveProgress needs a Display and a PrintStream.");
        this.display = display;
        this.printer = new ProgressPrinter(out);
        this.clock = clock;
        this.chart = chart;
    }

    /** The progress display the {@link Trainer} uses: live in a notebook, one text line per epoch elsewhere. */
    public static Callback auto() { return new LiveProgress(); }

    /** True while showing live outputs (in a notebook), false when printing text lines. */
    public boolean isLive() { return live; }

    /** Charts drawn (and sent to the notebook) in the last fit. */
    public int chartsDrawn() { return charts; }

    /** Seconds spent drawing and sending charts in the last fit: the cost of the live display. */
    public double chartSeconds() { return chartNanos / 1e9; }

    @Override
    public void onTrainBegin(Trainer trainer, int epochs) {
        this.epochs = epochs;
        history = new History();
        lastEpochLine = null;
        chartId = null;
        chartedEpochs = charts = 0;
        chartCost = chartNanos = 0;
        trainStart = epochStart = lastText = clock.getAsLong();
        lastChart = trainStart;   // a fit shorter than CHART_INTERVAL_NANOS draws once, at the end
        textId = display.available() ? display.show(String.format(Locale.ROOT, "epoch 1/%d  starting...", epochs)) : null;
        live = textId != null;
        printer.onTrainBegin(trainer, epochs);
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int numBatches, double loss) {
        live = live && display.available();   // a display that failed turns into text lines
        if (!live) return;
        long now = clock.getAsLong();
        if (batch == 0) epochLossSum = 0;
        epochLossSum += loss;
        if (now - lastText < TEXT_INTERVAL_NANOS) return;
        lastText = now;
        double elapsed = (now - epochStart) / 1e9;
        double left = elapsed / (batch + 1) * (numBatches - batch - 1);
        String line = String.format(Locale.ROOT, "epoch %d/%d  %s  %d/%d  loss %.4f  %.1f s, ~%.1f s left",
                epoch + 1, epochs, bar(batch + 1, numBatches), batch + 1, numBatches, epochLossSum / (batch + 1), elapsed, left);
        showText(lastEpochLine == null ? line : lastEpochLine + "\n" + line);
    }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        live = live && display.available();
        if (!live) return printer.onEpochEnd(epoch, logs);
        history.add(logs);
        long now = clock.getAsLong();
        lastEpochLine = epochLine(epoch, logs);
        showText(epoch + 1 < epochs ? lastEpochLine + String.format(Locale.ROOT, "\nepoch %d/%d  starting...", epoch + 2, epochs)
                : lastEpochLine);
        lastText = now;
        if (epoch + 1 < epochs && now - lastChart >= CHART_INTERVAL_NANOS && chartNanos + chartCost <= CHART_BUDGET * (now - trainStart))
            drawChart();
        epochStart = clock.getAsLong();
        return false;
    }

    @Override
    public void onTrainEnd(History result) {
        if (!live) return;
        if (chartedEpochs < history.size()) drawChart();
        showText(summary(history, epochs, (clock.getAsLong() - trainStart) / 1e9));
    }

    /** Draws the chart of the epochs so far and shows it (the first time) or replaces the one shown. */
    private void drawChart() {
        long t0 = clock.getAsLong();
        Object image;
        try {
            image = chart.apply(history);
        } catch (IllegalArgumentException e) {   // nothing to plot (no loss or accuracy logged)
            return;
        }
        if (chartId == null) chartId = display.show(image);
        else display.update(chartId, image);
        long t1 = clock.getAsLong();
        chartCost = t1 - t0;   // the first one may include starting Java's graphics (~1 s, once per JVM)
        chartNanos += chartCost;
        lastChart = t1;
        chartedEpochs = history.size();
        charts++;
    }

    private void showText(String text) { display.update(textId, text); }

    /** E.g. "|██████              |" for 3 of 10. */
    static String bar(int done, int total) {
        int filled = total <= 0 ? BAR : (int) ((long) BAR * done / total);
        return "|" + "█".repeat(filled) + " ".repeat(BAR - filled) + "|";
    }

    /** The line of a finished epoch, in the format of {@link ProgressPrinter}. */
    private String epochLine(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs));
        logs.forEach((k, v) -> {
            if (!k.equals("seconds")) sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v));
        });
        if (logs.containsKey("seconds")) sb.append(String.format(Locale.ROOT, "  (%.1f s)", logs.get("seconds")));
        return sb.toString();
    }

    /**
     * The run in one line, e.g. "10 epochs in 12.3 s: loss 0.1234  accuracy 0.9620  val_loss 0.2100
     * val_accuracy 0.9410  (best val_accuracy 0.9450 at epoch 8)".
     */
    static String summary(History h, int planned, double seconds) {
        if (h.size() == 0) return "no epoch finished";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d epoch%s in %.1f s", h.size(), h.size() == 1 ? "" : "s", seconds));
        if (h.size() < planned) sb.append(String.format(Locale.ROOT, " (stopped early, of %d)", planned));
        sb.append(":");
        h.epoch(h.size() - 1).forEach((k, v) -> {
            if (!k.equals("seconds") && !k.equals("lr")) sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v));
        });
        if (h.keys().contains("val_accuracy") && h.size() > 1) {
            double[] acc = h.get("val_accuracy");
            int best = 0;
            for (int i = 1; i < acc.length; i++) if (acc[i] > acc[best]) best = i;
            sb.append(String.format(Locale.ROOT, "  (best val_accuracy %.4f at epoch %d)", acc[best], best + 1));
        }
        return sb.toString();
    }
}
