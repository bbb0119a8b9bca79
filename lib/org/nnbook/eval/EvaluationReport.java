package org.nnbook.eval;

import java.util.List;

/** The text form of an {@link Evaluation}: a per-class table, then the confusion matrix. */
final class EvaluationReport {
    private EvaluationReport() {}

    static String format(Evaluation ev) {
        List<String> names = ev.classNames();
        int c = names.size();
        int nameWidth = Math.max(9, names.stream().mapToInt(String::length).max().orElse(1));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Evaluation of %,d examples: accuracy %.2f%%, macro-F1 %.4f%n%n",
                ev.size(), 100 * ev.accuracy(), ev.macroF1()));
        sb.append(String.format("%-" + nameWidth + "s %9s %9s %9s %9s%n", "class", "precision", "recall", "F1", "support"));
        for (int k = 0; k < c; k++) {
            sb.append(String.format("%-" + nameWidth + "s %9.4f %9.4f %9.4f %9d%n",
                    names.get(k), ev.precision(k), ev.recall(k), ev.f1(k), ev.support(k)));
        }
        sb.append(String.format("%-" + nameWidth + "s %9.4f %9.4f %9.4f %9d%n", "macro avg",
                ev.tribuo().macroAveragedPrecision(), ev.tribuo().macroAveragedRecall(), ev.macroF1(), ev.size()));

        long[][] m = ev.confusionMatrix();
        long max = 0;
        for (long[] row : m) for (long v : row) max = Math.max(max, v);
        int cell = Math.max(Long.toString(max).length(), Math.min(10, names.stream().mapToInt(String::length).max().orElse(1))) + 2;
        int rowHead = Math.min(nameWidth, 16);
        sb.append(String.format("%nConfusion matrix (rows: true class, columns: predicted class)%n"));
        sb.append(" ".repeat(rowHead));
        for (String n : names) sb.append(String.format("%" + cell + "s", clip(n, cell - 2)));
        for (int t = 0; t < c; t++) {
            sb.append(String.format("%n%-" + rowHead + "s", clip(names.get(t), rowHead)));
            for (int q = 0; q < c; q++) sb.append(String.format("%" + cell + "d", m[t][q]));
        }
        List<Evaluation.Confusion> worst = ev.mostConfused(5);
        if (!worst.isEmpty()) sb.append(String.format("%n%nMost confused (true -> predicted: count): %s", worst));
        return sb.toString();
    }

    private static String clip(String s, int width) { return s.length() <= width ? s : s.substring(0, width); }
}
