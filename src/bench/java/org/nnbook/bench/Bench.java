package org.nnbook.bench;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.kernels.BlasThreads;
import org.nnbook.core.Layer;
import org.nnbook.core.Seed;
import org.nnbook.data.Batch;
import org.nnbook.data.DataLoader;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;
import org.nnbook.train.Callback;
import org.nnbook.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JVM half of {@code binder/bench}: trains the {@link Workload}s with nnbook and with DL4J's
 * {@code MultiLayerNetwork} on the same MNIST examples (Moby Dick's characters for the language
 * models, {@link CharText}), interleaving the two frameworks repetition by
 * repetition so that both see the same machine load, and prints one tab-separated {@code RESULT}
 * line per framework and workload with the best samples/s (an {@code NA} line, with the reason,
 * where DL4J has no such network). OpenMP's thread count is fixed when
 * ND4J loads, so {@code binder/bench} starts one JVM per {@code OMP_NUM_THREADS} setting.
 *
 * <p>Both frameworks get their batches from nnbook's {@link DataLoader} (shuffled, gathered per
 * step), and both report every step's loss, so the table can show that each one learns.
 *
 * <pre>
 * java -cp ... org.nnbook.bench.Bench [--reps 3] [--seconds 2] [--workloads mlp-sgd,lenet] [--frameworks nnbook,dl4j] [--small]
 * </pre>
 */
public final class Bench {
    private static final long SEED = 42;

    private Bench() {}

    /** One framework's model for one workload. */
    abstract static class Runner {
        final List<Double> losses = new ArrayList<>();

        abstract String framework();

        abstract long params();

        /** One shuffled pass over {@code chunk}, one optimizer step per mini-batch. */
        abstract void train(Dataset chunk, int batch);

        /** Evaluation-mode output for x. */
        abstract INDArray predict(INDArray x);
    }

    static final class NnbookRunner extends Runner {
        final Layer model;
        final Trainer trainer;

        NnbookRunner(Workload w) {
            Seed.set(SEED);
            model = w.nnbookModel();
            trainer = new Trainer(model, w.nnbookLoss(), w.nnbookOptimizer()).epochs(1).batchSize(w.batch).seed(SEED).quiet()
                    .callbacks(new Callback() {
                        @Override
                        public void onBatchEnd(int epoch, int batch, int numBatches, double loss) { losses.add(loss); }
                    });
        }

        @Override String framework() { return "nnbook"; }

        @Override long params() { return model.parameterCount(); }

        @Override void train(Dataset chunk, int batch) { trainer.fit(chunk); }

        @Override INDArray predict(INDArray x) { return model.predict(x); }
    }

    static final class Dl4jRunner extends Runner {
        final MultiLayerNetwork net;
        final Workload w;

        Dl4jRunner(Workload w) {
            this.w = w;
            net = new MultiLayerNetwork(w.dl4jConf(SEED));
            net.init();
        }

        @Override String framework() { return "dl4j"; }

        @Override long params() { return net.numParams(); }

        @Override
        void train(Dataset chunk, int batch) {
            for (Batch b : new DataLoader(chunk, batch, true, SEED)) {
                net.fit(w.dl4jBatch(b));
                losses.add(net.score() / (w.text() ? CharText.STEPS : 1));   // an RnnOutputLayer's score sums over the steps
            }
        }

        @Override INDArray predict(INDArray x) { return net.output(x, false); }
    }

