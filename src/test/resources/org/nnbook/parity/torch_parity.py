"""PyTorch's side of TorchParityTest: computes with torch what the test computed with nnbook.

    /usr/bin/python3 torch_parity.py FOLDER

FOLDER/cases.json lists the cases; each case has a folder of .npy inputs that the Java test wrote
(float64, or int32 for ids). For each case this script builds the equivalent torch module, loss or
optimizer with the same values, computes forward, backward (autograd) or the optimizer steps in
float64, and saves every result NAME as torch.NAME.npy in the case's folder, in nnbook's layout
(e.g. a Dense weight gradient as (in, out), not torch's (out, in)). A case that fails writes its
traceback to torch.error.txt and the others still run. The conventions that differ on purpose are
tabled in TorchParityTest's javadoc.
"""
import json
import sys
import traceback
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)


def load(folder, name):
    return torch.from_numpy(np.load(folder / f"{name}.npy"))


def save(folder, name, t):
    np.save(folder / f"torch.{name}.npy", np.ascontiguousarray(t.detach().numpy()))


# --- parameter layouts: how an nnbook parameter maps onto a torch tensor ----------------------------

def to_torch(value, layout, tensor):
    """nnbook's value as the torch tensor's layout: 'T' transposes (Dense W is (in, out), Linear.weight (out, in))."""
    return value.T if layout == "T" else value.reshape(tensor.shape)


def to_nnbook(t, layout, shape):
    return (t.T if layout == "T" else t).reshape(shape)


def part(t, binding):
    """The rows of t that a binding names: (tensor, layout, rows) for one block of a packed tensor (MultiheadAttention's
    in_proj_weight holds q, k and v), else the whole tensor."""
    return t[binding[2]] if len(binding) > 2 else t


def set_params(d, params):
    with torch.no_grad():
        for k, b in enumerate(params):
            target = part(b[0], b)
            target.copy_(to_torch(load(d, f"param{k}"), b[1], target))


def save_grads(d, i, params, shapes):
    for k, b in enumerate(params):
        save(d, f"step{i}.dparam{k}", to_nnbook(part(b[0].grad, b), b[1], shapes[k]))


# --- SAME padding as nnbook (and TensorFlow): out = ceil(in / stride), the odd row/column at the bottom/right

def same_pads(size, k, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return total // 2, total - total // 2


def window_pads(x, o):
    """(top, bottom, left, right) of o's padding for x (N, C, H, W); zeros for valid padding."""
    if o["padding"] == "valid":
        return 0, 0, 0, 0
    return same_pads(x.shape[2], o["k"], o["stride"]) + same_pads(x.shape[3], o["k"], o["stride"])


class Conv(nn.Module):
    """nn.Conv2d, with torch's own padding when SAME pads evenly, else F.pad first."""

    def __init__(self, o):
        super().__init__()
        self.o = o
        self.conv = nn.Conv2d(o["in"], o["out"], o["k"], o["stride"])

    def forward(self, x):
        t, b, l, r = window_pads(x, self.o)
        if t == b and l == r:
            return F.conv2d(x, self.conv.weight, self.conv.bias, self.o["stride"], padding=(t, l))
        return self.conv(F.pad(x, (l, r, t, b)))


class Pool(nn.Module):
    """Max or average pooling; SAME padding never wins a max and does not count in a mean."""

    def __init__(self, o, kind):
        super().__init__()
        self.o, self.kind = o, kind

    def forward(self, x):
        k, s = self.o["k"], self.o["stride"]
        t, b, l, r = window_pads(x, self.o)
        if t == b and l == r:      # torch's own padding: -inf for max; left out of the mean with count_include_pad=False
            if self.kind == "max":
                return F.max_pool2d(x, k, s, padding=(t, l))
            return F.avg_pool2d(x, k, s, padding=(t, l), count_include_pad=False)
        # uneven: explicit padding, which torch counts as data, so the mean is divided by the real pixels per window
        if self.kind == "max":
            return F.max_pool2d(F.pad(x, (l, r, t, b), value=-float("inf")), k, s)
        real = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), (l, r, t, b)), k, s)
        return F.avg_pool2d(F.pad(x, (l, r, t, b)), k, s) / real


