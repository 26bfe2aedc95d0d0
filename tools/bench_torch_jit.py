#!/usr/bin/env python3
"""PyTorch side of bench JitBench: the five-op elementwise chains (x*2 + 1, relu, - 0.5, then *3 or exp) on 16M
floats and the MNIST MLP (784-128-10) inference, eager and torch.jit.trace'd, under no_grad, same timing rule as
the Java side. Prints torch_jit_chain5[exp]_16m_{eager,traced}_ms and torch_jit_mlp_b<B>_{eager,traced}_us lines."""
import argparse

import torch
from bench_timing import seconds_per_call, use_threads


class Chain5(torch.nn.Module):
    def __init__(self, exp):
        super().__init__()
        self.exp = exp

    def forward(self, x):
        y = torch.relu(x * 2.0 + 1.0) - 0.5
        return torch.exp(y) if self.exp else y * 3.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", default="64,512")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    use_threads(args.threads)
    torch.manual_seed(0)
    with torch.no_grad():
        x = torch.randn(16, 1 << 20)
        for name in ["chain5", "chain5exp"]:
            chain = Chain5(name.endswith("exp"))
            traced = torch.jit.trace(chain, x)
            for _ in range(3):  # the profiling executor specialises (and may fuse) after a few runs
                traced(x)
            print(f"torch_jit_{name}_16m_eager_ms={seconds_per_call(lambda: chain(x)) * 1e3:.4f}", flush=True)
            print(f"torch_jit_{name}_16m_traced_ms={seconds_per_call(lambda: traced(x)) * 1e3:.4f}", flush=True)
        mlp = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).eval()
        for b in [int(s) for s in args.batches.split(",") if s]:
            inp = torch.randn(b, 784)
            t = torch.jit.trace(mlp, inp)
            for _ in range(3):
                t(inp)
            print(f"torch_jit_mlp_b{b}_eager_us={seconds_per_call(lambda: mlp(inp)) * 1e6:.4f}", flush=True)
            print(f"torch_jit_mlp_b{b}_traced_us={seconds_per_call(lambda: t(inp)) * 1e6:.4f}", flush=True)


if __name__ == "__main__":
    main()
