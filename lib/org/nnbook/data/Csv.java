package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.regex.Pattern;

/**
 * A table read from a CSV file with a header line: named columns of text cells, turned into a
 * {@link Dataset} by naming the label column. Quoted cells ({@code "a, b"}, {@code ""} for a quote)
 * and CRLF line ends are understood; blank lines are skipped.
 *
 * <pre>{@code
 * Csv table = Csv.read(Path.of("penguins.csv"));
 * Dataset d = table.select("bill_length_mm", "flipper_length_mm", "species").dropMissing().toDataset("species");
 * }</pre>
 *
 * <p>Missing values — an empty cell, {@code NA} or {@code NaN} — are never guessed: {@link #toDataset}
 * stops with an error naming the first one and the number of rows that have one; drop those rows
 * explicitly with {@link #dropMissing()} (after {@link #select} so that only the columns you use count).
 * Every feature column must be numeric; leave text columns out with {@link #select}.
 *
 * <p>Numbers must be plain decimals as R, pandas and spreadsheets write them: an optional sign, digits
 * with an optional {@code .} fraction ({@code .5} and {@code 5.} too) and an optional exponent
 * ({@code 1.5e-3}); spaces around them are ignored. Anything else ({@code Infinity}, {@code inf},
 * {@code 0x1p3}, {@code 2f}, {@code 1_000}, {@code 1,5}) and any value too large for float32
 * ({@code 1e39}) is an error naming the file, line and column, never a silent infinity.
 */
public final class Csv {
    private final String source;
    private final List<String> columns;
    private final List<String[]> rows;
    private final int[] lines; // the file line of each row, for messages
    private final int[] filePositions; // the 1-based position in the file of each column, for messages

