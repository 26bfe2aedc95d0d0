#!/usr/bin/env python3
"""PyTorch side of bench ElementwiseBench: out-of-place float32 add, mul, exp, relu, sigmoid and a full sum on 1M
and 16M elements, same timing rule as the Java side (median of timed samples after a warm-up). Prints
torch_<op>_<size>_ns_per_elem=... lines; the Java harness derives GB/s and ratios."""
import argparse

import torch
from bench_timing import seconds_per_call, use_threads


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1m,16m")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    use_threads(args.threads)
    torch.manual_seed(0)
    for label in [s for s in args.sizes.split(",") if s]:
        n = int(label[:-1]) * (1 << 20)
        a, b = torch.randn(n), torch.randn(n)
        ops = {
            "add": lambda: a + b,
            "mul": lambda: a * b,
            "exp": lambda: torch.exp(a),
            "relu": lambda: torch.relu(a),
            "sigmoid": lambda: torch.sigmoid(a),
            "sum": lambda: a.sum(),
        }
        for name, fn in ops.items():
            s = seconds_per_call(fn)
            print(f"torch_{name}_{label}_ns_per_elem={s / n * 1e9:.4f}", flush=True)


if __name__ == "__main__":
    main()