class MeanOverTime(nn.Module):
    def forward(self, x, mask=None):
        if mask is None:
            return x.mean(1)
        m = mask.to(x.dtype).unsqueeze(-1)
        return (x * m).sum(1) / m.sum(1)


class DropoutWithMask(nn.Dropout):
    """Training: x times nnbook's own mask (torch's random numbers differ); evaluation: torch's nn.Dropout."""

    def __init__(self, p, mask):
        super().__init__(p)
        keep = 1 / (1 - p)
        if not bool(((mask == 0) | ((mask - keep).abs() < 1e-12)).all()):
            raise ValueError(f"nnbook's dropout mask holds values other than 0 and 1/(1-p) = {keep}")
        self.mask = mask

    def forward(self, x):
        return x * self.mask if self.training else super().forward(x)


class Chain(nn.Sequential):
    """nn.Sequential that hands the padding mask to the modules that read one, like nnbook's Sequential."""

    def forward(self, x, mask=None):
        for m in self:
            x = m(x, mask) if isinstance(m, (MeanOverTime, Recurrent, LastPosition)) else m(x)
        return x


class Recurrent(nn.Module):
    """nn.RNN / nn.LSTM / nn.GRU (batch first) as nnbook's recurrent layers: padded sequences are packed by
    their lengths (the mask's 1s come first), so padding outputs 0 and the last state is the last real one."""

    def __init__(self, rnn, all_steps):
        super().__init__()
        self.rnn, self.all_steps = rnn, all_steps

    def forward(self, x, mask=None):
        if mask is None:
            out, state = self.rnn(x)
        else:
            lengths = mask.sum(1).long()
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            out, state = self.rnn(packed)
            out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        h = state[0] if isinstance(state, tuple) else state
        if self.all_steps:
            return out
        return torch.cat([h[-2], h[-1]], 1) if self.rnn.bidirectional else h[-1]


def recurrent(o, d, cls, bidirectional=False):
    """nnbook's Wx is torch's weight_ih transposed, Wh weight_hh transposed (the gate blocks in the same order:
    i, f, g, o for the LSTM; r, z, n for the GRU). The RNN and LSTM have one bias, b = b_ih + b_hh: b_hh stays 0
    here and b_ih takes b (their gradients are equal). The GRU keeps both, as bh's n block is inside r ⊙ (...).
    Bidirectional: nnbook's forward layer is torch's direction 0, its backward layer the "_reverse" tensors."""
    rnn = cls(o["in"], o["hidden"], batch_first=True, bidirectional=bidirectional)
    m = Recurrent(rnn, o["all"])
    bindings = []
    for suffix in (["", "_reverse"] if bidirectional else [""]):
        w = lambda name: getattr(rnn, name + "_l0" + suffix)
        bindings += [(w("weight_ih"), "T"), (w("weight_hh"), "T"), (w("bias_ih"), "")]
        if cls is nn.GRU:
            bindings.append((w("bias_hh"), ""))
        else:
            with torch.no_grad():
                w("bias_hh").zero_()
    return m, bindings, []


