package org.nnbook.parity;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arrays to and from NumPy's {@code .npy} files (format version 1.0: a short text header, then the
 * values, little-endian, in row-major order), so that a Python script can {@code np.load} what a
 * test wrote and the test can read what the script {@code np.save}d. Floating-point arrays are
 * written as float64 ({@code <f8}), integer arrays as int32 ({@code <i4}); reading accepts those two
 * and int64 ({@code <i8}), C order only.
 */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Writes {@code a} to {@code file}: float64 for a floating-point array, int32 for an integer one. */
    static void write(Path file, INDArray a) throws IOException {
        boolean ints = !a.dataType().isFPType();
        long[] shape = a.shape();
        String dims = String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList()) + (shape.length == 1 ? "," : "");
        String dict = "{'descr': '" + (ints ? "<i4" : "<f8") + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";      // the values start on a 64-byte boundary
        INDArray flat = a.dup('c').reshape(a.length());
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 2 + header.length() + (int) a.length() * (ints ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        if (ints) for (int v : flat.toIntVector()) buf.putInt(v);
        else for (double v : flat.castTo(DataType.DOUBLE).toDoubleVector()) buf.putDouble(v);
        Files.write(file, buf.array());
    }

    /** Reads a float64, int64 or int32 {@code .npy} file as a DOUBLE, LONG or INT array. */
    static INDArray read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        buf.get(magic);
        if (!Arrays.equals(magic, Arrays.copyOf(MAGIC, 6))) throw new IOException(file + " is not a .npy file");
        int major = buf.get();
        buf.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        byte[] headerBytes = new byte[headerLength];
        buf.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        String descr = group(DESCR, header, file);
        if (group(FORTRAN, header, file).equals("True")) throw new IOException(file + " is in Fortran order; save np.ascontiguousarray(a)");
        String dims = group(SHAPE, header, file).trim();
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        switch (descr) {
            case "<f8" -> {
                double[] v = new double[n];
                buf.asDoubleBuffer().get(v);
                return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, 'c');
            }
            case "<i8" -> {
                long[] v = new long[n];
                buf.asLongBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(shape);
            }
            case "<i4" -> {
                int[] v = new int[n];
                buf.asIntBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(shape);
            }
            default -> throw new IOException(file + " holds '" + descr + "'; only <f8, <i8 and <i4 are read");
        }
    }

    private static String group(Pattern p, String header, Path file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(file + ": no " + p.pattern() + " in the header " + header);
        return m.group(1);
    }
}
