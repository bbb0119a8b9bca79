package org.nnbook.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code RESULT} lines of {@link Bench} and {@code bench_torch.py} (tab-separated:
 * framework, workload, threads, samples/s, parameters, then first loss, last loss, steps — or
 * {@code acc}, accuracy, examples for inference) and prints one markdown table: each framework's
 * best samples/s over rounds at its best thread setting, the ratios nnbook/DL4J and nnbook/PyTorch,
 * and the check that every framework learned.
 */
public final class BenchTable {
    private BenchTable() {}

    private static final List<String> FRAMEWORKS = List.of("nnbook", "dl4j", "torch");
    private static final Map<String, String> NAMES = Map.of("nnbook", "nnbook", "dl4j", "DL4J", "torch", "PyTorch");

    /** Best result of one framework on one workload at one thread setting. */
    record Cell(double rate, long params, String check) {}

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, Map<String, Cell>>> best = new LinkedHashMap<>();   // workload -> framework -> threads -> best
        Map<String, Map<String, String>> missing = new LinkedHashMap<>();           // workload -> framework -> why it cannot run it
        List<String> info = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t");
            if (f[0].equals("INFO")) info.add(line);
            if (f[0].equals("NA") && f.length >= 5) {
                missing.computeIfAbsent(f[2], k -> new LinkedHashMap<>()).put(f[1], f[4]);
                best.computeIfAbsent(f[2], k -> new LinkedHashMap<>());
            }
            if (!f[0].equals("RESULT") || f.length < 9) continue;
            String fw = f[1], w = f[2], t = f[3];
            double rate = Double.parseDouble(f[4]);
            String check = f[6].equals("acc") ? "acc " + f[7] : f[6] + " → " + f[7];
            boolean learned = f[6].equals("acc") ? Double.parseDouble(f[7]) > 0.5 : Double.parseDouble(f[7]) < 0.8 * Double.parseDouble(f[6]);
            if (!learned) check += " NOT LEARNING";
            best.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(fw, k -> new TreeMap<>())
                    .merge(t, new Cell(rate, Long.parseLong(f[5]), check), (a, b) -> a.rate >= b.rate ? a : b);
        }
        List<String> order = new ArrayList<>(List.of("mlp-sgd", "mlp-adam", "lenet", "seed-cnn", "lenet-infer", "lstm-lm", "gru"));
        best.keySet().stream().filter(w -> !order.contains(w)).forEach(order::add);
        Map<String, String> titles = new LinkedHashMap<>();
        for (Workload w : Workload.values()) titles.put(w.id, w.title);

        List<String> notes = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | nnbook | DL4J | PyTorch | nnbook/DL4J | nnbook/PyTorch | loss first → last (acc for inference): nnbook; DL4J; PyTorch |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (String w : order) {
            Map<String, Map<String, Cell>> byFw = best.get(w);
            if (byFw == null) continue;
            Map<String, Double> top = new LinkedHashMap<>();
            sb.append("| ").append(titles.getOrDefault(w, w));
            List<String> checks = new ArrayList<>();
            for (String fw : FRAMEWORKS) {
                Map<String, Cell> byT = byFw.get(fw);
                String why = missing.getOrDefault(w, Map.of()).get(fw);
                if (byT == null && why != null) {
                    notes.add(why);
                    sb.append(" | n/a (").append(notes.size()).append(")");
                    checks.add("–");
                    continue;
                }
                if (byT == null) { sb.append(" | –"); checks.add("–"); continue; }
                Map.Entry<String, Cell> e = byT.entrySet().stream().max((a, b) -> Double.compare(a.getValue().rate, b.getValue().rate)).orElseThrow();
                top.put(fw, e.getValue().rate);
                sb.append(String.format(Locale.ROOT, " | %,.0f (t%s)", e.getValue().rate, e.getKey()));
                checks.add(e.getValue().check);
            }
            sb.append(" | ").append(ratio(top, "dl4j")).append(" | ").append(ratio(top, "torch"));
            sb.append(" | ").append(String.join("; ", checks)).append(" |\n");
        }
        System.out.println();
        System.out.println("samples/s, best over rounds, each framework at its best thread setting (tN = N threads; tA+B = A threads, B for OpenBLAS):");
        System.out.println();
        System.out.print(sb);
        for (int i = 0; i < notes.size(); i++) System.out.println("(" + (i + 1) + ") " + notes.get(i) + ".");
        System.out.println();
        System.out.println("All thread settings (samples/s):");
        for (String w : order) {
            Map<String, Map<String, Cell>> byFw = best.get(w);
            if (byFw == null) continue;
            StringBuilder line = new StringBuilder(String.format("  %-12s", w));
            for (String fw : FRAMEWORKS) {
                Map<String, Cell> byT = byFw.get(fw);
                if (byT == null) continue;
                line.append("  ").append(NAMES.get(fw)).append(":");
                byT.forEach((t, c) -> line.append(String.format(Locale.ROOT, " t%s=%,.0f", t, c.rate)));
            }
            System.out.println(line);
        }
        List<String> loads = info.stream().filter(l -> l.contains("load=")).map(l -> l.substring(l.indexOf("load=") + 5).split("\\s")[0]).toList();
        if (!loads.isEmpty()) System.out.println("Load average (1, 5, 15 min) during the runs: " + loads.get(0) + " at start, " + loads.get(loads.size() - 1) + " at end.");
    }

    private static String ratio(Map<String, Double> top, String peer) {
        Double a = top.get("nnbook"), b = top.get(peer);
        return a == null || b == null ? "–" : String.format(Locale.ROOT, "%.2fx", a / b);
    }
}
