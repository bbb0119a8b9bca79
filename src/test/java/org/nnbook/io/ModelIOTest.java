package org.nnbook.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Residual;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.*;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;

class ModelIOTest {
    @TempDir
    Path dir;

    /** Two noisy blobs per class in 4-D: easy to learn, enough to move every weight. */
    static Dataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 4; j++) x[i][j] = (float) ((j == labels[i] ? 2 : 0) + r.nextGaussian());
        }
        return Dataset.ofLabels(Nd4j.createFromArray(x), labels, 3);
    }

    static Sequential mlp() {
        Nd4j.getRandom().setSeed(7);
        return Sequential.of(new Dense(4, 16), new ReLU(), new Dense(16, 3));
    }

    /** Bit-for-bit equality of two arrays (same type, shape and every value's bits). */
    static void assertIdentical(INDArray a, INDArray b, String what) {
        assertEquals(a.dataType(), b.dataType(), what);
        assertArrayEquals(a.shape(), b.shape(), what);
        if (a.dataType() == DataType.DOUBLE) assertArrayEquals(a.dup('c').data().asDouble(), b.dup('c').data().asDouble(), what);
        else assertArrayEquals(a.dup('c').data().asFloat(), b.dup('c').data().asFloat(), what);
    }

    static void assertSameModel(Model a, Model b, INDArray x) { assertSameModel(a, b, Inputs.of(x)); }

    static void assertSameModel(Model a, Model b, Inputs x) {
        assertEquals(a.toString(), b.toString());
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertEquals(pa.get(i).name(), pb.get(i).name());
            assertEquals(pa.get(i).isTrainable(), pb.get(i).isTrainable(), pa.get(i).name());
            assertEquals(pa.get(i).isRegularized(), pb.get(i).isRegularized(), pa.get(i).name());
            assertIdentical(pa.get(i).value(), pb.get(i).value(), "parameter " + i + " " + pa.get(i));
        }
        assertIdentical(a.predict(x), b.predict(x), "outputs");
    }

    @Test
    void aTrainedMlpRoundTripsExactly() {
        Dataset train = blobs(300, 1);
        Sequential net = mlp();
        new Trainer(net, new CrossEntropy(), new Adam(0.01)).epochs(5).batchSize(32).quiet().fit(train);
        net.get(0).parameters().get(0).trainable(false);     // frozen first layer
        Path file = dir.resolve("mlp.nnb");
        ModelIO.save(net, file);
        Sequential loaded = ModelIO.load(file, Sequential.class);
        assertNotSame(net, loaded);
        assertSameModel(net, loaded, train.x());
        assertFalse(loaded.get(0).parameters().get(0).isTrainable());
        assertTrue(loaded.get(0).parameters().get(1).isTrainable());
        // and it keeps training like the original
        new Trainer(loaded, new CrossEntropy(), new Adam(0.01)).epochs(1).quiet().fit(train);
    }

    /** Every built-in layer type, with non-trivial weights and running statistics. */
    static Sequential everyLayer() {
        Nd4j.getRandom().setSeed(3);
        return Sequential.of(
                new Conv2D(1, 4, 3, 1, Padding.SAME), new BatchNorm2D(4, 0.2, 1e-3), new ReLU(), new MaxPool2D(2),
                new Conv2D(4, 6, 3), new AvgPool2D(2, 1, Padding.SAME), new Dropout(0.25), new GlobalAvgPool2D(), new Flatten(),
                new Dense(6, 8), new BatchNorm(8), new Sigmoid(),
                Sequential.of(new Dense(8, 5), new Tanh()),
                new Residual(Sequential.of(new Dense(5, 5), new BatchNorm(5), new Tanh())),
                new Dense(5, 3), new Softmax(),
                new Unflatten(3, 1, 1), new ConvTranspose2D(3, 2, 2, 2, 0), new Upsample2D(2), new Flatten());
    }

    static Set<String> types(Model m, Set<String> into) {
        into.add(m.getClass().getSimpleName());
        if (m instanceof Sequential s) s.layers().forEach(c -> types(c, into));
        if (m instanceof Residual r) types(r.block(), into);
        if (m instanceof Bidirectional b) { types(b.forwardLayer(), into); types(b.backwardLayer(), into); }
        return into;
    }

    @Test
    void everyBuiltInLayerRoundTripsExactly() {
        Sequential net = everyLayer();
        Set<String> builtIn = new TreeSet<>(List.of("Sequential"));
        Codecs.builtIn().forEach(c -> builtIn.add(c.type()));
        assertEquals(builtIn, types(new org.nnbook.models.TransformerLm(5, 4, 2, 1, 4, 0), types(new org.nnbook.models.Transformer(5, 5, 4, 2, 1, 0), types(decoderBlock(), types(transformerModel(), types(speechModel(), types(recurrentModel(), types(tiedModel(), types(net, new TreeSet<>())))))))),
                "the test models must use every built-in layer type");
        for (Parameter p : net.parameters()) p.set(Nd4j.randn(p.value().dataType(), p.value().shape()));
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 8, 8);
        for (int i = 0; i < 3; i++) net.forward(x, true);      // moves the running statistics
        BatchNorm2D bn2 = (BatchNorm2D) net.get(1);
        assertNotEquals(0.0, bn2.runningMean().sumNumber().doubleValue());
        net.get(9).parameters().get(1).trainable(false);
        net.get(1).parameters().get(0).regularized(true);

        Path file = dir.resolve("every.nnb");
        ModelIO.save(net, file);
        Sequential loaded = (Sequential) ModelIO.load(file);
        assertSameModel(net, loaded, x);
        BatchNorm2D lbn2 = (BatchNorm2D) loaded.get(1);
        assertIdentical(bn2.runningMean(), lbn2.runningMean(), "running mean");
        assertIdentical(bn2.runningVar(), lbn2.runningVar(), "running var");
        assertEquals(0.2, lbn2.momentum());
        assertEquals(1e-3, lbn2.eps());
        BatchNorm bn = (BatchNorm) net.get(10), lbn = (BatchNorm) loaded.get(10);
        assertIdentical(bn.runningMean(), lbn.runningMean(), "running mean");
        assertIdentical(bn.runningVar(), lbn.runningVar(), "running var");
        assertEquals(0.25, ((Dropout) loaded.get(6)).p());
        assertEquals(Padding.SAME, ((AvgPool2D) loaded.get(5)).padding());
        assertEquals(1, ((AvgPool2D) loaded.get(5)).stride());
    }

    /** Fails when a layer is added to org.nnbook.layers without an entry in Codecs, and says so. */
    @Test
    void everyLayerClassOfTheLibraryHasACodec() throws Exception {
        java.net.URL url = Dense.class.getResource("Dense.class");
        assertNotNull(url);
        Assumptions.assumeTrue("file".equals(url.getProtocol()), "layers are compiled into a folder");
        Set<String> missing = new TreeSet<>();
        try (var files = Files.list(Path.of(url.toURI()).getParent())) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) continue;
                Class<?> c = Class.forName("org.nnbook.layers." + name.substring(0, name.length() - 6));
                if (Layer.class.isAssignableFrom(c) && java.lang.reflect.Modifier.isPublic(c.getModifiers())
                        && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())
                        && Codecs.builtIn().stream().noneMatch(k -> k.modelClass() == c))
                    missing.add(c.getSimpleName());
            }
        }
        assertEquals(Set.of(), missing, "layers that ModelIO cannot save yet: add an entry for each to org.nnbook.io.Codecs "
                + "(and to everyLayer() in this test)");
    }

    @Test
    void doublePrecisionAndASingleLayerRoundTrip() {
        Dense d = new Dense(3, 2);
        d.castTo(DataType.DOUBLE);
        d.weight().set(Nd4j.createFromArray(new double[][]{{Math.PI, -1e-300}, {Double.MIN_VALUE, 1.0 / 3}, {1e300, -0.0}}));
        Path file = dir.resolve("dense.nnb");
        ModelIO.save(d, file);
        Dense loaded = ModelIO.load(file, Dense.class);
        assertSameModel(d, loaded, Nd4j.rand(DataType.DOUBLE, 4, 3));
        assertEquals(DataType.DOUBLE, loaded.weight().value().dataType());
    }

    @Test
    void saveReplacesAnOldFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("sub/model.nnb");
        ModelIO.save(mlp(), file);
        Sequential other = Sequential.of(new Dense(4, 2));
        ModelIO.save(other, file);
        assertEquals(1, ((Sequential) ModelIO.load(file)).size());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    // --- errors -----------------------------------------------------------------------------------

    private Path saved() {
        Path file = dir.resolve("good.nnb");
        ModelIO.save(mlp(), file);
        return file;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static ModelFileException loadFails(Path file, String... expected) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelIO.load(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        for (String s : expected) assertTrue(e.getMessage().contains(s), "'" + s + "' in: " + e.getMessage());
        return e;
    }

    /** The file with its header JSON edited, lengths and checksum made consistent again (written by hand, not by ModelIO). */
    static byte[] withHeader(byte[] file, UnaryOperator<String> edit) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = in.getInt(12);
        long payloadLen = in.getLong(16);
        byte[] header = edit.apply(new String(file, 24, headerLen, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate((int) (24 + header.length + payloadLen + 4)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, 12).putInt(header.length).putLong(payloadLen).put(header).put(file, 24 + headerLen, (int) payloadLen);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    @Test
    void aMissingFile() {
        loadFails(dir.resolve("nothing-here.nnb"), "no such file", "ModelIO.save");
    }

    @Test
    void aForeignFile() throws IOException {
        loadFails(write("notes.txt", "hello, world: not a model".getBytes(StandardCharsets.US_ASCII)),
                "not an nnbook model file", "\"hello, w\"", "NNBMODEL");
        loadFails(write("image.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0}), "not an nnbook model file", "89504e47");
        loadFails(write("empty.nnb", new byte[0]), "not an nnbook model file", "empty");
    }

    @Test
    void aTruncatedFile() throws IOException {
        byte[] good = Files.readAllBytes(saved());
        loadFails(write("cut.nnb", Arrays.copyOf(good, good.length - 10)), "truncated", (good.length - 10) + " bytes", "complete file has " + good.length);
        loadFails(write("cut2.nnb", Arrays.copyOf(good, 12)), "truncated");
        loadFails(write("cut3.nnb", Arrays.copyOf(good, 5)), "truncated");
    }

    @Test
    void aNewerFormatVersion() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
        loadFails(write("v3.nnb", bytes), "format version 3", "newer", "version 2", "Update nnbook");
    }

    @Test
    void aChecksumMismatch() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        bytes[bytes.length - 20] ^= 1;      // one bit of one weight
        loadFails(write("flipped.nnb", bytes), "checksum", "Save the model again");
        byte[] longer = Arrays.copyOf(Files.readAllBytes(saved()), bytes.length + 3);
        loadFails(write("longer.nnb", longer), "3 bytes follow the checksum");
    }

    @Test
    void anUnknownLayerType() throws IOException {
        byte[] bytes = withHeader(Files.readAllBytes(saved()), h -> h.replace("\"ReLU\"", "\"Swish\""));
        loadFails(write("swish.nnb", bytes), "layer 1 has type 'Swish'", "Dense", "ModelIO.register");
    }

    @Test
    void anInconsistentHeader() throws IOException {
        byte[] good = Files.readAllBytes(saved());
        loadFails(write("shape.nnb", withHeader(good, h -> h.replace("\"outFeatures\":16", "\"outFeatures\":17"))), "tensor '0.W' has shape [4, 16]", "[4, 17]");
        loadFails(write("missing.nnb", withHeader(good, h -> h.replace("\"name\":\"2.b\"", "\"name\":\"2.bias\""))), "no tensor '2.b'", "layer 2 Dense(16 -> 3)");
        loadFails(write("extra.nnb", withHeader(good, h -> h.replace("\"tensors\":[",
                "\"tensors\":[{\"name\":\"9.W\",\"kind\":\"parameter\",\"dtype\":\"float32\",\"shape\":[1],\"offset\":0,\"bytes\":4},"))),
                "tensors [9.W] belong to no layer");
        loadFails(write("settings.nnb", withHeader(good, h -> h.replace("\"inFeatures\":4", "\"inFeatures\":\"four\""))),
                "layer 0 (Dense)", "'inFeatures' should be an integer", "\"four\"");
        loadFails(write("json.nnb", withHeader(good, h -> h.substring(1))), "not valid JSON");
    }

    static final class Mystery implements Layer {
        @Override public INDArray forward(INDArray x, boolean training) { return x; }

        @Override public INDArray backward(INDArray gradOut) { return gradOut; }
    }

    @Test
    void aLayerWithoutCodecCannotBeSavedButOneCanBeRegistered() {
        Path file = dir.resolve("mystery.nnb");
        Sequential net = Sequential.of(new Dense(2, 2), new Mystery());
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelIO.save(net, file));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains(Mystery.class.getName()) && e.getMessage().contains("register"),
                e.getMessage());
        assertFalse(Files.exists(file));
        ModelIO.register(ModelCodec.of("TestMystery", Mystery.class, Mystery::new));
        ModelIO.save(net, file);
        assertInstanceOf(Mystery.class, ((Sequential) ModelIO.load(file)).get(1));
    }

    @Test
    void loadingAsTheWrongClassSaysWhatItHolds() {
        Path file = saved();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelIO.load(file, Dense.class));
        assertTrue(e.getMessage().contains("holds a Sequential, not a Dense"), e.getMessage());
    }

    // --- format 2: the sequence layers, shared weights, references, residual blocks, non-finite weights ---

    /** A bag-of-embeddings model whose output layer shares the embedding's table. */
    static Sequential tiedModel() {
        Nd4j.getRandom().setSeed(13);
        Embedding embed = new Embedding(50, 8);
        return Sequential.of(embed, new MeanOverTime(), new Dense(8, 8), new Tanh(), new TiedDense(embed));
    }

    static Sequential recurrentModel() {
        Nd4j.getRandom().setSeed(17);
        return Sequential.of(new Embedding(50, 4), new GRU(4, 5), new RNN(5, 5), new Bidirectional(new LSTM(5, 3), new GRU(5, 3)),
                new LSTM(6, 6).lastOnly(), new Dense(6, 2));
    }

    @Test
    void recurrentLayersRoundTripWithTheirSettings() {
        Sequential net = recurrentModel();
        Path file = dir.resolve("recurrent.nnb");
        ModelIO.save(net, file);
        assertSameModel(net, ModelIO.load(file), ids());
        ModelIO.save(new LSTM(3, 4).carryState(true), file);
        LSTM carrying = (LSTM) ModelIO.load(file);
        assertTrue(carrying.carriesState());
        assertTrue(carrying.allSteps());
    }

    /** Notebook 10's CNN+GRU in small: convolution, MapsToSequence, GRU. */
    /** Every attention layer: positions, an encoder block, a causal attention with dropout, LayerNorm; ids with a padding mask. */
    static Sequential transformerModel() {
        Nd4j.getRandom().setSeed(23);
        return Sequential.of(new Embedding(50, 8), new LearnedPositions(10, 8), new SinusoidalPositions(12, 8), new TransformerEncoderBlock(8, 2, 16, 0.1).causal(true),
                new MultiHeadAttention(8, 2, 0.2).causal(true), new LayerNorm(8, 1e-4), new LastPosition(), new Dense(8, 2));
    }

    static TransformerDecoderBlock decoderBlock() {
        Nd4j.getRandom().setSeed(29);
        return new TransformerDecoderBlock(8, 4, 12, 0.1);
    }

    @Test
    void transformerLayersRoundTripWithTheirSettingsAndParts() {
        Sequential net = transformerModel();
        for (Parameter p : net.parameters()) p.value().addi(Nd4j.randn(p.value().dataType(), p.value().shape()).muli(0.1));
        Path file = dir.resolve("transformer.nnb");
        ModelIO.save(net, file);
        Sequential loaded = ModelIO.load(file, Sequential.class);
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        assertSameModel(net, loaded, Inputs.of(Nd4j.createFromArray(new int[][]{{1, 2, 3, 4, 5}, {6, 7, 8, 0, 0}})).withMask(mask));
        MultiHeadAttention attention = (MultiHeadAttention) loaded.get(4);
        assertTrue(attention.isCausal());
        assertEquals(0.2, attention.dropout());
        assertEquals(1e-4, ((LayerNorm) loaded.get(5)).eps());
        assertEquals(0.1, ((TransformerEncoderBlock) loaded.get(3)).dropout());
        assertTrue(((TransformerEncoderBlock) loaded.get(3)).isCausal());

        TransformerDecoderBlock block = decoderBlock();
        ModelIO.save(block, file);
        TransformerDecoderBlock back = ModelIO.load(file, TransformerDecoderBlock.class);
        assertTrue(back.selfAttention().isCausal() && !back.crossAttention().isCausal());
        assertSameModel(block, back, Inputs.of(Nd4j.randn(DataType.FLOAT, 2, 3, 8), Nd4j.randn(DataType.FLOAT, 2, 4, 8)));
    }

    static Sequential speechModel() {
        Nd4j.getRandom().setSeed(19);
        return Sequential.of(new Conv2D(1, 2, 3, 1, Padding.SAME), new ReLU(), new MapsToSequence(), new GRU(2 * 4, 3).lastOnly(), new Dense(3, 2));
    }

    @Test
    void aConvolutionalRecurrentModelRoundTrips() {
        Sequential net = speechModel();
        Path file = dir.resolve("speech.nnb");
        ModelIO.save(net, file);
        assertSameModel(net, ModelIO.load(file), Nd4j.rand(DataType.FLOAT, 3, 1, 4, 6));
    }

    /** Padded token ids (N, T) with their mask. */
    static Inputs ids() {
        INDArray ids = Nd4j.createFromArray(new int[][]{{3, 17, 42, 0}, {49, 1, 0, 0}, {5, 5, 5, 5}});
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 0}, {1, 1, 0, 0}, {1, 1, 1, 1}});
        return Inputs.of(ids).withMask(mask);
    }

    /** The header of a model file, parsed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> header(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        return (Map<String, Object>) Json.parse(new String(b, 24, h, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tensorEntries(Path file) throws IOException {
        return (List<Map<String, Object>>) header(file).get("tensors");
    }

    @Test
    void aTiedModelSavesTheSharedTableOnceAndReloadsTheTie() throws IOException {
        Sequential net = tiedModel();
        for (Parameter p : net.parameters()) p.set(Nd4j.randn(p.value().dataType(), p.value().shape()));
        assertEquals(4, net.parameters().size(), "E, W, b and the output bias: E once");
        Path file = dir.resolve("tied.nnb");
        ModelIO.save(net, file);

        List<Map<String, Object>> entries = tensorEntries(file);
        assertEquals(List.of("0.E", "2.W", "2.b", "4.E", "4.b"), entries.stream().map(e -> e.get("name")).toList());
        assertEquals(Map.of("name", "4.E", "kind", "parameter", "same_as", "0.E"), entries.get(3), "the second place refers to the first");
        assertEquals(Map.of("type", "TiedDense", "embedding", Map.of("ref", "0")), ((List<?>) ((Map<?, ?>) header(file).get("model")).get("layers")).get(4));
        long distinct = 4L * (50 * 8 + 8 * 8 + 8 + 50);
        assertEquals(distinct, entries.stream().filter(e -> e.containsKey("bytes")).mapToLong(e -> (Long) e.get("bytes")).sum());
        byte[] bytes = Files.readAllBytes(file);
        int headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        assertEquals(distinct, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(16), "payload: each distinct tensor once");
        assertEquals(24 + headerLen + distinct + 4, bytes.length);

        Sequential loaded = ModelIO.load(file, Sequential.class);
        Embedding embed = (Embedding) loaded.get(0);
        TiedDense tied = (TiedDense) loaded.get(4);
        assertSame(embed, tied.embedding(), "the output layer uses the reloaded Embedding itself");
        assertSame(embed.weight(), tied.parameters().get(0), "one table E in both places");
        assertEquals(4, loaded.parameters().size());
        assertSameModel(net, loaded, ids());
    }

    @Test
    void eachSequenceLayerRoundTripsAlone() throws IOException {
        Nd4j.getRandom().setSeed(2);
        Embedding embed = new Embedding(50, 6);
        Path file = dir.resolve("embed.nnb");
        ModelIO.save(embed, file);
        Embedding e2 = ModelIO.load(file, Embedding.class);
        assertEquals(50, e2.vocabSize());
        assertEquals(6, e2.dim());
        assertSameModel(embed, e2, Inputs.of(ids().x()));

        ModelIO.save(Sequential.of(new MeanOverTime()), file);
        Sequential mean = ModelIO.load(file, Sequential.class);
        assertInstanceOf(MeanOverTime.class, mean.get(0));
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 5);
        assertSameModel(Sequential.of(new MeanOverTime()), mean, Inputs.of(x).withMask(ids().mask()));

        // a TiedDense saved alone: its Embedding is not elsewhere in the model, so it is described inside it
        TiedDense tied = new TiedDense(embed);
        tied.bias().set(Nd4j.rand(DataType.FLOAT, 1, 50));
        ModelIO.save(tied, file);
        assertEquals(List.of("embedding.E", "b"), tensorEntries(file).stream().map(e -> e.get("name")).toList());
        assertEquals(Map.of("type", "Embedding", "vocabSize", 50L, "dim", 6L), ((Map<?, ?>) header(file).get("model")).get("embedding"));
        TiedDense t2 = ModelIO.load(file, TiedDense.class);
        assertSame(t2.embedding().weight(), t2.parameters().get(0));
        assertSameModel(tied, t2, Nd4j.rand(DataType.FLOAT, 4, 6));
    }

    @Test
    void aResidualBlockRoundTripsWithItsPartsNamedByPath() throws IOException {
        Nd4j.getRandom().setSeed(4);
        Sequential net = Sequential.of(new Dense(4, 6), new ReLU(),
                new Residual(Sequential.of(new Dense(6, 6), new ReLU(), new Dense(6, 6))), new Residual(new Dense(6, 6)), new Dense(6, 3));
        for (Parameter p : net.parameters()) p.set(Nd4j.randn(p.value().dataType(), p.value().shape()));
        net.get(2).parameters().get(2).trainable(false);       // block layer 2's W
        Path file = dir.resolve("residual.nnb");
        ModelIO.save(net, file);
        assertEquals(List.of("0.W", "0.b", "2.block.0.W", "2.block.0.b", "2.block.2.W", "2.block.2.b", "3.block.W", "3.block.b", "4.W", "4.b"),
                tensorEntries(file).stream().map(e -> e.get("name")).toList());
        Sequential loaded = ModelIO.load(file, Sequential.class);
        assertInstanceOf(Residual.class, loaded.get(2));
        assertInstanceOf(Sequential.class, ((Residual) loaded.get(2)).block());
        assertSameModel(net, loaded, Nd4j.rand(DataType.FLOAT, 5, 4));
        assertFalse(loaded.get(2).parameters().get(2).isTrainable());
    }

    @Test
    void aReferenceMustNameAnEarlierLayerOfTheRightClass() throws IOException {
        Path file = dir.resolve("tied.nnb");
        ModelIO.save(tiedModel(), file);
        byte[] good = Files.readAllBytes(file);
        loadFails(write("missing-ref.nnb", withHeader(good, h -> h.replace("{\"ref\":\"0\"}", "{\"ref\":\"7\"}"))),
                "layer 4.embedding refers to layer 7", "no model was built there");
        loadFails(write("wrong-ref.nnb", withHeader(good, h -> h.replace("{\"ref\":\"0\"}", "{\"ref\":\"2\"}"))),
                "layer 4 (TiedDense)", "setting 'embedding' is Dense(8 -> 8), not an instance of Embedding");
        // the tie, saved as two tensors, no longer matches the rebuilt (shared) table
        loadFails(write("untied.nnb", withHeader(good, h -> h.replace("{\"name\":\"4.E\",\"kind\":\"parameter\",\"same_as\":\"0.E\"}",
                        "{\"name\":\"4.E\",\"kind\":\"parameter\",\"dtype\":\"float32\",\"shape\":[50,8],\"offset\":0,\"bytes\":1600}"))),
                "uses the parameter of tensor '0.E' again as '4.E'", "two tensors");
        loadFails(write("bad-same.nnb", withHeader(good, h -> h.replace("\"same_as\":\"0.E\"", "\"same_as\":\"9.E\""))),
                "'4.E' is the same as '9.E', which is no parameter saved before it");
    }

    /** A custom layer that applies another layer, using its very weights: sharing that only a codec can rebuild. */
    static final class Twin implements Layer {
        final Dense dense;

        Twin(Dense dense) { this.dense = dense; }

        @Override public INDArray forward(INDArray x, boolean training) { return dense.forward(x, training); }

        @Override public INDArray backward(INDArray gradOut) { return dense.backward(gradOut); }

        @Override public List<Parameter> parameters() { return dense.parameters(); }

        @Override public String toString() { return "Twin(" + dense + ")"; }
    }

    @Test
    void aCustomCodecRebuildsSharingThroughAReferenceOrLoadingFails() throws IOException {
        Nd4j.getRandom().setSeed(8);
        Dense d = new Dense(3, 3);
        Sequential net = Sequential.of(d, new Tanh(), new Twin(d));
        Path file = dir.resolve("twin.nnb");
        ModelIO.register(ModelCodec.of("TestTwin", Twin.class, t -> ModelCodec.settings("dense", t.dense),
                s -> new Twin(s.model("dense", Dense.class))));
        ModelIO.save(net, file);
        assertEquals(List.of("0.W", "0.b", "2.W", "2.b"), tensorEntries(file).stream().map(e -> e.get("name")).toList());
        assertEquals("0.b", tensorEntries(file).get(3).get("same_as"));
        Sequential loaded = ModelIO.load(file, Sequential.class);
        assertSame(loaded.get(0), ((Twin) loaded.get(2)).dense);
        assertSameModel(net, loaded, Nd4j.rand(DataType.FLOAT, 2, 3));

        // a codec that builds a fresh Dense instead loses the sharing: the file says so, and loading refuses
        ModelIO.register(ModelCodec.of("TestTwin", Twin.class, t -> ModelCodec.settings(), s -> new Twin(new Dense(3, 3))));
        loadFails(file, "tensor '2.W' is saved as the same parameter as '0.W'", "rebuild the sharing");
    }

    @Test
    void nonFiniteWeightsAreNotSavedAndTheOldFileStays() throws IOException {
        Sequential net = mlp();
        Path file = dir.resolve("model.nnb");
        ModelIO.save(net, file);
        byte[] before = Files.readAllBytes(file);
        INDArray w = ((Dense) net.get(2)).weight().value();
        w.putScalar(0, 1, Float.NaN);
        w.putScalar(3, 2, Float.POSITIVE_INFINITY);
        w.putScalar(4, 0, Float.NEGATIVE_INFINITY);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelIO.save(net, file));
        for (String s : List.of("'2.W'", "1 NaN and 2 infinite values out of 48", "diverged", "lower learning rate", "Nothing was written",
                "existing file is unchanged"))
            assertTrue(e.getMessage().contains(s), "'" + s + "' in: " + e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file saved before is untouched");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
        // state counts too, and a new file is not created
        BatchNorm bn = new BatchNorm(3);
        bn.runningVar().putScalar(0, 1, Float.NaN);
        Path other = dir.resolve("bn.nnb");
        e = assertThrows(ModelFileException.class, () -> ModelIO.save(Sequential.of(new Dense(2, 3), bn), other));
        assertTrue(e.getMessage().contains("state '1.running_var' [1, 3] holds 1 NaN value out of 3"), e.getMessage());
        assertFalse(Files.exists(other));
    }

    /** A version-1 file, written byte by byte as nnbook 1 wrote it: it still loads. */
    @Test
    void aVersion1FileStillLoads() throws IOException {
        String header = "{\"model\":{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"inFeatures\":2,\"outFeatures\":1},{\"type\":\"ReLU\"}]},"
                + "\"tensors\":[{\"name\":\"0.W\",\"kind\":\"parameter\",\"dtype\":\"float32\",\"shape\":[2,1],\"offset\":0,\"bytes\":8,"
                + "\"trainable\":true,\"regularized\":true},{\"name\":\"0.b\",\"kind\":\"parameter\",\"dtype\":\"float32\",\"shape\":[1,1],"
                + "\"offset\":8,\"bytes\":4,\"trainable\":false,\"regularized\":false}]}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(24 + h.length + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("NNBMODEL".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(h.length).putLong(12).put(h).putFloat(0.5f).putFloat(-2f).putFloat(0.25f);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Sequential net = ModelIO.load(write("v1.nnb", b.array()), Sequential.class);
        Dense d = (Dense) net.get(0);
        assertArrayEquals(new float[]{0.5f, -2f}, d.weight().value().dup('c').data().asFloat());
        assertFalse(d.parameters().get(1).isTrainable());
        INDArray y = net.predict(Nd4j.createFromArray(new float[][]{{1, 1}, {2, 0}}));
        assertArrayEquals(new float[]{0f, 1.25f}, y.dup('c').data().asFloat());      // relu(x W + b): relu(-1.25), relu(1.25)
    }
}