class Residual(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return x + self.f(x)


class MapsToSequence(nn.Module):
    """(N, C, F, T) -> (N, T, C*F): the time axis becomes the sequence, channel-major features."""

    def forward(self, x):
        n, c, f, t = x.shape
        return x.permute(0, 3, 1, 2).reshape(n, t, c * f)


class TiedLM(nn.Module):
    """Embedding, Linear, Tanh, then logits h Eᵀ + b with E the embedding's own weight."""

    def __init__(self, vocab, dim):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.dense = nn.Linear(dim, dim)
        self.bias = nn.Parameter(torch.zeros(vocab))

    def forward(self, ids):
        h = torch.tanh(self.dense(self.embed(ids)))
        return h @ self.embed.weight.T + self.bias


def dense_bindings(linear):
    return [(linear.weight, "T"), (linear.bias, "")]


# --- layers: kind -> (options, case folder) -> (module, [(parameter, layout)] in nnbook's order, [state tensors])

def dense(o, d):
    m = nn.Linear(o["in"], o["out"])
    return m, dense_bindings(m), []


def batchnorm(o, d, cls):
    m = cls(o["size"], eps=o["eps"], momentum=o["momentum"])
    return m, [(m.weight, ""), (m.bias, "")], [m.running_mean, m.running_var]


def conv2d(o, d):
    m = Conv(o)
    return m, [(m.conv.weight, ""), (m.conv.bias, "")], []


def conv_transpose2d(o, d):
    m = nn.ConvTranspose2d(o["in"], o["out"], o["k"], o["stride"], o["padding"])
    return m, [(m.weight, ""), (m.bias, "")], []


def embedding(o, d):
    m = nn.Embedding(o["vocab"], o["dim"])
    return m, [(m.weight, "")], []


def bag(o, d):
    e, lin = nn.Embedding(o["vocab"], o["dim"]), nn.Linear(o["dim"], o["out"])
    return Chain(e, MeanOverTime(), lin), [(e.weight, "")] + dense_bindings(lin), []


def tied(o, d):
    m = TiedLM(o["vocab"], o["dim"])
    return m, [(m.embed.weight, "")] + dense_bindings(m.dense) + [(m.bias, "")], []


def residual(o, d):
    a, b = nn.Linear(o["size"], o["size"]), nn.Linear(o["size"], o["size"])
    return Residual(nn.Sequential(a, nn.Tanh(), b)), dense_bindings(a) + dense_bindings(b), []


def key_padding(mask):
    """nnbook's padding mask (1 = real key) as torch's key_padding_mask (True = ignore that key)."""
    return None if mask is None else mask == 0


def causal_mask(t):
    """torch's attn_mask for causal attention: True above the diagonal, where query t would see a later key."""
    return torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)


class Attention(nn.Module):
    """nn.MultiheadAttention(batch_first=True) as nnbook's MultiHeadAttention: self-attention on x with x's padding mask,
    or cross-attention on a memory with the memory's padding mask."""

    def __init__(self, o):
        super().__init__()
        self.mha = nn.MultiheadAttention(o["d"], o["heads"], batch_first=True)
        self.causal = o["causal"]

    def forward(self, x, mask=None, memory=None, memory_mask=None):
        kv, m = (x, mask) if memory is None else (memory, memory_mask)
        y, _ = self.mha(x, kv, kv, key_padding_mask=key_padding(m), need_weights=False,
                        attn_mask=causal_mask(x.shape[1]) if self.causal else None)
        return y


def mha_bindings(mha):
    """nnbook's Wq, bq, Wk, bk, Wv, bv: blocks of rows of in_proj_weight (transposed) and in_proj_bias; Wo, bo: out_proj."""
    d = mha.embed_dim
    out = []
    for j in range(3):
        rows = slice(j * d, (j + 1) * d)
        out += [(mha.in_proj_weight, "T", rows), (mha.in_proj_bias, "", rows)]
    return out + dense_bindings(mha.out_proj)


def norm_bindings(norm):
    return [(norm.weight, ""), (norm.bias, "")]


class EncoderBlock(nn.Module):
    def __init__(self, o):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(o["d"], o["heads"], o["dff"], dropout=0.0, batch_first=True, norm_first=True)
        self.causal = o.get("causal", False)

    def forward(self, x, mask=None):
        return self.layer(x, src_mask=causal_mask(x.shape[1]) if self.causal else None, src_key_padding_mask=key_padding(mask))


def encoder(o, d):
    m = EncoderBlock(o)
    l = m.layer
    return m, norm_bindings(l.norm1) + mha_bindings(l.self_attn) + norm_bindings(l.norm2) + dense_bindings(l.linear1) \
        + dense_bindings(l.linear2), []


