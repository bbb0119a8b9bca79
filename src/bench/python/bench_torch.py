"""The PyTorch half of binder/bench: the same networks as org.nnbook.bench.Workload, on the same
MNIST examples, printing tab-separated RESULT lines like the JVM half.

    /usr/bin/python3 src/bench/python/bench_torch.py --threads 1 [--reps 3] [--seconds 2]
        [--workloads mlp-sgd,lenet] [--small]

Networks: He-normal weights N(0, 2/fan_in) and zero biases, cross-entropy averaged over the batch
(nn.functional.cross_entropy on logits, as nnbook's CrossEntropy), float32. Each step gathers its
shuffled mini-batch (x[idx]) and reads the loss back (loss.item()), as nnbook's Trainer does.

Language models (lstm-lm, gru): Moby Dick's characters as ids (the distinct characters sorted by code
point), cut into consecutive windows of 100 with the next character as target, as CharText.java does;
nn.Embedding(83, 64), a 2-layer nn.LSTM / nn.GRU of 256 units (batch_first, PyTorch's own init), and
nn.Linear(256, 83) at every step; cross-entropy averaged over all positions; Adam 2e-3; batch 32.
PyTorch's LSTM has two bias vectors (b_ih, b_hh) where nnbook and DL4J have their sum: 2,048 more.
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 42
SGD_LR, ADAM_LR, LM_LR = 0.05, 1e-3, 2e-3
PARAMS = {"mlp-sgd": 203_530, "mlp-adam": 203_530, "lenet": 431_080, "seed-cnn": 54_410, "lenet-infer": 431_080,
          "lstm-lm": 882_707, "gru": 668_691}
ALL = ["mlp-sgd", "mlp-adam", "lenet", "seed-cnn", "lenet-infer", "lstm-lm", "gru"]
TEXT = ("lstm-lm", "gru")
STEPS, VOCAB, EMBED, UNITS = 100, 83, 64, 256


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def data_dir():
    """The data cache, by the rule that datasets/fetch and DataCache.java follow: $NNBOOK_DATA, else $HOME/.nnbook/data."""
    root = os.environ.get("NNBOOK_DATA", "").strip() or os.path.join(os.environ.get("HOME", "").strip() or os.path.expanduser("~"), ".nnbook", "data")
    return os.path.join(root, "mnist")


def load(small, repo):
    full = data_dir()
    if not small and os.path.exists(os.path.join(full, "train-images-idx3-ubyte")):
        d, sfx, name = full, "", "MNIST"
    else:
        d, sfx, name = os.path.join(repo, "datasets", "mnist-small"), None, "MNIST subset"
    def pick(stem):
        if sfx is not None:
            return os.path.join(d, stem + sfx)
        files = [f for f in os.listdir(d) if f.startswith(stem)]
        return os.path.join(d, files[0])
    out = []
    for split in ("train", "t10k"):
        x = torch.from_numpy(idx(pick(split + "-images-idx3-ubyte")).astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
        y = torch.from_numpy(idx(pick(split + "-labels-idx1-ubyte")).astype(np.int64))
        out.append((x.contiguous(), y))
    return out, name


def char_sequences(repo):
    """Moby Dick as (N, 100) inputs and next-character targets, both int64 ids (as CharText.java)."""
    with gzip.open(os.path.join(repo, "datasets", "moby-dick", "moby-dick.txt.gz"), "rt", encoding="utf-8") as f:
        text = f.read()
    vocab = sorted(set(text))
    if len(vocab) != VOCAB:
        sys.exit(f"Moby Dick has {len(vocab)} distinct characters, the benchmark expects {VOCAB}")
    index = {c: i for i, c in enumerate(vocab)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.int64)
    n = (len(ids) - 1) // STEPS
    return ids[:n * STEPS].reshape(n, STEPS).contiguous(), ids[1:n * STEPS + 1].reshape(n, STEPS).contiguous()


class CharLM(nn.Module):
    """Embedding, a 2-layer LSTM or GRU, and a linear layer at every step: logits (N, T, VOCAB)."""

    def __init__(self, cell):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, EMBED)
        self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(EMBED, UNITS, num_layers=2, batch_first=True)
        self.out = nn.Linear(UNITS, VOCAB)

    def forward(self, x):
        return self.out(self.rnn(self.embed(x))[0])


def he(model):
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


def build(w):
    if w in TEXT:
        model = CharLM("lstm" if w == "lstm-lm" else "gru")
        he(model.out)
        return model, torch.optim.Adam(model.parameters(), lr=LM_LR)
    if w.startswith("mlp"):
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    elif w.startswith("lenet"):
        model = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))
    else:
        model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 13 * 13, 10))
    he(model)
    adam = w in ("mlp-adam", "seed-cnn")
    opt = torch.optim.Adam(model.parameters(), lr=ADAM_LR) if adam else torch.optim.SGD(model.parameters(), lr=SGD_LR)
    return model, opt


def train(model, opt, x, y, batch, losses, gen):
    model.train()
    perm = torch.randperm(x.shape[0], generator=gen)
    for s in range(0, x.shape[0], batch):
        i = perm[s:s + batch]
        xb, yb = x[i], y[i]
        opt.zero_grad(set_to_none=True)
        out = model(xb)
        loss = F.cross_entropy(out.reshape(-1, out.shape[-1]), yb.reshape(-1))   # (N, T, V) for the language models
        loss.backward()
        opt.step()
        losses.append(loss.item())


def blas_in_use():
    """The BLAS library PyTorch's CPU matrix products went through, from this process's memory map.
    Debian's torch links the generic libblas.so.3, which is whichever provider the alternatives pick:
    the reference BLAS (libblas3) is ~10x slower than OpenBLAS and would make any comparison unfair."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.rsplit("/", 1)[-1]}
    except OSError:
        return "unknown"
    return ",".join(sorted(os.path.basename(os.path.dirname(l)) + "/" + os.path.basename(l) for l in libs if l.startswith("/"))) or "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--seconds", type=float, default=2.0)
    p.add_argument("--workloads", default=",".join(ALL))
    p.add_argument("--small", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    openblas = os.environ.get("OPENBLAS_NUM_THREADS", "").strip()
    label = f"{a.threads}+{openblas}" if openblas else str(a.threads)    # 2+1: 2 threads, 1 for OpenBLAS
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    ((mnist_x, mnist_y), (xte, yte)), data = load(a.small, repo)
    blas = blas_in_use()
    if "openblas" not in blas:
        print(f"WARNING\tPyTorch uses BLAS {blas}, not OpenBLAS: it may be ~10x slower than it can be "
              f"(Debian: apt-get install libopenblas0-pthread)", file=sys.stderr, flush=True)
    print(f"INFO\ttorch {torch.__version__} threads={label} blas={blas} data={data} ({mnist_x.shape[0]} train) "
          f"load={','.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    trained = {}
    text = None
    for w in a.workloads.split(","):
        if w not in PARAMS:
            sys.exit(f"unknown workload {w}")
        batch = 256 if w == "lenet-infer" else 32 if w in TEXT else 64
        if w in TEXT and text is None:
            text = char_sequences(repo)
            print(f"INFO\ttorch threads={label} text=Moby Dick ({text[0].shape[0]} sequences of {STEPS} characters)", flush=True)
        xtr, ytr = text if w in TEXT else (mnist_x, mnist_y)
        if w == "lenet-infer" and "lenet" in trained:
            model, opt, losses = trained["lenet"]
        else:
            torch.manual_seed(SEED)
            model, opt = build(w)
            losses = []
        n_params = sum(t.numel() for t in model.parameters())
        if n_params != PARAMS[w]:
            sys.exit(f"torch {w} has {n_params} parameters, expected {PARAMS[w]}")
        best = 0.0
        if w != "lenet-infer":
            warm = min(3 if w in TEXT else 10, xtr.shape[0] // batch // 2)   # batches per warm-up pass (fewer on the 1,000-digit subset)
            train(model, opt, xtr[:warm * batch], ytr[:warm * batch], batch, losses, gen)      # warm-up
            t0 = time.perf_counter()
            train(model, opt, xtr[warm * batch:2 * warm * batch], ytr[warm * batch:2 * warm * batch], batch, losses, gen)
            rate = warm * batch / (time.perf_counter() - t0)
            steps = int(max(1, min(xtr.shape[0] // batch // 2, rate * a.seconds / batch)))
            off = 2 * warm * batch
            for _ in range(a.reps):
                n = steps * batch
                if off + n > xtr.shape[0]:
                    off = 0
                t0 = time.perf_counter()
                train(model, opt, xtr[off:off + n], ytr[off:off + n], batch, losses, gen)
                best = max(best, n / (time.perf_counter() - t0))
                off += n
            k = min(10, len(losses) // 4)
            check = f"{np.mean(losses[:k]):.3f}\t{np.mean(losses[-k:]):.3f}\t{len(losses)}"
            trained[w] = (model, opt, losses)
        else:
            if not losses:
                train(model, opt, xtr[:200 * 64], ytr[:200 * 64], 64, losses, gen)
            model.eval()
            nb = max(1, min(20, xte.shape[0] // batch))
            xs = [xte[i * batch:(i + 1) * batch].clone() for i in range(nb)]
            with torch.no_grad():
                for i in range(3):
                    model(xs[i % nb])
                t0, c = time.perf_counter(), 0
                while c < 3 or time.perf_counter() - t0 < 0.3:
                    model(xs[c % nb]); c += 1
                calls = int(max(3, c * batch / (time.perf_counter() - t0) * a.seconds / batch))
                for _ in range(a.reps):
                    t0 = time.perf_counter()
                    for i in range(calls):
                        model(xs[i % nb])
                    best = max(best, calls * batch / (time.perf_counter() - t0))
                correct = sum(int((model(xs[i]).argmax(1) == yte[i * batch:(i + 1) * batch]).sum()) for i in range(nb))
            check = f"acc\t{correct / (nb * batch):.3f}\t{nb * batch}"
        print(f"RESULT\ttorch\t{w}\t{label}\t{best:.1f}\t{n_params}\t{check}", flush=True)
    print(f"INFO\ttorch threads={label} done load={','.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
