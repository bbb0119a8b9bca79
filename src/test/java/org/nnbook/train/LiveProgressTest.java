package org.nnbook.train;

import org.junit.jupiter.api.Test;
import org.nnbook.notebook.Display;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** LiveProgress with a recording display and a hand-driven clock: no kernel, no real time. */
class LiveProgressTest {
    private static final long MS = 1_000_000L;

    /** A chart stand-in: which epochs it shows. */
    record Chart(int epochs) {}

    private static final java.util.function.Function<History, Object> CHART = h -> new Chart(h.size());

    /** A display that records what was shown, and when. */
    static final class Recorder implements Display {
        final List<String> events = new ArrayList<>();
        final List<Long> textTimes = new ArrayList<>();
        final long[] clock;
        Object lastText, lastChart;
        boolean refuse, dead;

        Recorder(long[] clock) { this.clock = clock; }

        @Override public boolean available() { return !dead; }

        @Override public Object show(Object value) {
            if (refuse) return null;
            events.add("show " + value);
            record(value);
            return "h" + events.size();
        }

        @Override public void update(Object handle, Object value) {
            events.add("update " + handle + " " + value);
            record(value);
        }

        private void record(Object value) {
            if (value instanceof Chart) lastChart = value;
            else { lastText = value; textTimes.add(clock[0]); }
        }

        long charts() { return events.stream().filter(e -> e.contains("Chart[")).count(); }
    }