class DecoderBlock(nn.Module):
    def __init__(self, o):
        super().__init__()
        self.layer = nn.TransformerDecoderLayer(o["d"], o["heads"], o["dff"], dropout=0.0, batch_first=True, norm_first=True)

    def forward(self, x, mask, memory, memory_mask):
        return self.layer(x, memory, tgt_mask=causal_mask(x.shape[1]), tgt_key_padding_mask=key_padding(mask),
                          memory_key_padding_mask=key_padding(memory_mask))


def decoder(o, d):
    m = DecoderBlock(o)
    l = m.layer
    return m, norm_bindings(l.norm1) + mha_bindings(l.self_attn) + norm_bindings(l.norm2) + mha_bindings(l.multihead_attn) \
        + norm_bindings(l.norm3) + dense_bindings(l.linear1) + dense_bindings(l.linear2), []


class Sinusoidal(nn.Module):
    """x + PE with PE(t, 2i) = sin(t / 10000^(2i/d)), PE(t, 2i+1) = cos(the same), written out here."""

    def forward(self, x):
        t, dim = x.shape[1], x.shape[2]
        angle = torch.arange(t, dtype=x.dtype)[:, None] / 10000 ** (torch.arange(0, dim, 2, dtype=x.dtype) / dim)
        pe = torch.zeros(t, dim, dtype=x.dtype)
        pe[:, 0::2] = torch.sin(angle)
        pe[:, 1::2] = torch.cos(angle)[:, :dim // 2]
        return x + pe


class LearnedPositions(nn.Module):
    def __init__(self, o):
        super().__init__()
        self.table = nn.Parameter(torch.zeros(o["max_len"], o["dim"]))

    def forward(self, x):
        return x + self.table[:x.shape[1]]


class LastPosition(nn.Module):
    """x[n, length_n - 1], the length from the mask's 1s (all T without a mask)."""

    def forward(self, x, mask=None):
        lengths = torch.full((x.shape[0],), x.shape[1]) if mask is None else mask.sum(1).long()
        return x[torch.arange(x.shape[0]), lengths - 1]


def attention(o, d):
    m = Attention(o)
    return m, mha_bindings(m.mha), []


def learned_positions(o, d):
    m = LearnedPositions(o)
    return m, [(m.table, "")], []


def stateless(module):
    return lambda o, d: (module, [], [])


LAYERS = {
    "dense": dense,
    "relu": stateless(nn.ReLU()),
    "sigmoid": stateless(nn.Sigmoid()),
    "tanh": stateless(nn.Tanh()),
    "softmax": stateless(nn.Softmax(dim=-1)),
    "flatten": stateless(nn.Flatten()),
    "maps_to_sequence": stateless(MapsToSequence()),
    "dropout": lambda o, d: (DropoutWithMask(o["p"], load(d, "dropout_mask")), [], []),
    "batchnorm": lambda o, d: batchnorm(o, d, nn.BatchNorm1d),
    "batchnorm2d": lambda o, d: batchnorm(o, d, nn.BatchNorm2d),
    "conv2d": conv2d,
    "conv_transpose2d": conv_transpose2d,
    "unflatten": lambda o, d: (nn.Unflatten(1, (o["c"], o["h"], o["w"])), [], []),
    "upsample2d": lambda o, d: (nn.Upsample(scale_factor=o["factor"], mode="nearest"), [], []),
    "maxpool2d": lambda o, d: (Pool(o, "max"), [], []),
    "avgpool2d": lambda o, d: (Pool(o, "avg"), [], []),
    "globalavgpool2d": stateless(nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())),
    "embedding": embedding,
    "meanovertime": stateless(MeanOverTime()),
    "bag": bag,
    "tied": tied,
    "residual": residual,
    "layernorm": lambda o, d: (lambda m: (m, norm_bindings(m), []))(nn.LayerNorm(o["size"], eps=o["eps"])),
    "sinusoidal": stateless(Sinusoidal()),
    "learned_positions": learned_positions,
    "mha": attention,
    "last_position": stateless(LastPosition()),
    "encoder": encoder,
    "decoder": decoder,
    "rnn": lambda o, d: recurrent(o, d, nn.RNN),
    "lstm": lambda o, d: recurrent(o, d, nn.LSTM),
    "gru": lambda o, d: recurrent(o, d, nn.GRU),
    "bilstm": lambda o, d: recurrent(o, d, nn.LSTM, True),
    "bigru": lambda o, d: recurrent(o, d, nn.GRU, True),
}


