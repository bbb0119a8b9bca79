package org.nnbook.compress;

import java.io.ByteArrayOutputStream;

/** Bit streams, most significant bit first, for Huffman codes and fixed-width fields: a writer and a reader. */
final class Bits {
    private Bits() {}

    /** Collects bits into bytes; the last byte is padded with zeros. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current, filled;
        private long count;

        /** Writes the lowest {@code n} bits of {@code value} (0 to 64), the highest of them first. */
        void write(long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                current = (current << 1) | (int) ((value >>> i) & 1);
                count++;
                if (++filled == 8) {
                    out.write(current);
                    current = 0;
                    filled = 0;
                }
            }
        }

        /** The bits written so far. */
        long bits() { return count; }

        /** The bytes, the last one padded. */
        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            if (filled > 0) copy.write(current << (8 - filled));
            return copy.toByteArray();
        }
    }

    /** Reads bits back from bytes written by {@link Writer}; reading past the end is an error. */
    static final class Reader {
        private final byte[] data;
        private final int end;
        private long at;   // bit position

        Reader(byte[] data, int from, int to) {
            this.data = data;
            this.at = 8L * from;
            this.end = to;
        }

        int bit() {
            int b = (int) (at >>> 3);
            if (b >= end) throw new IllegalStateException("the bit stream ends early");
            int v = (data[b] >>> (7 - (int) (at & 7))) & 1;
            at++;
            return v;
        }

        /** {@code n} bits (0 to 64) as a number, the first read the highest. */
        long read(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) v = (v << 1) | bit();
            return v;
        }
    }
}
