"""GFLOP/s of torch.mm on the GEMM shapes of one classic VAE step, for scripts/benchGemm.ts (issue 14).

Reads a JSON list of [m, k, n, transpose_a, transpose_b] on stdin; for each thread count asked, times
torch.mm(op(A), op(B)) (op = a transposed view when asked, as autograd's backward passes do) and prints
one JSON line per shape and thread count: {"m", "k", "n", "ta", "tb", "threads", "gflops"}.
usage: python3 gemm_shapes.py [--threads 1,2] [--seconds S] < shapes.json
"""

import argparse
import json
import sys
import time

import torch


def time_mm(a: torch.Tensor, b: torch.Tensor, seconds: float) -> float:
    """Best seconds per product over batches of about 3 ms filling about `seconds` (as benchGemm.ts)."""
    for _ in range(3):
        torch.mm(a, b)
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b)
        dt = time.perf_counter() - t0
        if dt > 0.003:
            break
        reps *= 2
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 5:
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b)
        samples.append((time.perf_counter() - t0) / reps)
    samples.sort()
    return samples[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--seconds", type=float, default=0.3)
    args = ap.parse_args()
    shapes = json.load(sys.stdin)
    g = torch.Generator().manual_seed(0)
    for threads in [int(t) for t in args.threads.split(",")]:
        torch.set_num_threads(threads)
        for m, k, n, ta, tb in shapes:
            a = torch.randn(k, m, generator=g).t() if ta else torch.randn(m, k, generator=g)
            b = torch.randn(n, k, generator=g).t() if tb else torch.randn(k, n, generator=g)
            s = time_mm(a, b, args.seconds)
            line = {"m": m, "k": k, "n": n, "ta": ta, "tb": tb, "threads": threads, "gflops": 2 * m * k * n / s / 1e9}
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
