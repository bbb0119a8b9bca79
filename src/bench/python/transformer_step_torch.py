"""PyTorch's half of the Transformer step benchmark (org.nnbook.bench.TransformerStep): the same model
and the same batches, timed the same way, printing a RESULT line like the JVM half.

    /usr/bin/python3 src/bench/python/transformer_step_torch.py --threads 1 [--steps 40] [--reps 3]

Model: notebook 12's translation Transformer as nnbook's models.Transformer(4000, 4000, 128, 4, 2, 0.0):
source and target embeddings (4,000 x 128 each) plus sinusoidal positions, 2 pre-norm encoder layers
and 2 pre-norm decoder layers (nn.TransformerEncoderLayer / nn.TransformerDecoderLayer with
norm_first=True, batch_first=True, dim_feedforward 512, ReLU, dropout 0), a final LayerNorm after each
stack, and the output tied to the target embedding with a bias of its own. The source's padding is a
key_padding_mask for the encoder's self-attention and the decoder's cross-attention; the decoder's
self-attention is causal. Loss: cross_entropy(ignore_index=0) over the target positions; Adam 2e-3.

Batches: 32 pairs of 12 to 32 tokens, padded with 0 to 32, made by the 64-bit linear congruential
generator of StepBatches.java (same seed, same ids). Tokens/s counts the target tokens (BOS..EOS).
The RESULT line is BenchTable's: rate (target tokens/s), parameters, first warm-up loss, last loss, steps.
"""
import argparse
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, D, HEADS, LAYERS, BATCH, LEN, PAD = 4000, 128, 4, 2, 32, 32, 0
MASK64 = (1 << 64) - 1


class Lcg:
    def __init__(self, seed=42):
        self.state = seed

    def next(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK64
        return (self.state >> 33) % bound


def batches(count):
    rng, out = Lcg(), []
    for _ in range(count):
        src = torch.zeros(BATCH, LEN, dtype=torch.long)
        tin = torch.zeros(BATCH, LEN, dtype=torch.long)
        tout = torch.zeros(BATCH, LEN, dtype=torch.long)
        tokens = 0
        for i in range(BATCH):
            sl, tl = 12 + rng.next(LEN - 11), 12 + rng.next(LEN - 11)
            for t in range(sl):
                src[i, t] = 3 + rng.next(VOCAB - 3)
            tin[i, 0] = 1
            for t in range(tl - 1):
                token = 3 + rng.next(VOCAB - 3)
                tout[i, t] = token
                tin[i, t + 1] = token
            tout[i, tl - 1] = 2
            tokens += tl
        out.append((src, src == PAD, tin, tout, tokens))
    return out


def sinusoids(n, d):
    pos = torch.arange(n, dtype=torch.float32)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    pe = torch.zeros(n, d)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe


class Translator(nn.Module):
    def __init__(self):
        super().__init__()
        self.src_embed = nn.Embedding(VOCAB, D)
        self.tgt_embed = nn.Embedding(VOCAB, D)
        self.register_buffer("pe", sinusoids(512, D))
        self.encoder = nn.ModuleList(nn.TransformerEncoderLayer(D, HEADS, 4 * D, 0.0, batch_first=True, norm_first=True)
                                     for _ in range(LAYERS))
        self.decoder = nn.ModuleList(nn.TransformerDecoderLayer(D, HEADS, 4 * D, 0.0, batch_first=True, norm_first=True)
                                     for _ in range(LAYERS))
        self.enc_norm, self.dec_norm = nn.LayerNorm(D), nn.LayerNorm(D)
        self.out_bias = nn.Parameter(torch.zeros(VOCAB))

    def forward(self, src, src_pad, tin):
        t = tin.size(1)
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        m = self.src_embed(src) + self.pe[:src.size(1)]
        for layer in self.encoder:
            m = layer(m, src_key_padding_mask=src_pad)
        m = self.enc_norm(m)
        h = self.tgt_embed(tin) + self.pe[:t]
        for layer in self.decoder:
            h = layer(h, m, tgt_mask=causal, memory_key_padding_mask=src_pad)
        return F.linear(self.dec_norm(h), self.tgt_embed.weight, self.out_bias)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    model = Translator()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    data = batches(16)

    def step(b):
        src, pad, tin, tout, _ = b
        opt.zero_grad(set_to_none=True)
        logits = model(src, pad, tin)
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), tout.reshape(-1), ignore_index=PAD)
        loss.backward()
        opt.step()
        return loss.item()

    first = last = step(data[0])
    for i in range(1, 10):
        step(data[i % len(data)])
    params = sum(p.numel() for p in model.parameters())
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    ob = os.environ.get("OPENBLAS_NUM_THREADS", "")
    setting = f"t{a.threads}" + (f"+ob{ob}" if ob else "")
    print(f"PyTorch {torch.__version__} Transformer step: {params:,} parameters, batch {BATCH} x {LEN}, {setting}, load {load}")
    best, best_tokens = float("inf"), 0.0
    for r in range(a.reps):
        tokens, t0, cpu0 = 0, time.perf_counter(), time.process_time()
        for s in range(a.steps):
            b = data[s % len(data)]
            last = step(b)
            tokens += b[4]
        sec, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        ms = sec * 1000 / a.steps
        print(f"  rep {r + 1}: {ms:.1f} ms/step (process CPU {cpu * 1000 / a.steps:.1f} ms/step), {tokens / sec:,.0f} target tokens/s")
        if ms < best:
            best, best_tokens = ms, tokens / sec
    label = f"{a.threads}" + ("+1" if ob == "1" else "")
    print(f"best {best:.1f} ms/step")
    print(f"RESULT\ttorch\ttransformer\t{label}\t{best_tokens:.1f}\t{params}\t{first:.4f}\t{last:.4f}\t{10 + a.reps * a.steps}", flush=True)
    print(f"INFO\ttorch transformer threads={label} done load={','.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
