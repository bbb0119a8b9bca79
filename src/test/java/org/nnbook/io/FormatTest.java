package org.nnbook.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Sequential;
import org.nnbook.layers.BatchNorm;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.layers.ReLU;
import org.nnbook.layers.TiedDense;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The documented format is the real one: files written by ModelIO are read here by parsers that
 * share no code with it — a few lines of Java with Gson, and the Python reader printed in
 * ModelIO's javadoc, run as it stands there.
 */
class FormatTest {
    @TempDir
    Path dir;

    /** A saved tensor as the independent parser sees it. */
    record Tensor(String kind, long[] shape, float[] values, JsonObject entry) {}

    /** Reads a model file following the javadoc alone. */
    /** A model saved to a file of the test's folder, with the file's header and tensors as parsed back. */
    record Saved(Path file, JsonObject header, Map<String, Tensor> tensors) {}

    private Saved save(org.nnbook.core.Model net, String name) throws IOException {
        Path file = dir.resolve(name);
        ModelIO.save(net, file);
        JsonObject[] header = new JsonObject[1];
        Map<String, Tensor> t = parse(Files.readAllBytes(file), header);
        return new Saved(file, header[0], t);
    }

    static Map<String, Tensor> parse(byte[] data, JsonObject[] header) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("NNBMODEL", new String(data, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(2, b.getInt(8));
        int headerLen = b.getInt(12);
        long payloadLen = b.getLong(16);
        int end = (int) (24 + headerLen + payloadLen);
        assertEquals(data.length, end + 4);
        CRC32 crc = new CRC32();
        crc.update(data, 0, end);
        assertEquals(crc.getValue(), Integer.toUnsignedLong(b.getInt(end)));
        header[0] = JsonParser.parseString(new String(data, 24, headerLen, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, Tensor> tensors = new HashMap<>();
        for (var el : header[0].getAsJsonArray("tensors")) {
            JsonObject t = el.getAsJsonObject();
            if (t.has("same_as")) {          // a shared parameter: the values of the tensor saved under that name
                Tensor first = tensors.get(t.get("same_as").getAsString());
                assertNotNull(first, "same_as names an earlier tensor");
                tensors.put(t.get("name").getAsString(), new Tensor(t.get("kind").getAsString(), first.shape(), first.values(), t));
                continue;
            }
            assertEquals("float32", t.get("dtype").getAsString());
            JsonArray dims = t.getAsJsonArray("shape");
            long[] shape = new long[dims.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) count *= shape[i] = dims.get(i).getAsLong();
            assertEquals(4 * count, t.get("bytes").getAsLong());
            float[] v = new float[(int) count];
            ByteBuffer.wrap(data, 24 + headerLen + t.get("offset").getAsInt(), 4 * (int) count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            tensors.put(t.get("name").getAsString(), new Tensor(t.get("kind").getAsString(), shape, v, t));
        }
        return tensors;
    }

    @Test
    void anIndependentParserReadsTheArchitectureAndComputesTheSameOutputs() throws IOException {
        Nd4j.getRandom().setSeed(11);
        Sequential net = Sequential.of(new Dense(3, 5), new ReLU(), new Dense(5, 2));
        for (var p : net.parameters()) p.set(Nd4j.randn(DataType.FLOAT, p.value().shape()));
        net.get(2).parameters().get(0).trainable(false);
        Saved saved = save(net, "m.nnb");
        Map<String, Tensor> t = saved.tensors();
        assertEquals(JsonParser.parseString("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"inFeatures\":3,\"outFeatures\":5},"
                + "{\"type\":\"ReLU\"},{\"type\":\"Dense\",\"inFeatures\":5,\"outFeatures\":2}]}"), saved.header().get("model"));
        assertEquals(List.of("0.W", "0.b", "2.W", "2.b"), saved.header().getAsJsonArray("tensors").asList().stream()
                .map(e -> e.getAsJsonObject().get("name").getAsString()).toList());
        assertArrayEquals(new long[]{3, 5}, t.get("0.W").shape());
        assertArrayEquals(new long[]{1, 2}, t.get("2.b").shape());
        assertFalse(t.get("2.W").entry().get("trainable").getAsBoolean());
        assertTrue(t.get("0.W").entry().get("trainable").getAsBoolean());
        assertFalse(t.get("0.b").entry().get("regularized").getAsBoolean());
        assertEquals("parameter", t.get("0.W").kind());

        // the forward pass by hand, from the parsed values: relu(x W0 + b0) W2 + b2
        float[][] x = {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}};
        INDArray expected = net.predict(Nd4j.createFromArray(x));
        for (int n = 0; n < x.length; n++) {
            double[] h = new double[5];
            for (int j = 0; j < 5; j++) {
                h[j] = t.get("0.b").values()[j];
                for (int i = 0; i < 3; i++) h[j] += x[n][i] * t.get("0.W").values()[i * 5 + j];   // row-major (3, 5)
                h[j] = Math.max(0, h[j]);
            }
            for (int k = 0; k < 2; k++) {
                double y = t.get("2.b").values()[k];
                for (int j = 0; j < 5; j++) y += h[j] * t.get("2.W").values()[j * 2 + k];
                assertEquals(expected.getDouble(n, k), y, 1e-5);
            }
        }
    }

    @Test
    void stateIsSavedUnderItsName() throws IOException {
        BatchNorm bn = new BatchNorm(3);
        bn.forward(Nd4j.createFromArray(new float[][]{{1, 2, 3}, {3, 6, 9}}), true);
        Map<String, Tensor> t = save(Sequential.of(new Dense(2, 3), bn), "bn.nnb").tensors();
        assertEquals("state", t.get("1.running_mean").kind());
        assertArrayEquals(new float[]{0.2f, 0.4f, 0.6f}, t.get("1.running_mean").values(), 1e-6f);
        assertArrayEquals(bn.runningVar().dup('c').data().asFloat(), t.get("1.running_var").values());
        assertNull(t.get("1.running_var").entry().get("trainable"));
    }

    /** The Python reader between the markers in ModelIO's javadoc, as the javadoc shows it. */
    static String pythonReader() throws IOException {
        String src = Files.readString(Path.of("lib/org/nnbook/io/ModelIO.java"));
        int from = src.indexOf("# --- python reader ---"), to = src.indexOf("# --- end ---");
        assertTrue(from > 0 && to > from, "ModelIO's javadoc holds the Python reader");
        List<String> lines = new ArrayList<>();
        for (String line : src.substring(from, to).split("\n")) lines.add(line.replaceFirst("^\\s*\\* ?", ""));
        return String.join("\n", lines) + "\n";
    }

    /** Runs the javadoc's Python reader on {@code file}: the architecture as JSON, then "name shape count sum" per tensor. */
    List<String> readInPython(Path file) throws Exception {
        Path script = dir.resolve("read.py");
        Files.writeString(script, pythonReader() + """
                import sys
                model, tensors = read_nnbook_model(sys.argv[1])
                print(json.dumps(model, sort_keys=True))
                for name in sorted(tensors):
                    shape, values = tensors[name]
                    print(name, shape, len(values), repr(sum(values)))
                """);
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no python3 on PATH: " + e.getMessage());
            return null;
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void thePythonReaderInTheJavadocReadsARealFile() throws Exception {
        Path file = dir.resolve("py.nnb");
        Nd4j.getRandom().setSeed(5);
        Sequential net = Sequential.of(new Dense(4, 3), new ReLU(), Sequential.of(new Dense(3, 2)), new BatchNorm(2));
        ModelIO.save(net, file);
        List<String> lines = readInPython(file);
        assertEquals(JsonParser.parseString(Json.write(Json.parse(
                "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"inFeatures\":4,\"outFeatures\":3},{\"type\":\"ReLU\"},"
                        + "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"inFeatures\":3,\"outFeatures\":2}]},"
                        + "{\"type\":\"BatchNorm\",\"features\":2,\"momentum\":0.1,\"eps\":1.0E-5}]}"))), JsonParser.parseString(lines.get(0)));
        assertEquals(List.of("0.W", "0.b", "2.0.W", "2.0.b", "3.beta", "3.gamma", "3.running_mean", "3.running_var"),
                lines.subList(1, lines.size()).stream().map(l -> l.split(" ")[0]).toList());
        String w = lines.stream().filter(l -> l.startsWith("0.W ")).findFirst().orElseThrow();
        assertTrue(w.startsWith("0.W [4, 3] 12 "), w);
        double sum = 0;
        for (float v : ((Dense) net.get(0)).weight().value().dup('c').data().asFloat()) sum += v;   // Python sums the floats as doubles
        assertEquals(sum, Double.parseDouble(w.substring(w.lastIndexOf(' ') + 1)), 1e-12);
    }

    @Test
    void sharedWeightsAreSavedOnceAndThePythonReaderFollowsSameAs() throws Exception {
        Nd4j.getRandom().setSeed(9);
        Embedding embed = new Embedding(20, 4);
        Sequential net = Sequential.of(embed, new MeanOverTime(), new TiedDense(embed));
        Saved saved = save(net, "tied.nnb");
        Path file = saved.file();
        Map<String, Tensor> t = saved.tensors();
        assertEquals(JsonParser.parseString("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Embedding\",\"vocabSize\":20,\"dim\":4},"
                + "{\"type\":\"MeanOverTime\"},{\"type\":\"TiedDense\",\"embedding\":{\"ref\":\"0\"}}]}"), saved.header().get("model"));
        assertEquals(JsonParser.parseString("{\"name\":\"2.E\",\"kind\":\"parameter\",\"same_as\":\"0.E\"}"), t.get("2.E").entry());
        assertArrayEquals(embed.weight().value().dup('c').data().asFloat(), t.get("2.E").values());

        List<String> lines = readInPython(file);
        assertEquals(List.of("0.E", "2.E", "2.b"), lines.subList(1, lines.size()).stream().map(l -> l.split(" ")[0]).toList());
        assertTrue(lines.get(1).startsWith("0.E [20, 4] 80 "), lines.get(1));
        assertEquals(lines.get(1).substring(4), lines.get(2).substring(4), "2.E is the table of 0.E");
    }
}