def run_layer(d, spec):
    module, params, state = LAYERS[spec["kind"]](spec["opts"], d)
    shapes = [np.load(d / f"param{k}.npy").shape for k in range(len(params))]
    state_shapes = [np.load(d / f"state{k}.npy").shape for k in range(len(state))]
    if len(params) != len(spec["params"]) or len(state) != spec["state"]:
        raise ValueError(f"torch module has {len(params)} parameters and {len(state)} state tensors, "
                         f"nnbook {spec['params']} and {spec['state']}")
    set_params(d, params)
    with torch.no_grad():
        for k, t in enumerate(state):
            t.copy_(load(d, f"state{k}").reshape(t.shape))
    for i, step in enumerate(spec["steps"]):
        module.train(step["training"])
        for t, *_ in params:
            t.grad = None
        x = load(d, f"step{i}.x")
        x = x.requires_grad_() if x.is_floating_point() else x.long()
        y = module(x, load(d, f"step{i}.mask")) if step["mask"] else module(x)
        y.backward(load(d, f"step{i}.g"))
        save(d, f"step{i}.y", y)
        if x.requires_grad:
            save(d, f"step{i}.dx", x.grad)
        save_grads(d, i, params, shapes)
        for k, t in enumerate(state):
            save(d, f"step{i}.state{k}", t.reshape(state_shapes[k]))


def run_cross(d, spec):
    """Queries x and a memory, each with an optional padding mask: cross-attention or a decoder block."""
    module, params, _ = LAYERS[spec["kind"]](spec["opts"], d)
    shapes = [np.load(d / f"param{k}.npy").shape for k in range(len(params))]
    if len(params) != len(spec["params"]):
        raise ValueError(f"torch module has {len(params)} parameters, nnbook {spec['params']}")
    set_params(d, params)
    for i, step in enumerate(spec["steps"]):
        module.train(step["training"])
        for t, *_ in params:
            t.grad = None
        x = load(d, f"step{i}.x").requires_grad_()
        memory = load(d, f"step{i}.memory").requires_grad_()
        mask = load(d, f"step{i}.mask") if step["mask"] else None
        memory_mask = load(d, f"step{i}.memory_mask") if step["memory_mask"] else None
        y = module(x, mask, memory, memory_mask)
        y.backward(load(d, f"step{i}.g"))
        save(d, f"step{i}.y", y)
        save(d, f"step{i}.dx", x.grad)
        save(d, f"step{i}.dmemory", memory.grad)
        save_grads(d, i, params, shapes)


# --- losses: kind -> options -> fn(yhat, target), reduction "mean" --------------------------------

def classes_second(a):
    """(N, T, C) -> (N, C, T): torch's losses want the class axis second."""
    return a if a.dim() == 2 else a.movedim(-1, 1)


def cross_entropy(o):
    loss = nn.CrossEntropyLoss(label_smoothing=o.get("label_smoothing", 0.0), ignore_index=o.get("ignore_index", -100))
    return lambda z, t: loss(classes_second(z), classes_second(t) if t.is_floating_point() else t)


LOSSES = {
    "mse": lambda o: nn.MSELoss(),
    "mae": lambda o: nn.L1Loss(),
    "huber": lambda o: nn.HuberLoss(delta=o["delta"]),
    "bce": lambda o: nn.BCEWithLogitsLoss(),
    "cross_entropy": cross_entropy,
}


