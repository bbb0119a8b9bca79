package org.nnbook.io;

import org.nnbook.core.Layer;
import org.nnbook.core.Sequential;
import org.nnbook.core.Residual;
import org.nnbook.layers.AvgPool2D;
import org.nnbook.layers.BatchNorm2D;
import org.nnbook.layers.BatchNorm;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.ConvTranspose2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Dropout;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.Flatten;
import org.nnbook.layers.Bidirectional;
import org.nnbook.layers.GRU;
import org.nnbook.layers.MapsToSequence;
import org.nnbook.layers.GlobalAvgPool2D;
import org.nnbook.layers.LSTM;
import org.nnbook.layers.LastPosition;
import org.nnbook.layers.LayerNorm;
import org.nnbook.layers.LearnedPositions;
import org.nnbook.layers.MultiHeadAttention;
import org.nnbook.layers.SinusoidalPositions;
import org.nnbook.layers.TransformerDecoderBlock;
import org.nnbook.layers.TransformerEncoderBlock;
import org.nnbook.models.Transformer;
import org.nnbook.models.TransformerLm;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.Upsample2D;
import org.nnbook.layers.Unflatten;
import org.nnbook.layers.MeanOverTime;
import org.nnbook.layers.Padding;
import org.nnbook.layers.RNN;
import org.nnbook.layers.ReLU;
import org.nnbook.layers.Recurrent;
import org.nnbook.layers.Sigmoid;
import org.nnbook.layers.Softmax;
import org.nnbook.layers.Tanh;
import org.nnbook.layers.TiedDense;

import java.util.List;

import static org.nnbook.io.ModelCodec.settings;
import static org.nnbook.io.ModelCodec.state;

/**
 * The codecs of the built-in layers, one entry per class. To make a new layer savable, add its entry
 * here: its type name, how to read its constructor settings, how to call the constructor, and (only
 * if it has state outside its parameters) {@code withState}. The setting names are the
 * constructor's parameter names; the file format does not change. A constructor argument that is a
 * model — a part inside this one (Residual's block) or a layer it shares weights with (TiedDense's
 * Embedding) — is a setting like any other: give the model object, read it with {@code s.model}.
 */
final class Codecs {
    private Codecs() {}