    record Options(int reps, double seconds, List<Workload> workloads, List<String> frameworks, boolean small) {
        static Options parse(String[] args) {
            int reps = 3;
            double seconds = 2;
            List<Workload> workloads = new ArrayList<>(List.of(Workload.values()));
            List<String> frameworks = List.of("nnbook", "dl4j");
            boolean small = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--reps" -> reps = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--workloads" -> {
                        workloads.clear();
                        for (String s : args[++i].split(",")) workloads.add(Workload.of(s.trim()));
                    }
                    case "--frameworks" -> frameworks = List.of(args[++i].split(","));
                    case "--small" -> small = true;
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
            return new Options(reps, seconds, workloads, frameworks, small);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "?");
        int blasThreads = BlasThreads.fromEnvironment();   // for DL4J too: the same ND4J in the same JVM
        if (blasThreads > 0) threads += "+" + blasThreads;
        Dataset train, test;
        String data;
        if (!o.small() && Files.exists(Mnist.dir().resolve("train-images-idx3-ubyte"))) {
            train = Mnist.train();
            test = Mnist.test();
            data = "MNIST";
        } else {
            train = Mnist.smallTrain();
            test = Mnist.smallTest();
            data = "MNIST subset";
        }
        System.out.printf("INFO\tjvm threads=%s data=%s (%d train) load=%s%n", threads, data, train.size(), loadAverage());
        Map<Workload, Map<String, Runner>> trained = new EnumMap<>(Workload.class);
        Dataset text = null;
        for (Workload w : o.workloads()) {
            if (w.text() && text == null) {
                text = CharText.sequences();
                System.out.printf("INFO\tjvm threads=%s text=Moby Dick (%d sequences of %d characters)%n", threads, text.size(), CharText.STEPS);
            }
            Dataset tr = w.text() ? text : w.images ? Mnist.asImages(train) : train;
            Map<String, Runner> runners = new LinkedHashMap<>();
            if (w == Workload.LENET_INFER && trained.containsKey(Workload.LENET)) runners.putAll(trained.get(Workload.LENET));
            else for (String f : o.frameworks()) {
                if (f.equals("dl4j") && w.dl4jMissing() != null) {       // a row of the table says why
                    System.out.printf("NA\tdl4j\t%s\t%s\t%s%n", w.id, threads, w.dl4jMissing());
                    continue;
                }
                runners.put(f, create(f, w));
            }
            for (Runner r : runners.values())
                if (r.params() != w.params)
                    throw new IllegalStateException(r.framework() + " " + w.id + " has " + r.params() + " parameters, expected " + w.params);
            Map<String, Double> best = new LinkedHashMap<>();
            Map<String, String> check = new LinkedHashMap<>();
            if (w.training()) {
                Map<String, Integer> steps = new LinkedHashMap<>();
                Map<String, Integer> offset = new LinkedHashMap<>();
                int warm = Math.min(w.warmBatches(), tr.size() / w.batch / 2);   // batches per warm-up pass (fewer on the 1,000-digit subset)
                if (warm < 1) throw new IllegalStateException("Too few examples (" + tr.size() + ") for batches of " + w.batch + ".");
                for (Runner r : runners.values()) {                 // warm-up (JIT, workspaces), then a timed pass to size the repetitions
                    r.train(tr.range(0, warm * w.batch), w.batch);
                    long t0 = System.nanoTime();
                    r.train(tr.range(warm * w.batch, 2 * warm * w.batch), w.batch);
                    double rate = warm * w.batch / ((System.nanoTime() - t0) / 1e9);
                    steps.put(r.framework(), (int) Math.max(1, Math.min(tr.size() / w.batch / 2, rate * o.seconds() / w.batch)));
                    offset.put(r.framework(), 2 * warm * w.batch);
                }
                List<Runner> order = new ArrayList<>(runners.values());
                for (int rep = 0; rep < o.reps(); rep++) {
                    for (Runner r : order) {
                        int n = steps.get(r.framework()) * w.batch;
                        int from = offset.get(r.framework());
                        if (from + n > tr.size()) from = 0;
                        offset.put(r.framework(), from + n);
                        Dataset chunk = tr.range(from, from + n);
                        long t0 = System.nanoTime();
                        r.train(chunk, w.batch);
                        double rate = n / ((System.nanoTime() - t0) / 1e9);
                        best.merge(r.framework(), rate, Math::max);
                    }
                    java.util.Collections.reverse(order);           // alternate who goes first
                }
                for (Runner r : runners.values()) {
                    List<Double> l = r.losses;
                    int k = Math.min(10, l.size() / 4);
                    check.put(r.framework(), String.format(Locale.ROOT, "%.3f\t%.3f\t%d", mean(l.subList(0, k)), mean(l.subList(l.size() - k, l.size())), l.size()));
                }
                trained.put(w, runners);
            } else {
                for (Runner r : runners.values())                   // an untrained net would make a meaningless accuracy check
                    if (r.losses.isEmpty()) r.train(tr.range(0, Math.min(200 * 64, tr.size())), 64);
                Dataset te = w.images ? Mnist.asImages(test) : test;
                int nb = Math.max(1, Math.min(20, te.size() / w.batch));
                INDArray[] xs = new INDArray[nb];
                for (int i = 0; i < nb; i++) xs[i] = te.range(i * w.batch, (i + 1) * w.batch).x().dup();
                int[] labels = te.range(0, nb * w.batch).labels();
                for (Runner r : runners.values()) for (int i = 0; i < 3; i++) r.predict(xs[i % nb]);   // warm-up
                Map<String, Integer> calls = new LinkedHashMap<>();
                for (Runner r : runners.values()) {
                    long t0 = System.nanoTime();
                    int c = 0;
                    do { r.predict(xs[c++ % nb]); } while (c < 3 || System.nanoTime() - t0 < 0.3e9);
                    double rate = c * w.batch / ((System.nanoTime() - t0) / 1e9);
                    calls.put(r.framework(), (int) Math.max(3, rate * o.seconds() / w.batch));
                }
                List<Runner> order = new ArrayList<>(runners.values());
                for (int rep = 0; rep < o.reps(); rep++) {
                    for (Runner r : order) {
                        int c = calls.get(r.framework());
                        long t0 = System.nanoTime();
                        for (int i = 0; i < c; i++) r.predict(xs[i % nb]);
                        best.merge(r.framework(), c * w.batch / ((System.nanoTime() - t0) / 1e9), Math::max);
                    }
                    java.util.Collections.reverse(order);
                }
                for (Runner r : runners.values()) {
                    long correct = 0;
                    for (int i = 0; i < nb; i++) {
                        int[] pred = r.predict(xs[i]).argMax(1).toIntVector();
                        for (int j = 0; j < pred.length; j++) if (pred[j] == labels[i * w.batch + j]) correct++;
                    }
                    check.put(r.framework(), String.format(Locale.ROOT, "acc\t%.3f\t%d", (double) correct / (nb * w.batch), nb * w.batch));
                }
            }
            for (Runner r : runners.values())
                System.out.printf(Locale.ROOT, "RESULT\t%s\t%s\t%s\t%.1f\t%d\t%s%n", r.framework(), w.id, threads, best.get(r.framework()),
                        r.params(), check.get(r.framework()));
            System.out.flush();
        }
        System.out.printf("INFO\tjvm threads=%s done load=%s%n", threads, loadAverage());
        System.exit(0);      // ND4J's and DL4J's non-daemon threads
    }

    private static Runner create(String framework, Workload w) {
        return switch (framework) {
            case "nnbook" -> new NnbookRunner(w);
            case "dl4j" -> new Dl4jRunner(w);
            default -> throw new IllegalArgumentException("Unknown framework '" + framework + "'; known: nnbook, dl4j.");
        };
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + "," + f[1] + "," + f[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