def run_loss(d, spec):
    z = load(d, "yhat").requires_grad_()
    t = load(d, "target")
    loss = LOSSES[spec["kind"]](spec["opts"])(z, t if t.is_floating_point() else t.long())
    loss.backward()
    save(d, "loss", loss.reshape(1))
    save(d, "grad", z.grad)


# --- optimizers: kind -> (parameters, options, regularized flags) -> torch.optim ---------------------

def adamw(ps, o, regularized):
    decayed = [p for p, r in zip(ps, regularized) if r]
    others = [p for p, r in zip(ps, regularized) if not r]
    groups = [{"params": decayed, "weight_decay": o["weight_decay"]}, {"params": others, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"])


OPTIMIZERS = {
    "sgd": lambda ps, o, r: torch.optim.SGD(ps, lr=o["lr"]),
    "momentum": lambda ps, o, r: torch.optim.SGD(ps, lr=o["lr"], momentum=o["momentum"], nesterov=o["nesterov"]),
    "adagrad": lambda ps, o, r: torch.optim.Adagrad(ps, lr=o["lr"], eps=o["eps"]),
    "rmsprop": lambda ps, o, r: torch.optim.RMSprop(ps, lr=o["lr"], alpha=o["rho"], eps=o["eps"]),
    "adam": lambda ps, o, r: torch.optim.Adam(ps, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"]),
    "adamw": adamw,
}


def clip_like_nnbook(ps, max_norm):
    """torch.nn.utils.clip_grad_norm_ scales by max_norm / (norm + 1e-6); nnbook by max_norm / norm."""
    norm = float(torch.nn.utils.clip_grad_norm_(ps, max_norm))
    if norm > max_norm:
        for p in ps:
            p.grad.mul_((norm + 1e-6) / norm)


def run_optimizer(d, spec):
    o = spec["opts"]
    ps = [nn.Parameter(load(d, f"param{k}").clone()) for k in range(len(spec["regularized"]))]
    optimizer = OPTIMIZERS[spec["kind"]](ps, o, spec["regularized"])
    for t in range(spec["steps"]):
        for k, p in enumerate(ps):
            p.grad = load(d, f"step{t}.grad{k}").clone()
        if "clip_grad_norm" in o:
            clip_like_nnbook(ps, o["clip_grad_norm"])
        optimizer.step()
        for k, p in enumerate(ps):
            save(d, f"step{t}.param{k}", p)


RUNNERS = {"layer": run_layer, "cross": run_cross, "loss": run_loss, "optimizer": run_optimizer}


# --- distillation: student logits, teacher logits and labels -> loss and dL/dz ----------------------------

def run_distillation(d, spec):
    """Hinton et al.'s distillation loss: alpha T^2 KL(softmax(v/T) || softmax(z/T)) + (1 - alpha) cross-entropy on the labels."""
    o = spec["opts"]
    t, alpha = o["temperature"], o["alpha"]
    z = load(d, "yhat").requires_grad_()
    v = load(d, "teacher")
    y = load(d, "target")
    soft = F.kl_div(F.log_softmax(z / t, dim=1), F.softmax(v / t, dim=1), reduction="batchmean") * t * t
    hard = F.cross_entropy(z, y if y.is_floating_point() else y.long())
    loss = alpha * soft + (1 - alpha) * hard
    loss.backward()
    save(d, "loss", loss.reshape(1))
    save(d, "grad", z.grad)


RUNNERS["distillation"] = run_distillation


def main(root):
    root = Path(root)
    for spec in json.loads((root / "cases.json").read_text(encoding="utf-8")):
        d = root / spec["dir"]
        try:
            RUNNERS[spec["type"]](d, spec)
        except Exception:
            (d / "torch.error.txt").write_text(traceback.format_exc())
    print(f"torch {torch.__version__}")


if __name__ == "__main__":
    main(sys.argv[1])