    static List<ModelCodec<?>> builtIn() {
        return List.of(
                ModelCodec.of("Dense", Dense.class,
                        d -> settings("inFeatures", d.inFeatures(), "outFeatures", d.outFeatures()),
                        s -> new Dense(s.integer("inFeatures"), s.integer("outFeatures"))),
                ModelCodec.of("ReLU", ReLU.class, ReLU::new),
                ModelCodec.of("Sigmoid", Sigmoid.class, Sigmoid::new),
                ModelCodec.of("Tanh", Tanh.class, Tanh::new),
                ModelCodec.of("Softmax", Softmax.class, Softmax::new),
                ModelCodec.of("Flatten", Flatten.class, Flatten::new),
                ModelCodec.of("Dropout", Dropout.class,
                        d -> settings("p", d.p()),
                        s -> new Dropout(s.number("p"))),
                ModelCodec.of("BatchNorm", BatchNorm.class,
                        b -> settings("features", b.features(), "momentum", b.momentum(), "eps", b.eps()),
                        s -> new BatchNorm(s.integer("features"), s.number("momentum"), s.number("eps")))
                        .withState(b -> state("running_mean", b.runningMean(), "running_var", b.runningVar())),
                ModelCodec.of("Conv2D", Conv2D.class,
                        c -> settings("inChannels", c.inChannels(), "outChannels", c.outChannels(), "kernelSize", c.kernelSize(),
                                "stride", c.stride(), "padding", c.padding()),
                        s -> new Conv2D(s.integer("inChannels"), s.integer("outChannels"), s.integer("kernelSize"),
                                s.integer("stride"), s.choice("padding", Padding.class))),
                ModelCodec.of("ConvTranspose2D", ConvTranspose2D.class,
                        c -> settings("inChannels", c.inChannels(), "outChannels", c.outChannels(), "kernelSize", c.kernelSize(),
                                "stride", c.stride(), "padding", c.padding()),
                        s -> new ConvTranspose2D(s.integer("inChannels"), s.integer("outChannels"), s.integer("kernelSize"),
                                s.integer("stride"), s.integer("padding"))),
                ModelCodec.of("Upsample2D", Upsample2D.class,
                        u -> settings("factor", u.factor()),
                        s -> new Upsample2D(s.integer("factor"))),
                ModelCodec.of("Unflatten", Unflatten.class,
                        u -> settings("channels", u.channels(), "height", u.height(), "width", u.width()),
                        s -> new Unflatten(s.integer("channels"), s.integer("height"), s.integer("width"))),
                ModelCodec.of("MaxPool2D", MaxPool2D.class,
                        p -> settings("size", p.size(), "stride", p.stride(), "padding", p.padding()),
                        s -> new MaxPool2D(s.integer("size"), s.integer("stride"), s.choice("padding", Padding.class))),
                ModelCodec.of("AvgPool2D", AvgPool2D.class,
                        p -> settings("size", p.size(), "stride", p.stride(), "padding", p.padding()),
                        s -> new AvgPool2D(s.integer("size"), s.integer("stride"), s.choice("padding", Padding.class))),
                ModelCodec.of("GlobalAvgPool2D", GlobalAvgPool2D.class, GlobalAvgPool2D::new),
                ModelCodec.of("MapsToSequence", MapsToSequence.class, MapsToSequence::new),
                ModelCodec.of("BatchNorm2D", BatchNorm2D.class,
                        b -> settings("channels", b.channels(), "momentum", b.momentum(), "eps", b.eps()),
                        s -> new BatchNorm2D(s.integer("channels"), s.number("momentum"), s.number("eps")))
                        .withState(b -> state("running_mean", b.runningMean(), "running_var", b.runningVar())),
                ModelCodec.of("Embedding", Embedding.class,                       // a shared one: the owner of its table, {"ref": its path}
                        e -> e.owner() != null ? settings("shares", e.owner()) : e.scale() == 1 ? settings("vocabSize", e.vocabSize(), "dim", e.dim()) : settings("vocabSize", e.vocabSize(), "dim", e.dim(), "scale", e.scale()),
                        s -> s.has("shares") ? s.model("shares", Embedding.class).sharing()
                                : new Embedding(s.integer("vocabSize"), s.integer("dim"), s.has("scale") ? s.number("scale") : 1.0)),
                ModelCodec.of("MeanOverTime", MeanOverTime.class, MeanOverTime::new),
                ModelCodec.of("LastPosition", LastPosition.class, LastPosition::new),
                ModelCodec.of("TiedDense", TiedDense.class,                       // the Embedding it shares: usually {"ref": its path}
                        t -> settings("embedding", t.embedding()),
                        s -> new TiedDense(s.model("embedding", Embedding.class))),
                recurrent("RNN", RNN.class, RNN::new),
                recurrent("LSTM", LSTM.class, LSTM::new),
                recurrent("GRU", GRU.class, GRU::new),
                ModelCodec.of("Bidirectional", Bidirectional.class,                // its two recurrent layers, described inside it
                        b -> settings("forward", b.forwardLayer(), "backward", b.backwardLayer()),
                        s -> new Bidirectional(s.model("forward", Recurrent.class), s.model("backward", Recurrent.class))),
                ModelCodec.of("LayerNorm", LayerNorm.class,
                        l -> settings("features", l.features(), "eps", l.eps()),
                        s -> new LayerNorm(s.integer("features"), s.number("eps"))),
                ModelCodec.of("MultiHeadAttention", MultiHeadAttention.class,
                        a -> settings("dModel", a.dModel(), "numHeads", a.numHeads(), "dropout", a.dropout(), "causal", a.isCausal()),
                        s -> new MultiHeadAttention(s.integer("dModel"), s.integer("numHeads"), s.number("dropout")).causal(s.bool("causal"))),
                ModelCodec.of("SinusoidalPositions", SinusoidalPositions.class,
                        p -> settings("maxLen", p.maxLen(), "dim", p.dim()),
                        s -> new SinusoidalPositions(s.integer("maxLen"), s.integer("dim"))),
                ModelCodec.of("LearnedPositions", LearnedPositions.class,
                        p -> settings("maxLen", p.maxLen(), "dim", p.dim()),
                        s -> new LearnedPositions(s.integer("maxLen"), s.integer("dim"))),
                ModelCodec.of("TransformerEncoderBlock", TransformerEncoderBlock.class,   // its parts, described inside it
                        b -> settings("norm1", b.norm1(), "attention", b.attention(), "norm2", b.norm2(), "feedForward", b.feedForward(),
                                "dropout", b.dropout()),
                        s -> new TransformerEncoderBlock(s.model("norm1", LayerNorm.class), s.model("attention", MultiHeadAttention.class),
                                s.model("norm2", LayerNorm.class), s.model("feedForward", Sequential.class), s.number("dropout"))),
                ModelCodec.of("TransformerDecoderBlock", TransformerDecoderBlock.class,
                        b -> settings("norm1", b.norm1(), "selfAttention", b.selfAttention(), "norm2", b.norm2(),
                                "crossAttention", b.crossAttention(), "norm3", b.norm3(), "feedForward", b.feedForward(), "dropout", b.dropout()),
                        s -> new TransformerDecoderBlock(s.model("norm1", LayerNorm.class), s.model("selfAttention", MultiHeadAttention.class),
                                s.model("norm2", LayerNorm.class), s.model("crossAttention", MultiHeadAttention.class), s.model("norm3", LayerNorm.class),
                                s.model("feedForward", Sequential.class), s.number("dropout"))),
                ModelCodec.of("Transformer", Transformer.class, Codecs::transformerSettings, s -> {   // its parts, the decoder blocks numbered
                    List<TransformerDecoderBlock> blocks = new java.util.ArrayList<>();
                    for (int i = 0; i < s.integer("decoderBlocks"); i++) blocks.add(s.model("decoder" + i, TransformerDecoderBlock.class));
                    return new Transformer(s.model("encoder", Sequential.class), s.model("targetEmbedding", Embedding.class),
                            s.model("targetPositions", SinusoidalPositions.class), blocks, s.model("decoderNorm", LayerNorm.class), s.number("dropout"));
                }),
                ModelCodec.of("TransformerLm", TransformerLm.class,               // its body, and the output layer tied to the body's Embedding
                        t -> settings("body", t.body(), "output", t.output()),
                        s -> new TransformerLm(s.model("body", Sequential.class), s.model("output", TiedDense.class))),
                ModelCodec.of("Residual", Residual.class,                         // its block, described inside it
                        r -> settings("block", r.block()),
                        s -> new Residual(s.model("block", Layer.class))));
    }

    private static java.util.Map<String, Object> transformerSettings(Transformer t) {
        List<Object> s = new java.util.ArrayList<>(List.of("encoder", t.encoder(), "targetEmbedding", t.targetEmbedding(),
                "targetPositions", t.targetPositions(), "decoderBlocks", t.decoder().size()));
        for (int i = 0; i < t.decoder().size(); i++) { s.add("decoder" + i); s.add(t.decoder().get(i)); }
        s.addAll(List.of("decoderNorm", t.decoderNorm(), "dropout", t.dropout()));
        return settings(s.toArray());
    }

    /** A recurrent layer: its sizes, whether it outputs every step, whether it carries its state between batches. */
    private static <R extends Recurrent> ModelCodec<R> recurrent(String type, Class<R> cls, java.util.function.BiFunction<Integer, Integer, R> make) {
        return ModelCodec.of(type, cls,
                r -> settings("inFeatures", r.inFeatures(), "hidden", r.hidden(), "allSteps", r.allSteps(), "carryState", r.carriesState()),
                s -> {
                    R r = make.apply(s.integer("inFeatures"), s.integer("hidden"));
                    if (!s.bool("allSteps")) r.lastOnly();
                    r.carryState(s.bool("carryState"));
                    return r;
                });
    }
}
