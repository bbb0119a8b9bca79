"""The PyTorch half of binder/bench-lm: notebook 09's character language model (Embedding -> LSTM -> Linear)
trained by PyTorch on exactly the batches nnbook trains on, measured exactly as nnbook measures it.

    /usr/bin/python3 src/bench/python/char_lm_torch.py IDS_FILE --threads 2 [--steps 300] [--hidden 128] [--embed 32]
        [--streams 64] [--window 64] [--eval-every 50] [--eval-chars 30000] [--lr 1e-2] [--clip 1] [--seed 9] [--cell LSTM]

IDS_FILE is what org.nnbook.bench.CharLmRun --ids-out writes: three little-endian int32 (vocabulary size V,
training length, validation length), then the training and the validation ids, one byte each.

Same as org.nnbook.text.CharLanguageModelTraining:
- batches: the ids cut as org.nnbook.text.TextStreams does. The text is split into `streams` parts of
  L = (n - 1) // streams ids; batch k, row j is ids[j*L + k*T : j*L + (k+1)*T], its targets shifted by one;
  L // T batches. Step s (1-based) trains on batch (s - 1) mod that number, in order.
- the state is carried from batch to batch (detached: truncated BPTT), and reset to zero when the text starts
  over and after every validation measurement;
- Adam (betas 0.9, 0.999, eps 1e-8) with the gradients clipped to a global norm (clip_grad_norm_);
- validation bits per character at step 0, every eval-every steps and after the last, on the first
  eval-chars validation ids cut into 32 streams, the state carried from zero; the mean cross-entropy over
  every predicted position, divided by ln 2. The final line measures the whole validation text so.
- initialisation: PyTorch's own for Embedding (N(0, 1)) and LSTM (U(+-1/sqrt(H))), which are nnbook's too;
  the output layer as nnbook's Dense: weights N(0, 2 / H), biases 0.
Training speed counts the training steps only (forward, loss, backward, clipping, update; loss.item() read
back each step, as nnbook reads its loss), not the measurements.
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

EVAL_STREAMS = 32


def read_ids(path):
    with open(path, "rb") as f:
        raw = f.read()
    v, n_train, n_val = np.frombuffer(raw, dtype="<i4", count=3)
    ids = np.frombuffer(raw, dtype=np.uint8, offset=12).astype(np.int64)
    if len(ids) != n_train + n_val:
        sys.exit(f"{path}: expected {n_train + n_val} ids, found {len(ids)}; rewrite it with CharLmRun --ids-out")
    return int(v), ids[:n_train], ids[n_train:]


def text_streams(ids, streams, steps):
    """x, y: (windows, streams, steps) as org.nnbook.text.TextStreams orders them (batch k = x[k])."""
    part = (len(ids) - 1) // streams
    windows = part // steps
    if windows < 1:
        sys.exit(f"{len(ids)} ids make no window of {steps} steps in each of {streams} streams")
    x = np.empty((windows, streams, steps), dtype=np.int64)
    y = np.empty_like(x)
    for k in range(windows):
        for j in range(streams):
            start = j * part + k * steps
            x[k, j] = ids[start:start + steps]
            y[k, j] = ids[start + 1:start + steps + 1]
    return torch.from_numpy(x), torch.from_numpy(y)


def fingerprint(x, y):
    """The batches as org.nnbook.bench.CharLmRun.fingerprint writes them: rows, then sum of (position + 1) * id over x then y."""
    flat = np.concatenate([x.numpy().reshape(-1), y.numpy().reshape(-1)]).astype(np.int64)
    return f"{x.shape[0] * x.shape[1]} {int(np.dot(np.arange(1, len(flat) + 1, dtype=np.int64), flat))}"


class CharLM(nn.Module):
    def __init__(self, vocab, embed, hidden, cell):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.rnn = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[cell](embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)
        nn.init.normal_(self.out.weight, 0.0, math.sqrt(2.0 / hidden))
        nn.init.zeros_(self.out.bias)

    def forward(self, x, state):
        h, state = self.rnn(self.embed(x), state)
        return self.out(h), state


def detach(state):
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


@torch.no_grad()
def bits_per_char(model, ids, window):
    x, y = text_streams(ids, EVAL_STREAMS, window)
    state, nats, count = None, 0.0, 0
    model.eval()
    for k in range(x.shape[0]):
        logits, state = model(x[k], state)
        nats += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y[k].reshape(-1), reduction="sum").item()
        count += y[k].numel()
    model.train()
    return nats / count / math.log(2)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ids")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--embed", type=int, default=32)
    p.add_argument("--streams", type=int, default=64)
    p.add_argument("--window", type=int, default=64)
    p.add_argument("--eval-every", type=int, default=50)
    p.add_argument("--eval-chars", type=int, default=30_000)
    p.add_argument("--lr", type=float, default=1e-2)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--cell", default="LSTM")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    vocab, train_ids, val_ids = read_ids(a.ids)
    x, y = text_streams(train_ids, a.streams, a.window)
    print(f"BATCHES\t{fingerprint(x, y)}", flush=True)
    val = val_ids[:a.eval_chars]
    model = CharLM(vocab, a.embed, a.hidden, a.cell.upper())
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    setting = f"set_num_threads({torch.get_num_threads()})" + (f" OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
                                                              if "OPENBLAS_NUM_THREADS" in os.environ else " as installed")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"INFO\tpytorch {torch.__version__} {a.cell} embed={a.embed} hidden={a.hidden} streams={a.streams} window={a.window} "
          f"steps={a.steps} lr={a.lr} clip={a.clip} {setting} load={load:.2f}", flush=True)
    print(f"CURVE\tpytorch\t0\t{bits_per_char(model, val, a.window):.4f}", flush=True)
    state, seconds = None, 0.0
    for step in range(1, a.steps + 1):
        k = (step - 1) % x.shape[0]
        if k == 0:
            state = None                                   # the text starts over
        t0 = time.perf_counter()
        logits, state = model(x[k], detach(state))
        loss = F.cross_entropy(logits.reshape(-1, vocab), y[k].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        loss.item()
        seconds += time.perf_counter() - t0
        if step % a.eval_every == 0 or step == a.steps:
            print(f"CURVE\tpytorch\t{step}\t{bits_per_char(model, val, a.window):.4f}", flush=True)
            state = None
    bpc = bits_per_char(model, val_ids, a.window)
    params = sum(t.numel() for t in model.parameters())
    print(f"RESULT\tpytorch\t{setting}\t{bpc:.4f}\t{a.steps * a.streams * a.window / seconds:.0f}\t{params}", flush=True)


if __name__ == "__main__":
    main()
