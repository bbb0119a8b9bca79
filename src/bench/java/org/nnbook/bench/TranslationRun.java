package org.nnbook.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Seed;
import org.nnbook.data.DebianDescriptions;
import org.nnbook.kernels.BlasThreads;
import org.nnbook.models.Transformer;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Schedule;
import org.nnbook.text.BatchFile;
import org.nnbook.text.Bleu;
import org.nnbook.text.BytePairEncoding;
import org.nnbook.text.ChrF;
import org.nnbook.text.TokenBatches;
import org.nnbook.text.TranslationTraining;
import org.nnbook.text.Translator;
import org.nnbook.text.WordDictionary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The JVM half of {@code binder/bench-mt}: notebook 12's English→French Transformer on the Debian
 * package descriptions, trained by {@link TranslationTraining} as the notebook trains it, and its
 * batches written ({@link BatchFile}) so that {@code src/bench/python/translate_torch.py} trains the
 * same model in PyTorch on the very same batches, in the same order.
 *
 * <pre>
 * java -cp ... org.nnbook.bench.TranslationRun [--out DIR] [--merges 4000] [--tokens 2000] [--steps 2000] [--warmup 400] [--cosine MIN_LR]
 *      [--lr 2e-3] [--d 128] [--heads 4] [--layers 2] [--seed 12] [--threads N] [--test N] [--prepare-only] [--score HYP_IDS_FILE]
 * </pre>
 * {@code --prepare-only} trains the BPE (saved as DIR/bpe.txt), writes DIR/batches.bin (batches, the step
 * order, the test sources) and DIR/references.txt, and stops. {@code --score F} decodes the ids of F (one
 * translation per line, as translate_torch.py writes them) with DIR/bpe.txt and prints their BLEU and chrF
 * against DIR/references.txt. Otherwise it also trains nnbook's model and translates the test sources
 * greedily. Output lines (tab-separated): {@code INFO}, {@code RESULT framework setting BLEU chrF
 * target-tokens/s parameters seconds}.
 */
public final class TranslationRun {
    private TranslationRun() {}