    /** A plain decimal: sign, digits with an optional fraction (or a fraction alone), optional exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Csv(String source, List<String> columns, List<String[]> rows, int[] lines, int[] filePositions) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.lines = lines;
        this.filePositions = filePositions;
    }

    /** Reads a UTF-8 CSV file. */
    public static Csv read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new DataFileException(file.toString(), "CSV file not found: " + file.toAbsolutePath() + ".", e);
        } catch (IOException e) {
            throw new DataFileException(file.toString(), "Cannot read CSV file " + file + ": " + e + ".", e);
        }
    }

    /** Reads UTF-8 CSV text from a stream (e.g. a class-path resource); {@code source} names it in messages. */
    public static Csv read(InputStream in, String source) {
        try (in) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new DataFileException(source, "Cannot read CSV " + source + ": " + e + ".", e);
        }
    }

    /** Parses CSV text; {@code source} names it in messages. */
    public static Csv parse(String text, String source) {
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark is not part of the first name
        List<String[]> records = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        int line = 1, start = 1;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : '\n';
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else if (i == text.length()) throw new DataFileException(source, source + ": a quoted cell opened on line " + start + " is never closed.");
                else { cell.append(ch); if (ch == '\n') line++; }
            } else if (ch == '"' && cell.toString().isBlank()) {
                quoted = wasQuoted = true;
                cell.setLength(0);
            } else if (ch == ',' || ch == '\n') {
                cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                cell.setLength(0);
                wasQuoted = false;
                if (ch == '\n') {
                    if (!(cells.size() == 1 && cells.get(0).isEmpty())) { records.add(cells.toArray(new String[0])); lineOf.add(start); }
                    cells.clear();
                    start = ++line;
                }
            } else if (ch != '\r') cell.append(ch);
        }
        if (records.isEmpty()) throw new DataFileException(source, source + " is empty: expected a header line of column names.");
        List<String> header = Arrays.asList(records.get(0));
        if (new TreeSet<>(header).size() != header.size() || header.contains(""))
            throw new DataFileException(source, source + ": the header must name every column once, found " + header + ".");
        int[] lines = new int[records.size() - 1];
        for (int r = 1; r < records.size(); r++) {
            lines[r - 1] = lineOf.get(r);
            if (records.get(r).length != header.size())
                throw new DataFileException(source, source + ", line " + lineOf.get(r) + ": " + records.get(r).length
                        + " cells, but the header has " + header.size() + " columns " + header + ".");
        }
        int[] positions = IntStream.rangeClosed(1, header.size()).toArray();
        return new Csv(source, header, new ArrayList<>(records.subList(1, records.size())), lines, positions);
    }

    /** The file or resource this was read from. */
    public String source() { return source; }

    /** The column names, from the header. */
    public List<String> columns() { return columns; }

    /** The number of rows, header not counted. */
    public int numRows() { return rows.size(); }

    /** The cell of {@code column} in row {@code row} (0-based), as text. */
    public String get(int row, String column) { return rows.get(row)[index(column)]; }

    /** All cells of {@code column}, as text. */
    public List<String> column(String name) {
        int c = index(name);
        List<String> out = new ArrayList<>(rows.size());
        for (String[] r : rows) out.add(r[c]);
        return out;
    }

    /** Only these columns, in this order. */
    public Csv select(String... names) {
        if (names.length == 0) throw new IllegalArgumentException(source + ": select needs at least one column name.");
        int[] idx = Arrays.stream(names).mapToInt(this::index).toArray();
        List<String[]> out = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            String[] s = new String[idx.length];
            for (int j = 0; j < idx.length; j++) s[j] = r[idx[j]];
            out.add(s);
        }
        int[] positions = Arrays.stream(idx).map(c -> filePositions[c]).toArray();
        return new Csv(source, Arrays.asList(names), out, lines, positions);
    }

    /** Without the rows that have a missing value (empty, NA or NaN) in any of this table's columns. */
    public Csv dropMissing() {
        List<String[]> out = new ArrayList<>();
        List<Integer> keptLines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (Arrays.stream(rows.get(r)).noneMatch(Csv::isMissing)) { out.add(rows.get(r)); keptLines.add(lines[r]); }
        }
        return new Csv(source, columns, out, keptLines.stream().mapToInt(Integer::intValue).toArray(), filePositions);
    }

    /** Whether a cell counts as missing: empty, {@code NA} or {@code NaN}. */
    public static boolean isMissing(String cell) { return cell.isEmpty() || cell.equals("NA") || cell.equalsIgnoreCase("NaN"); }

    /**
     * A classification data set: x (N, F) float32 from every other column (in table order), y one-hot
     * from {@code labelColumn}. The classes are the label's distinct values, sorted (numerically if all
     * are integers).
     */
    public Dataset toDataset(String labelColumn) { return toDataset(labelColumn, null); }

    /** As {@link #toDataset(String)} with the classes in the given order (class i = {@code classNames.get(i)}). */
    public Dataset toDataset(String labelColumn, List<String> classNames) {
        int lc = index(labelColumn);
        checkNoMissing(lc);
        List<String> labels = column(labelColumn);
        List<String> classes = classNames != null ? List.copyOf(classNames) : sortedClasses(labels);
        int[] y = new int[labels.size()];
        for (int r = 0; r < y.length; r++) {
            y[r] = classes.indexOf(labels.get(r));
            if (y[r] < 0)
                throw new IllegalArgumentException(source + ", line " + lines[r] + ": label '" + labels.get(r) + "' in column '"
                        + labelColumn + "' is not one of the given classes " + classes + ".");
        }
        return Dataset.ofLabels(features(lc), y, classes.size(), classes);
    }

    /** A regression data set: x (N, F) float32 from every other column, y (N, 1) float32 from {@code targetColumn}. */
    public Dataset toRegression(String targetColumn) {
        int tc = index(targetColumn);
        checkNoMissing(tc);
        return new Dataset(features(tc), numbers(new int[]{tc}), List.of(targetColumn));
    }

    /** The column names of x in {@link #toDataset}: all but {@code labelColumn}, in table order. */
    public List<String> featureNames(String labelColumn) {
        index(labelColumn);
        List<String> f = new ArrayList<>(columns);
        f.remove(labelColumn);
        return f;
    }

    private INDArray features(int exclude) {
        if (columns.size() < 2) throw new IllegalArgumentException(source + ": no feature columns besides '" + columns.get(exclude) + "'.");
        if (rows.isEmpty()) throw new IllegalArgumentException(source + ": no rows" + (lines.length == 0 ? "" : " left") + ".");
        int[] cols = IntStream.range(0, columns.size()).filter(c -> c != exclude).toArray();
        return numbers(cols);
    }

    /** The given columns as a float32 (N, cols.length) matrix; clear errors for missing or non-numeric cells. */
    private INDArray numbers(int[] cols) {
        float[] data = new float[rows.size() * cols.length];
        for (int r = 0; r < rows.size(); r++) {
            for (int j = 0; j < cols.length; j++) {
                String cell = rows.get(r)[cols[j]];
                if (isMissing(cell)) checkNoMissing(cols[j]);
                data[r * cols.length + j] = number(cell, r, cols[j]);
            }
        }
        return Nd4j.create(data, new long[]{rows.size(), cols.length}, DataType.FLOAT);
    }

    /**
     * A cell as float32, or an error saying why it is not one. Float.parseFloat alone would accept Java
     * syntax (0x1p3, 2f) and turn Infinity or 1e39 into an infinity that poisons every sum downstream.
     */
    private float number(String cell, int r, int c) {
        String text = cell.strip();
        String where = source + ", line " + lines[r] + ": column '" + columns.get(c) + "' (column " + filePositions[c]
                + " of the file) holds '" + cell + "'";
        if (text.replaceFirst("^[+-]", "").matches("(?i)inf|infinity"))
            throw new IllegalArgumentException(where + ", an infinite value; expected a finite number. Infinity cannot be"
                    + " learned from: correct the value in the file, or make the cell empty (missing) and drop that row"
                    + " with select(the columns you use...).dropMissing().");
        if (!DECIMAL.matcher(text).matches())
            throw new IllegalArgumentException(where + ", expected a number in plain decimal notation such as 12, -0.5,"
                    + " .5 or 1.5e-3 (no hexadecimal, no type suffix such as f or d, no digit grouping such as 1_000 or"
                    + " 1,000, and '.' as the decimal point). " + (text.matches(".*\\d.*")
                    ? "Rewrite the value in the file in that notation."
                    : "Features must be numeric: leave this column out with select(...) (or encode it as numbers first)."));
        float v = Float.parseFloat(text); // correctly rounded; infinite only beyond float32's range
        if (Float.isInfinite(v))
            throw new IllegalArgumentException(where + ", which is beyond float32's range; expected a magnitude of at"
                    + " most " + Float.MAX_VALUE + ". Correct the value in the file, or rescale the column (e.g. store it"
                    + " in larger units) so that its values fit.");
        return v;
    }

    /** Throws if column c has a missing value, naming the first and counting them. */
    private void checkNoMissing(int c) {
        int count = 0, first = -1;
        for (int r = 0; r < rows.size(); r++) {
            if (isMissing(rows.get(r)[c])) { count++; if (first < 0) first = r; }
        }
        if (count > 0)
            throw new IllegalArgumentException(source + ", line " + lines[first] + ": column '" + columns.get(c) + "' has a missing value ('"
                    + rows.get(first)[c] + "'); " + count + (count == 1 ? " row has" : " rows have") + " one in that column."
                    + " Missing values are not filled in: drop those rows with select(the columns you use...).dropMissing(),"
                    + " or leave the column out.");
    }

    private static List<String> sortedClasses(List<String> labels) {
        TreeSet<String> distinct = new TreeSet<>(labels);
        boolean integers = distinct.stream().allMatch(s -> s.matches("-?\\d{1,9}"));
        List<String> out = new ArrayList<>(distinct);
        if (integers) out.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        return out;
    }

    private int index(String column) {
        int c = columns.indexOf(column);
        if (c < 0) throw new IllegalArgumentException(source + " has no column '" + column + "'; its columns are " + columns + ".");
        return c;
    }

    @Override
    public String toString() { return "Csv(" + source + ", " + rows.size() + " rows, columns " + columns + ")"; }
}