    private static Map<String, Double> logs(double loss, double acc, double valAcc) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", acc);
        m.put("val_accuracy", valAcc);
        m.put("lr", 0.001);
        m.put("seconds", 1.0);
        return m;
    }

    /** Runs {@code epochs} epochs of {@code batches} batches, each taking {@code batchMs} on the clock. */
    private static void run(LiveProgress p, long[] clock, int epochs, int batches, long batchMs) {
        p.onTrainBegin(null, epochs);
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            for (int b = 0; b < batches; b++) {
                clock[0] += batchMs * MS;
                p.onBatchEnd(e, b, batches, 1.0 / (e + 1));
            }
            Map<String, Double> logs = logs(1.0 / (e + 1), 0.5 + 0.1 * e, 0.5 + 0.05 * e);
            h.add(logs);
            p.onEpochEnd(e, logs);
        }
        p.onTrainEnd(h);
    }

    @Test
    void outsideANotebookItPrintsWhatProgressPrinterPrints() {
        ByteArrayOutputStream live = new ByteArrayOutputStream(), plain = new ByteArrayOutputStream();
        LiveProgress p = new LiveProgress(Display.none(), new PrintStream(live, true, StandardCharsets.UTF_8));
        ProgressPrinter q = new ProgressPrinter(new PrintStream(plain, true, StandardCharsets.UTF_8));
        p.onTrainBegin(null, 2);
        q.onTrainBegin(null, 2);
        assertFalse(p.isLive());
        for (int e = 0; e < 2; e++) {
            for (int b = 0; b < 5; b++) p.onBatchEnd(e, b, 5, 0.3);
            assertFalse(p.onEpochEnd(e, logs(0.3, 0.9, 0.8)));
            q.onEpochEnd(e, logs(0.3, 0.9, 0.8));
        }
        p.onTrainEnd(new History());
        String text = live.toString(StandardCharsets.UTF_8);
        assertEquals(plain.toString(StandardCharsets.UTF_8), text);
        assertEquals(2, text.lines().count(), text);
        assertTrue(text.startsWith("epoch   1/2  loss 0.3000"), text);
    }

    @Test
    void progressTextIsThrottled() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        LiveProgress p = new LiveProgress(d, System.out, () -> clock[0], CHART);
        run(p, clock, 3, 100, 20);   // 100 batches of 20 ms: 2 s per epoch
        assertTrue(p.isLive());
        // between epoch ends, text updates are at least TEXT_INTERVAL apart
        List<Long> t = d.textTimes;
        int batchUpdates = 0;
        for (int i = 1; i < t.size(); i++) {
            long gap = t.get(i) - t.get(i - 1);
            if (gap > 0) assertTrue(gap >= LiveProgress.TEXT_INTERVAL_NANOS, "updates " + gap / MS + " ms apart");
        }
        for (String e : d.events) if (e.contains("|") && e.contains("left")) batchUpdates++;
        // 6 s of batches, at most one update per 0.5 s
        assertTrue(batchUpdates >= 9 && batchUpdates <= 12, "batch updates: " + batchUpdates);
    }

    @Test
    void chartIsDrawnAtMostOncePerEpochAndAtTheEnd() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        LiveProgress p = new LiveProgress(d, System.out, () -> clock[0], CHART);
        run(p, clock, 5, 10, 200);   // 2 s per epoch: a chart every epoch
        assertEquals(5, d.charts(), d.events.toString());
        assertEquals(new Chart(5), d.lastChart);
        assertEquals(5, p.chartsDrawn());
        // the chart is shown once, then replaced in place
        assertEquals(1, d.events.stream().filter(e -> e.startsWith("show Chart")).count());
    }

    @Test
    void shortEpochsDrawFewCharts() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        LiveProgress p = new LiveProgress(d, System.out, () -> clock[0], CHART);
        run(p, clock, 40, 5, 10);    // 50 ms per epoch, 2 s in all
        assertTrue(d.charts() <= 3, "charts drawn: " + d.charts());
        assertEquals(new Chart(40), d.lastChart, "the final chart shows every epoch");
    }

    @Test
    void chartsTakeAtMostATenthOfTheTrainingTime() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        // each drawing takes 400 ms, each epoch 1 s
        LiveProgress p = new LiveProgress(d, System.out, () -> clock[0], h -> { clock[0] += 400 * MS; return new Chart(h.size()); });
        run(p, clock, 20, 10, 100);
        assertEquals(new Chart(20), d.lastChart, "the final chart shows every epoch");
        assertEquals(0.4 * p.chartsDrawn(), p.chartSeconds(), 1e-9);
        double seconds = clock[0] / 1e9, beforeFinal = p.chartSeconds() - 0.4;
        assertTrue(beforeFinal <= LiveProgress.CHART_BUDGET * seconds, beforeFinal + " s of charts in " + seconds + " s");
        assertTrue(p.chartsDrawn() >= 3, "charts drawn: " + p.chartsDrawn());
    }

    @Test
    void finalStateIsASummaryAndTheFullChart() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        LiveProgress p = new LiveProgress(d, System.out, () -> clock[0], CHART);
        run(p, clock, 3, 10, 50);
        String text = (String) d.lastText;
        assertTrue(text.startsWith("3 epochs in 1.5 s:"), text);
        assertTrue(text.contains("loss 0.3333") && text.contains("accuracy 0.7000") && text.contains("val_accuracy 0.6000"), text);
        assertTrue(text.contains("best val_accuracy 0.6000 at epoch 3"), text);
        assertFalse(text.contains("lr "), text);
        assertEquals(new Chart(3), d.lastChart);
        assertTrue(d.events.get(0).startsWith("show epoch 1/3"), "the text comes first, above the chart: " + d.events);
    }

    @Test
    void summaryOfAnEarlyStop() {
        History h = new History();
        h.add(logs(0.5, 0.8, 0.7));
        h.add(logs(0.4, 0.85, 0.75));
        h.add(logs(0.3, 0.9, 0.72));
        assertEquals("3 epochs in 2.0 s (stopped early, of 10):  loss 0.3000  accuracy 0.9000  val_accuracy 0.7200"
                + "  (best val_accuracy 0.7500 at epoch 2)", LiveProgress.summary(h, 10, 2.0));
    }

    @Test
    void progressBar() {
        assertEquals("|" + " ".repeat(20) + "|", LiveProgress.bar(0, 10));
        assertEquals("|" + "█".repeat(10) + " ".repeat(10) + "|", LiveProgress.bar(5, 10));
        assertEquals("|" + "█".repeat(20) + "|", LiveProgress.bar(10, 10));
    }

    @Test
    void aRefusingDisplayFallsBackToText() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        d.refuse = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LiveProgress p = new LiveProgress(d, new PrintStream(out, true, StandardCharsets.UTF_8), () -> clock[0], CHART);
        run(p, clock, 2, 3, 10);
        assertFalse(p.isLive());
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void aDisplayThatFailsMidwayFallsBackToText() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LiveProgress p = new LiveProgress(d, new PrintStream(out, true, StandardCharsets.UTF_8), () -> clock[0], CHART);
        p.onTrainBegin(null, 3);
        p.onEpochEnd(0, logs(0.5, 0.8, 0.7));
        d.dead = true;                        // e.g. the kernel refused an update
        p.onBatchEnd(1, 0, 1, 0.4);
        p.onEpochEnd(1, logs(0.4, 0.85, 0.75));
        p.onEpochEnd(2, logs(0.3, 0.9, 0.8));
        assertFalse(p.isLive());
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void worksWithTheTrainer() {
        long[] clock = {0};
        Recorder d = new Recorder(clock);
        LiveProgress p = new LiveProgress(d, System.out, () -> clock[0] += 10 * MS, CHART);
        var net = org.nnbook.core.Sequential.of(new org.nnbook.layers.Dense(2, 8), new org.nnbook.layers.Tanh(), new org.nnbook.layers.Dense(8, 2));
        History h = new Trainer(net, new org.nnbook.loss.CrossEntropy(), new org.nnbook.optim.Adam(0.01))
                .epochs(4).batchSize(16).quiet().callbacks(p).fit(TrainerTest.spirals(100, 1), TrainerTest.spirals(50, 2));
        assertEquals(4, h.size());
        assertEquals(new Chart(4), d.lastChart);
        assertTrue(((String) d.lastText).startsWith("4 epochs in"), d.lastText.toString());
    }

    @Test
    void autoIsTextOutsideANotebook() {
        Callback c = LiveProgress.auto();
        c.onTrainBegin(null, 1);
        assertFalse(((LiveProgress) c).isLive());
    }
}
