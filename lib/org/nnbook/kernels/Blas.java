package org.nnbook.kernels;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Matrix products as direct CBLAS calls into the OpenBLAS library that ND4J's CPU backend itself
 * loads: for the small matrices of a course's mini-batches, ND4J's op machinery ({@code Nd4j.gemm}
 * runs the {@code matmul} op) costs more than the arithmetic — tens of microseconds per call
 * against a few for a 64 x 256 x 10 product — and a bias add or a column sum is one more op each,
 * while here they are a rank-1 update and a matrix-vector product.
 *
 * <p>Every method returns false (or null) when it cannot help — another backend (CUDA), another
 * data type than float or double, arrays whose rows or columns are not contiguous in memory — and
 * the caller then does the same with ND4J. A self-test at start-up checks the calls against ND4J
 * and turns this class off if they disagree.
 */
final class Blas {
    private Blas() {}

    /** True when direct calls are possible and passed the self-test. */
    static final boolean ON = detect();

    private static boolean detect() {
        BlasThreads.fromEnvironment();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Object backend = Nd4j.getExecutioner().getEnvironmentInformation().get("backend");
            if (!"CPU".equalsIgnoreCase(String.valueOf(backend))) return false;
            return selfTest(DataType.FLOAT) && selfTest(DataType.DOUBLE);
        } catch (Throwable t) {           // no OpenBLAS classes or library: ND4J does everything
            return false;
        }
    }

    /** Products of c- and f-ordered arrays and of a view at an offset, a bias add and column sums, each against ND4J's own ops. */
    private static boolean selfTest(DataType type) {
        INDArray big = seq(type, 40, -3, 0.25).reshape('c', 8, 5);
        INDArray a = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());        // 3 x 5, at an offset
        INDArray b = seq(type, 20, 1, 0.5).reshape('f', 5, 4);
        INDArray c = seq(type, 12, 0, 1).reshape('c', 3, 4);
        INDArray got = c.dup('c');
        if (!gemmRaw(a, false, b, false, got, 0.5, 2.0) || !Nd4j.gemm(a, b, c.dup(), false, false, 0.5, 2.0).equalsWithEps(got, 1e-4)) return false;
        INDArray gotT = Nd4j.create(type, new long[]{4, 3}, 'c');
        if (!gemmRaw(b, true, a, true, gotT, 1, 0) || !Nd4j.gemm(b, a, true, true).equalsWithEps(gotT, 1e-4)) return false;
        INDArray ones = Nd4j.ones(type, 1, 3), row = seq(type, 4, 1, 1).reshape(1, 4);
        for (INDArray g : new INDArray[]{c, c.dup('f')}) {
            INDArray sum = Nd4j.ones(type, 1, 4);
            if (!columnSumsRaw(g, ones, sum) || !g.sum(true, 0).addi(1).equalsWithEps(sum, 1e-4)) return false;
        }
        INDArray plus = c.dup('c');
        return addRowsRaw(plus, row, ones) && c.add(row).equalsWithEps(plus, 1e-4);
    }

    /** start, start + step, ... (n values) */
    private static INDArray seq(DataType type, int n, double start, double step) {
        return Nd4j.arange(n).castTo(type).muli(step).addi(start);
    }

    /** {@code c ← alpha op(a) op(b) + beta c}, op = transpose when asked; c (M, N) row-major. */
    static boolean gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha, double beta) {
        return ON && gemmRaw(a, transA, b, transB, c, alpha, beta);
    }

    private static boolean gemmRaw(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha, double beta) {
        if (!sameFloatType(a, b, c) || !isMatrix(a) || !isMatrix(b) || !isRowMajor(c)) return false;
        int m = (int) c.size(0), n = (int) c.size(1);
        long k = transA ? a.size(0) : a.size(1);
        if ((transA ? a.size(1) : a.size(0)) != m || (transB ? b.size(0) : b.size(1)) != n || (transB ? b.size(1) : b.size(0)) != k) return false;
        if (m == 0 || n == 0 || k == 0 || k > Integer.MAX_VALUE) return false;
        // an f-ordered (r, s) matrix is, in memory, the row-major (s, r) matrix of its transpose
        boolean ta = transA ^ a.ordering() == 'f', tb = transB ^ b.ordering() == 'f';
        int lda = (int) Math.max(1, a.ordering() == 'f' ? a.size(0) : a.size(1));
        int ldb = (int) Math.max(1, b.ordering() == 'f' ? b.size(0) : b.size(1));
        int opA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c.dataType() == DataType.FLOAT)
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, (int) k, (float) alpha,
                    floats(a), lda, floats(b), ldb, (float) beta, floats(c), n);
        else
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, (int) k, alpha,
                    doubles(a), lda, doubles(b), ldb, beta, doubles(c), n);
        return true;
    }

    /**
     * {@code c ← alpha op(a) op(b) + beta c} on row-major matrices packed tightly (leading dimension =
     * their column count) that start {@code aAt}, {@code bAt}, {@code cAt} elements into the dense
     * arrays a, b, c: one image's slice of a batch, without making a view. op(a) is (m, k), op(b)
     * (k, n), c (m, n). The caller checks types, layout and bounds, and that {@link #ON} is true.
     */
    static void gemmAt(INDArray a, long aAt, boolean transA, INDArray b, long bAt, boolean transB, INDArray c, long cAt,
                       int m, int n, int k, double alpha, double beta) {
        gemmAt(a, aAt, transA ? m : k, transA, b, bAt, transB ? k : n, transB, c, cAt, n, m, n, k, alpha, beta);
    }

    /**
     * As {@link #gemmAt(INDArray, long, boolean, INDArray, long, boolean, INDArray, long, int, int, int, double, double)}
     * with the leading dimensions given: row i of each matrix starts {@code ld} elements after row
     * i − 1, so every T-th row of a batch-major (N, T, F) array (one time step of each sequence) is
     * a matrix with ld = T·F, taken where it lies.
     */
    static void gemmAt(INDArray a, long aAt, int lda, boolean transA, INDArray b, long bAt, int ldb, boolean transB,
                       INDArray c, long cAt, int ldc, int m, int n, int k, double alpha, double beta) {
        int opA = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c.dataType() == DataType.FLOAT)
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, (float) alpha,
                    at(floats(a), aAt), lda, at(floats(b), bAt), ldb, (float) beta, at(floats(c), cAt), ldc);
        else
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, alpha,
                    at(doubles(a), aAt), lda, at(doubles(b), bAt), ldb, beta, at(doubles(c), cAt), ldc);
    }

    /**
     * {@code y ← y + A 1}: adds the row sums of the row-major (m, n) matrix A, which starts {@code aAt}
     * elements into the dense array a, to the contiguous vector y (m values); {@code ones} holds n ones.
     */
    static void rowSumsAt(INDArray a, long aAt, int m, int n, INDArray ones, INDArray y) {
        int noTrans = openblas_nolapack.CblasNoTrans;
        if (y.dataType() == DataType.FLOAT)
            openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, noTrans, m, n, 1f, at(floats(a), aAt), n, floats(ones), 1, 1f, floats(y), 1);
        else
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, noTrans, m, n, 1, at(doubles(a), aAt), n, doubles(ones), 1, 1, doubles(y), 1);
    }

    private static FloatPointer at(FloatPointer p, long elements) { return p.position(p.position() + elements); }

    private static DoublePointer at(DoublePointer p, long elements) { return p.position(p.position() + elements); }

    /** {@code op(a) op(b)} as a new row-major array (in the current workspace, if any), or null when {@link #gemm} cannot. */
    static INDArray matmul(INDArray a, boolean transA, INDArray b, boolean transB) {
        if (!ON || !sameFloatType(a, b, b) || !isMatrix(a) || !isMatrix(b)) return null;
        INDArray c = Nd4j.createUninitialized(a.dataType(), new long[]{transA ? a.size(1) : a.size(0), transB ? b.size(0) : b.size(1)}, 'c');
        return gemmRaw(a, transA, b, transB, c, 1, 0) ? c : null;
    }

    /** {@code c ← c + 1 rowᵀ}: adds the row vector to every row of c (M, N), with {@code ones} a contiguous vector of M ones. */
    static boolean addRows(INDArray c, INDArray row, INDArray ones) {
        return ON && addRowsRaw(c, row, ones);
    }

    private static boolean addRowsRaw(INDArray c, INDArray row, INDArray ones) {
        if (!sameFloatType(c, row, ones) || !isRowMajor(c) || !isContiguousVector(row, c.size(1)) || !isContiguousVector(ones, c.size(0))) return false;
        int m = (int) c.size(0), n = (int) c.size(1);
        if (c.dataType() == DataType.FLOAT)
            openblas_nolapack.cblas_sger(openblas_nolapack.CblasRowMajor, m, n, 1f, floats(ones), 1, floats(row), 1, floats(c), n);
        else
            openblas_nolapack.cblas_dger(openblas_nolapack.CblasRowMajor, m, n, 1, doubles(ones), 1, doubles(row), 1, doubles(c), n);
        return true;
    }

    /** {@code sum ← sum + 1ᵀ g}: adds the column sums of g (M, N) to the contiguous vector sum (N values), with {@code ones} M ones. */
    static boolean columnSums(INDArray g, INDArray ones, INDArray sum) {
        return ON && columnSumsRaw(g, ones, sum);
    }

    private static boolean columnSumsRaw(INDArray g, INDArray ones, INDArray sum) {
        if (!sameFloatType(g, ones, sum) || !isMatrix(g) || !isContiguousVector(ones, g.size(0)) || !isContiguousVector(sum, g.size(1))) return false;
        int m = (int) g.size(0), n = (int) g.size(1);
        // a row-major g (M, N): sum += gᵀ 1; an f-ordered g is in memory the row-major (N, M) matrix gᵀ: sum += gᵀ 1 untransposed
        boolean f = g.ordering() == 'f';
        int rows = f ? n : m, cols = f ? m : n;
        int op = f ? openblas_nolapack.CblasNoTrans : openblas_nolapack.CblasTrans;
        if (g.dataType() == DataType.FLOAT)
            openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, op, rows, cols, 1f, floats(g), Math.max(1, cols), floats(ones), 1, 1f, floats(sum), 1);
        else
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, op, rows, cols, 1, doubles(g), Math.max(1, cols), doubles(ones), 1, 1, doubles(sum), 1);
        return true;
    }

    private static boolean sameFloatType(INDArray a, INDArray b, INDArray c) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && b.dataType() == t && c.dataType() == t;
    }

    /** Rank 2, laid out row-major (c) or column-major (f) with no gaps, so a leading dimension describes it. */
    private static boolean isMatrix(INDArray a) {
        if (a.rank() != 2 || a.isEmpty() || a.data() == null) return false;
        long r = a.size(0), s = a.size(1), sr = a.stride(0), ss = a.stride(1);
        if (a.ordering() == 'c') return (s == 1 || ss == 1) && (r == 1 || sr == s);
        return (r == 1 || sr == 1) && (s == 1 || ss == r);
    }

    private static boolean isRowMajor(INDArray a) { return isMatrix(a) && a.ordering() == 'c'; }

    /** A vector of {@code n} values stored one after another (rank 1, or rank 2 with one dimension 1). */
    private static boolean isContiguousVector(INDArray v, long n) {
        if (v.length() != n || v.isEmpty() || v.rank() > 2 || v.data() == null) return false;
        if (n == 1) return true;
        for (int d = 0; d < v.rank(); d++) if (v.size(d) != 1 && v.stride(d) != 1) return false;
        return true;
    }

    /**
     * A pointer to a's first element. ND4J 1.0.0-M2.1's {@code addressPointer()} of a view's buffer
     * already points at the view, while {@code address()} and {@code offset()} count from the start
     * of the underlying allocation; the position below reconciles the two (it is 0 there) and would
     * stay right if a version counted both from the start. The self-test checks a view at an offset.
     */
    private static FloatPointer floats(INDArray a) {
        Pointer p = a.data().addressPointer();
        return new FloatPointer(p).position((a.data().address() + a.offset() * 4 - p.address()) / 4);
    }

    private static DoublePointer doubles(INDArray a) {
        Pointer p = a.data().addressPointer();
        return new DoublePointer(p).position((a.data().address() + a.offset() * 8 - p.address()) / 8);
    }
}
