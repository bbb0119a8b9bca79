"""The PyTorch half of binder/bench-mt: notebook 12's English->French Transformer (org.nnbook.models.Transformer),
written with PyTorch's own layers, trained on exactly the batches nnbook trains on, in the same order, and
translating the same test sentences greedily.

    /usr/bin/python3 src/bench/python/translate_torch.py BATCH_FILE HYP_FILE --vocab V --threads 2
        [--d 128] [--heads 4] [--layers 2] [--lr 2e-3] [--warmup 400] [--cosine MIN_LR] [--seed 12] [--decode-batch 64]

BATCH_FILE is what org.nnbook.bench.TranslationRun --prepare-only writes (org.nnbook.text.BatchFile): little-endian
int32s: "NNBATCH1", B batches (rows N, source length S, target length T, then source, targetIn, targetOut row-major),
the batch index of each training step, then the sentences to translate (length, ids). HYP_FILE gets one translation
per line (its ids, without BOS or EOS, separated by spaces) and HYP_FILE.info the setting, target tokens/s,
parameter count and training seconds; TranslationRun --score HYP_FILE turns the ids into text with nnbook's BPE and
scores them with nnbook's Bleu and ChrF, so both frameworks are measured by the same code.

The same model as models.Transformer (read its source):
- pre-norm encoder and decoder blocks: nn.TransformerEncoderLayer / nn.TransformerDecoderLayer(d, heads, 4d,
  dropout 0, ReLU, batch_first=True, norm_first=True), each stack followed by a LayerNorm;
- one embedding table E for the source, the target and the output (Transformer.sharedVocabulary: joint BPE), started
  from N(0, 1/d) and multiplied by sqrt(d) at the input (Vaswani et al., 2017, section 3.4; Embedding.scaled),
  sinusoidal positions added; scores = h E^T + b, b its own (zeros at the start);
- initialisation as nnbook's: attention in_proj Glorot uniform, biases 0, out_proj U(+-1/sqrt(d)) (PyTorch's
  defaults, which nnbook copies); the feed-forward Linear layers as nnbook's Dense, weights N(0, 2/in), biases 0;
- loss: cross-entropy over the real target tokens (ignore_index = PAD = 0), mean;
- Adam (0.9, 0.999, 1e-8), learning rate per step lr * min(s / warmup, sqrt(warmup / s)), s = step + 1
  (Schedule.inverseSqrt); with --cosine MIN_LR, lr * (step + 1) / warmup during the warm-up and then
  MIN_LR + (lr - MIN_LR) (1 + cos(pi (step - warmup) / (steps - warmup))) / 2 (Schedule.warmupCosine);
- greedy decoding as Transformer.greedyDecode: sentences sorted by length, decode-batch at a time, the source
  followed by EOS, at most 2 * (source tokens + 1) + 10 - 1 new tokens, cut at EOS.
Training speed counts the training steps only (forward, loss, backward, update, loss.item()).
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PAD, BOS, EOS = 0, 1, 2
MAX_LEN = 512


def read_batch_file(path):
    raw = open(path, "rb").read()
    if raw[:8] != b"NNBATCH1":
        sys.exit(f"{path} is not a batch file (it does not start with NNBATCH1)")
    ints = np.frombuffer(raw, dtype="<i4", offset=8)
    at = 0

    def take(n):
        nonlocal at
        a = ints[at:at + n]
        at += n
        return a

    batches = []
    for _ in range(int(take(1)[0])):
        n, s, t = (int(v) for v in take(3))
        src = torch.from_numpy(take(n * s).astype(np.int64).reshape(n, s))
        tin = torch.from_numpy(take(n * t).astype(np.int64).reshape(n, t))
        tout = torch.from_numpy(take(n * t).astype(np.int64).reshape(n, t))
        batches.append((src, tin, tout))
    order = take(int(take(1)[0])).tolist()
    sentences = [take(int(take(1)[0])).tolist() for _ in range(int(take(1)[0]))]
    return batches, order, sentences


def sinusoids(max_len, d):
    pe = torch.zeros(max_len, d, dtype=torch.float64)
    t = torch.arange(max_len, dtype=torch.float64)[:, None]
    i = torch.arange(0, d, 2, dtype=torch.float64)
    angle = t / torch.pow(10000.0, i / d)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)[:, :d // 2]
    return pe.float()


class Translator(nn.Module):
    def __init__(self, vocab, d, heads, layers, init="nnbook"):
        super().__init__()
        # "nnbook" (models.Transformer.sharedVocabulary): one N(0, 1/d) table for source, target and output, multiplied by
        # sqrt(d) at the input (Vaswani et al., 2017, section 3.4), so the tied output starts with scores of spread ~1;
        # "unscaled": the N(0, 1) table PyTorch starts an nn.Embedding from, used as it is (nnbook before 2026-12-01)
        self.scale = math.sqrt(d) if init == "nnbook" else 1.0
        self.embed = nn.Embedding(vocab, d)
        self.src_embed = self.tgt_embed = self.embed
        self.register_buffer("pe", sinusoids(MAX_LEN, d))
        enc = [nn.TransformerEncoderLayer(d, heads, 4 * d, 0.0, batch_first=True, norm_first=True) for _ in range(layers)]
        dec = [nn.TransformerDecoderLayer(d, heads, 4 * d, 0.0, batch_first=True, norm_first=True) for _ in range(layers)]
        self.encoder = nn.ModuleList(enc)
        self.decoder = nn.ModuleList(dec)
        self.enc_norm = nn.LayerNorm(d)
        self.dec_norm = nn.LayerNorm(d)
        self.out_bias = nn.Parameter(torch.zeros(vocab))
        if init == "nnbook":
            nn.init.normal_(self.embed.weight, 0.0, d ** -0.5)
        for block in list(self.encoder) + list(self.decoder):
            for lin in (block.linear1, block.linear2):             # as nnbook's Dense
                nn.init.normal_(lin.weight, 0.0, math.sqrt(2.0 / lin.in_features))
                nn.init.zeros_(lin.bias)

    def encode(self, src):
        pad = src == PAD
        x = self.src_embed(src) * self.scale + self.pe[:src.shape[1]]
        for block in self.encoder:
            x = block(x, src_key_padding_mask=pad)
        return self.enc_norm(x), pad

    def decode(self, tgt, memory, pad):
        t = tgt.shape[1]
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        h = self.tgt_embed(tgt) * self.scale + self.pe[:t]
        for block in self.decoder:
            h = block(h, memory, tgt_mask=causal, memory_key_padding_mask=pad)
        return F.linear(self.dec_norm(h), self.tgt_embed.weight, self.out_bias)

    def forward(self, src, tgt):
        memory, pad = self.encode(src)
        return self.decode(tgt, memory, pad)


@torch.no_grad()
def greedy(model, sentences, batch):
    model.eval()
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))   # stable, as nnbook's
    out = [None] * len(sentences)
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        s = max(len(sentences[i]) for i in rows) + 1
        src = torch.full((len(rows), s), PAD, dtype=torch.long)
        for r, i in enumerate(rows):
            src[r, :len(sentences[i])] = torch.tensor(sentences[i], dtype=torch.long)
            src[r, len(sentences[i])] = EOS
        memory, pad = model.encode(src)
        max_len = min(MAX_LEN, 2 * s + 10)
        tgt = torch.full((len(rows), 1), BOS, dtype=torch.long)
        done = torch.zeros(len(rows), dtype=torch.bool)
        for _ in range(1, max_len):
            nxt = model.decode(tgt, memory, pad)[:, -1].argmax(-1)
            nxt[done] = EOS
            done |= nxt == EOS
            tgt = torch.cat([tgt, nxt[:, None]], 1)
            if done.all():
                break
        for r, i in enumerate(rows):
            ids = tgt[r, 1:].tolist()
            out[i] = ids[:ids.index(EOS)] if EOS in ids else ids
    model.train()
    return out


def learning_rate(a, step, steps):
    """nnbook's Schedule.inverseSqrt, or Schedule.warmupCosine when a.cosine >= 0, at optimizer step `step` (from 0)."""
    if a.cosine < 0:
        s = step + 1.0
        return a.lr * min(s / a.warmup, math.sqrt(a.warmup / s))
    if step < a.warmup:
        return a.lr * (step + 1.0) / a.warmup
    progress = min(1.0, (step - a.warmup) / float(steps - a.warmup))
    return a.cosine + 0.5 * (a.lr - a.cosine) * (1 + math.cos(math.pi * progress))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("batches")
    p.add_argument("hypotheses")
    p.add_argument("--vocab", type=int, required=True)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--d", type=int, default=128)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--warmup", type=int, default=400)
    p.add_argument("--cosine", type=float, default=-1.0, help="warm-up then a cosine down to this rate (Schedule.warmupCosine); default: 1/sqrt(step)")
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--decode-batch", type=int, default=64)
    p.add_argument("--print-every", type=int, default=100)
    p.add_argument("--init", default="nnbook", choices=["nnbook", "unscaled"])
    p.add_argument("--no-decode", action="store_true")
    p.add_argument("--steps", type=int, default=0, help="train only the first N steps of the file's order (0: all)")
    p.add_argument("--keep-denormals", action="store_true", help="do not flush denormal floats to zero (see below)")
    a = p.parse_args()
    if not a.keep_denormals:
        torch.set_flush_denormal(True)   # what a tuned PyTorch user on CPU does; without it some runs here were ~10x slower
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    batches, order, sentences = read_batch_file(a.batches)
    if a.steps > 0:
        order = order[:a.steps]
    model = Translator(a.vocab, a.d, a.heads, a.layers, a.init)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    setting = f"set_num_threads({torch.get_num_threads()})" + (f" OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
                                                              if "OPENBLAS_NUM_THREADS" in os.environ else " as installed")
    params = sum(t.numel() for t in model.parameters())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"INFO\tpytorch {torch.__version__} d={a.d} heads={a.heads} layers={a.layers} params={params} steps={len(order)} lr={a.lr} "
          f"warmup={a.warmup} cosine={a.cosine} {setting} load={load:.2f}", flush=True)
    seconds, tokens, losses = 0.0, 0, []
    for step, k in enumerate(order):
        src, tin, tout = batches[k]
        for g in opt.param_groups:
            g["lr"] = learning_rate(a, step, len(order))
        t0 = time.perf_counter()
        logits = model(src, tin)
        loss = F.cross_entropy(logits.reshape(-1, a.vocab), tout.reshape(-1), ignore_index=PAD)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        seconds += time.perf_counter() - t0
        tokens += int((tout != PAD).sum())
        if (step + 1) % a.print_every == 0 or step + 1 == len(order):
            print(f"step {step + 1}/{len(order)}  loss {losses[-1]:.3f} (last 20: {np.mean(losses[-20:]):.3f})  {tokens / seconds:.0f} target tokens/s  "
                  f"{seconds:.0f} s", file=sys.stderr, flush=True)
    print(f"INFO\tpytorch loss {np.mean(losses[:20]):.3f} -> {np.mean(losses[-20:]):.3f}, {seconds:.1f} s, {tokens / seconds:.0f} target tokens/s", flush=True)
    if a.no_decode:
        return
    t0 = time.perf_counter()
    hyps = greedy(model, sentences, a.decode_batch)
    print(f"INFO\tpytorch greedy translation of {len(hyps)} sentences: {time.perf_counter() - t0:.1f} s", flush=True)
    with open(a.hypotheses, "w") as f:
        for h in hyps:
            f.write(" ".join(map(str, h)) + "\n")
    with open(a.hypotheses + ".info", "w") as f:
        f.write(f"{setting}\t{tokens / seconds:.1f}\t{params}\t{seconds:.1f}\n")


if __name__ == "__main__":
    main()
