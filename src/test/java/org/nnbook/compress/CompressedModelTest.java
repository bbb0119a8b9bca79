package org.nnbook.compress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.io.ModelFileException;
import org.nnbook.io.ModelIO;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.compress.Fixtures.*;

/** The compressed file format: exact round trips, the size of each stage, and a clear error for every kind of broken file. */
class CompressedModelTest {
    @TempDir
    Path dir;

    private static void assertSameModel(Sequential a, Sequential b, INDArray x) {
        assertEquals(a.toString(), b.toString());
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) assertEquals(pa.get(i).value(), pb.get(i).value(), pa.get(i).name() + " bit for bit");
        assertEquals(a.predict(x), b.predict(x), "the same outputs");
    }

    @Test
    void exactRoundTripOfEveryStage() throws Exception {
        Sequential net = mlp(31);
        INDArray x = gaussian(31, 7, 8);
        ModelIO.save(net, dir.resolve("plain.nnb"));
        long plain = Files.size(dir.resolve("plain.nnb"));
        CompressedModel.Report dense = CompressedModel.save(net, dir.resolve("dense.nnbz"));
        assertSameModel(net, CompressedModel.load(dir.resolve("dense.nnbz"), Sequential.class), x);

        Pruning.layerwise(net, 0.8).apply();
        CompressedModel.Report pruned = CompressedModel.save(net, dir.resolve("pruned.nnbz"));
        assertSameModel(net, CompressedModel.load(dir.resolve("pruned.nnbz"), Sequential.class), x);
        assertTrue(pruned.tensors().get(0).encoding().startsWith("sparse"), pruned.toString());

        SharedWeights.of(net, 3);
        CompressedModel.Report shared = CompressedModel.save(net, dir.resolve("shared.nnbz"));
        CompressedModel.Report fixed = CompressedModel.save(net, dir.resolve("fixed.nnbz"), CompressedModel.Coding.FIXED);
        assertSameModel(net, CompressedModel.load(dir.resolve("shared.nnbz"), Sequential.class), x);
        assertSameModel(net, CompressedModel.load(dir.resolve("fixed.nnbz"), Sequential.class), x);
        assertTrue(shared.tensors().get(0).encoding().contains("codebook"), shared.toString());
        assertTrue(shared.bytes() <= fixed.bytes());
        assertTrue(dense.bytes() > pruned.bytes() && pruned.bytes() > shared.bytes(), dense.bytes() + " > " + pruned.bytes() + " > " + shared.bytes());
        assertEquals(Files.size(dir.resolve("shared.nnbz")), shared.bytes());
        assertTrue(dense.bytes() <= plain + 30L * dense.tensors().size(), "a dense float model is no larger than ModelIO's file but for a few"
                + " header fields per tensor: " + dense.bytes() + " vs " + plain);
    }

    @Test
    void int8ModelsRoundTripWithTheirQuantizersAndTakeAboutAByteAWeight() throws Exception {
        Sequential cnn = cnn(32);
        INDArray x = images(32, 20);
        Sequential int8 = PostTrainingQuantization.of(cnn, new org.nnbook.data.Dataset(x, gaussian(1, 20, 3)), 8, 8);
        ModelIO.save(cnn, dir.resolve("float.nnb"));
        CompressedModel.Report r = CompressedModel.save(int8, dir.resolve("int8.nnbz"));
        Sequential back = CompressedModel.load(dir.resolve("int8.nnbz"), Sequential.class);
        assertSameModel(int8, back, x);
        for (int i = 0; i < back.size(); i++)
            if (back.get(i) instanceof ActivationQuantizer q) assertEquals(((ActivationQuantizer) int8.get(i)).scale(), q.scale());
        assertTrue(r.tensors().stream().anyMatch(t -> t.encoding().contains("8-bit codes")), r.toString());
        for (CompressedModel.TensorRow t : r.tensors())     // (in a model this small the header outweighs the numbers; notebook 06 measures LeNet-5's file)
            if (t.name().endsWith("W")) assertTrue(t.bytes() < 0.4 * 4 * t.values(), t + ": about a byte per weight, not 4");
    }

    private Path saved() {
        Sequential net = mlp(33);
        Pruning.layerwise(net, 0.5).apply();
        CompressedModel.save(net, dir.resolve("good.nnbz"));
        return dir.resolve("good.nnbz");
    }

    private String error(byte[] bytes) throws Exception {
        Path p = dir.resolve("broken.nnbz");
        Files.write(p, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> CompressedModel.load(p));
        assertTrue(e.getMessage().startsWith(p + ": "), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static byte[] withCrc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    @Test
    void aClearErrorForEachKindOfBrokenFile() throws Exception {
        byte[] good = Files.readAllBytes(saved());
        ModelFileException missing = assertThrows(ModelFileException.class, () -> CompressedModel.load(dir.resolve("nothing.nnbz")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        assertTrue(error(new byte[0]).contains("the file is empty"));
        assertTrue(error("PK\3\4 a zip file, not a model".getBytes(StandardCharsets.US_ASCII)).contains("is not a compressed nnbook model: it starts with \"PK.."));
        ModelIO.save(mlp(1), dir.resolve("plain.nnb"));
        assertTrue(error(Files.readAllBytes(dir.resolve("plain.nnb"))).contains("uncompressed nnbook model") );
        assertTrue(error(Arrays.copyOf(good, good.length - 100)).contains("is truncated"));
        assertTrue(error(Arrays.copyOf(good, 20)).contains("is truncated"));
        assertTrue(error(Arrays.copyOf(good, good.length + 3)).contains("bytes after its checksum"));
        byte[] flipped = good.clone();
        flipped[flipped.length - 30] ^= 0x10;
        assertTrue(error(flipped).contains("checksum does not match"));
        byte[] newer = good.clone();
        newer[8] = 2;
        assertTrue(error(withCrc(newer)).contains("version 2, newer than this nnbook reads (version 1)"));
        byte[] zero = good.clone();
        zero[8] = 0;
        assertTrue(error(withCrc(zero)).contains("version 0, which does not exist"));
        // consistent lengths and checksums, broken insides: a header that is not zlib, not JSON, a tensor whose bytes do not decode
        int h = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        byte[] header = good.clone();
        header[24] = 0;                                    // zlib's first byte is 0x78
        assertTrue(error(withCrc(header)).contains("its header is not zlib data"), error(withCrc(header)));
        String json = new String(CompressedModel.inflate(good, 24, h), StandardCharsets.UTF_8);
        assertTrue(error(rebuilt(good, "[" + json + "]")).contains("the header is not a JSON object"));
        assertTrue(error(rebuilt(good, "{\"model\": {}}")).contains("lacks its \"model\" object or its \"tensors\" list"));
        assertTrue(error(rebuilt(good, json.substring(1))).contains("its header is not JSON (bad JSON at character"));
        byte[] body = good.clone();
        for (int i = 24 + h; i < body.length - 4; i++) body[i] = (byte) 0xff;
        String m = error(withCrc(body));
        assertTrue(m.contains("is corrupt: tensor '") && m.contains("cannot be decoded"), m);
        assertTrue(json.contains("\"layout\":\"sparse\""), json);
        m = error(rebuilt(good, json.replaceFirst("\"layout\":\"sparse\"", "\"layout\":\"sparze\"")));
        assertTrue(m.contains("unknown layout \"sparze\""), m);
    }

    /** The file {@code good} with another header, lengths and checksum made consistent. */
    private static byte[] rebuilt(byte[] good, String json) {
        ByteBuffer in = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int h = in.getInt(12);
        byte[] payload = Arrays.copyOfRange(good, 24 + h, good.length - 4), header = CompressedModel.deflate(json.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(24 + header.length + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(good, 0, 12).putInt(header.length).putLong(payload.length).put(header).put(payload);
        return withCrc(out.array());
    }

    @Test
    void theWrongTypeAndNullArguments() {
        Path p = saved();
        ModelFileException e = assertThrows(ModelFileException.class, () -> CompressedModel.load(p, SharedWeights.class));
        assertTrue(e.getMessage().contains("not a SharedWeights"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompressedModel.save(null, p));
        assertThrows(IllegalArgumentException.class, () -> CompressedModel.load(null));
    }
}