    public static void main(String[] args) throws IOException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Path out = Path.of("target/bench/mt");
        int merges = 4000, tokens = 2000, steps = 2000, warmup = 400, d = 128, heads = 4, layers = 2, seed = 12, test = Integer.MAX_VALUE, useThreads = 0;
        double cosineMin = -1;                  // >= 0: warm-up then a cosine down to this rate at the last step, instead of 1/sqrt(step)
        double lr = 2e-3;
        boolean prepareOnly = false;
        Path score = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--merges" -> merges = Integer.parseInt(args[++i]);
                case "--tokens" -> tokens = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--cosine" -> cosineMin = Double.parseDouble(args[++i]);
                case "--lr" -> lr = Double.parseDouble(args[++i]);
                case "--d" -> d = Integer.parseInt(args[++i]);
                case "--heads" -> heads = Integer.parseInt(args[++i]);
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Integer.parseInt(args[++i]);
                case "--threads" -> useThreads = Integer.parseInt(args[++i]);
                case "--test" -> test = Integer.parseInt(args[++i]);
                case "--prepare-only" -> prepareOnly = true;
                case "--score" -> score = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("TranslationRun: unknown option " + args[i] + " (see the class comment).");
            }
        }
        Path bpeFile = out.resolve("bpe.txt"), refFile = out.resolve("references.txt");
        if (score != null) {
            BytePairEncoding bpe = BytePairEncoding.load(bpeFile);
            List<String> hyps = BatchFile.readIds(score).stream().map(bpe::decode).toList();
            List<String> refs = Files.readAllLines(refFile);
            Files.write(out.resolve("pytorch-hypotheses.txt"), hyps);
            String[] info = Files.readString(score.resolveSibling(score.getFileName() + ".info")).trim().split("\t");
            result("pytorch", info[0], hyps, refs, Double.parseDouble(info[1]), Long.parseLong(info[2]), Double.parseDouble(info[3]));
            return;
        }
        long t0 = System.nanoTime();
        var all = DebianDescriptions.load().shortPairs();
        var train = DebianDescriptions.of(all, DebianDescriptions.Part.TRAIN);
        var testPairs = DebianDescriptions.of(all, DebianDescriptions.Part.TEST);
        if (testPairs.size() > test) testPairs = testPairs.subList(0, test);
        BytePairEncoding bpe = BytePairEncoding.train(train.stream().flatMap(p -> java.util.stream.Stream.of(p.source(), p.target())).toList(), merges);
        double bpeSeconds = (System.nanoTime() - t0) / 1e9;
        List<int[]> src = train.stream().map(p -> bpe.encode(p.source())).toList(), tgt = train.stream().map(p -> bpe.encode(p.target())).toList();
        List<TokenBatches.Batch> batches = TokenBatches.of(src, tgt, tokens, seed);
        int[] order = TokenBatches.order(batches.size(), steps, seed);
        List<String> testSources = testPairs.stream().map(DebianDescriptions.Pair::source).toList();
        List<String> refs = testPairs.stream().map(DebianDescriptions.Pair::target).toList();
        System.out.printf(Locale.ROOT, "INFO\t%d training pairs, %d test pairs, BPE %d merges (vocab %d) in %.1f s, %d batches of <= %d tokens (padding overhead %.2f), %d steps%n",
                train.size(), testPairs.size(), merges, bpe.vocabSize(), bpeSeconds, batches.size(), tokens, TokenBatches.paddingOverhead(batches), steps);
        if (prepareOnly) {
            Files.createDirectories(out);
            bpe.save(bpeFile);
            Files.write(refFile, refs);
            BatchFile.write(out.resolve("batches.bin"), batches, order, testSources.stream().map(bpe::encode).toList());
            var dict = WordDictionary.train(train.stream().map(DebianDescriptions.Pair::source).toList(), train.stream().map(DebianDescriptions.Pair::target).toList());
            List<String> dictHyps = testSources.stream().map(dict::translate).toList();
            System.out.printf(Locale.ROOT, "DICTIONARY\t%.2f\t%.2f%n", Bleu.corpus(dictHyps, refs).score(), new ChrF().corpus(dictHyps, refs).score());
            return;
        }
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "?");
        int blas = BlasThreads.fromEnvironment();
        if (blas > 0) threads += "+" + blas;
        Seed.set(seed);
        Transformer model = Transformer.sharedVocabulary(bpe.vocabSize(), d, heads, layers, 0.0);
        if (useThreads > 0) {                   // ND4J's own ops and OpenBLAS, whatever OMP_NUM_THREADS said
            org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(useThreads);
            org.nnbook.kernels.BlasThreads.set(useThreads);
        }
        var curve = new TranslationTraining(model, new Adam(lr), cosineMin >= 0 ? Schedule.warmupCosine(lr, cosineMin, warmup, steps) : Schedule.inverseSqrt(lr, warmup)).printEvery(100).fit(batches, order);
        System.out.printf(Locale.ROOT, "INFO\tnnbook %s, loss %.3f -> %.3f%n", curve, curve.firstLoss(), curve.lastLoss());
        long t1 = System.nanoTime();
        List<String> hyps = new Translator(model, bpe).greedy(testSources);
        System.out.printf(Locale.ROOT, "INFO\tgreedy translation of %d sentences: %.1f s%n", hyps.size(), (System.nanoTime() - t1) / 1e9);
        Files.createDirectories(out);
        Files.write(out.resolve("nnbook-hypotheses.txt"), hyps);
        result("nnbook", "OMP_NUM_THREADS=" + threads, hyps, refs, curve.targetTokensPerSecond(), model.parameterCount(), curve.seconds());
    }

    private static void result(String framework, String setting, List<String> hyps, List<String> refs, double tokensPerSecond, long params, double seconds) {
        System.out.printf(Locale.ROOT, "RESULT\t%s\t%s\t%.2f\t%.2f\t%.0f\t%d\t%.1f%n", framework, setting, Bleu.corpus(hyps, refs).score(),
                new ChrF().corpus(hyps, refs).score(), tokensPerSecond, params, seconds);
    }
}
