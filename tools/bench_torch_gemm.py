#!/usr/bin/env python3
"""PyTorch side of bench GemmBench: the same SGEMM workloads, same timing rule (median of timed samples after a
warm-up), printed as torch_<key>=<value> lines so the Java harness can print ratios."""
import argparse

import torch
from bench_timing import seconds_per_call


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="256,512,1024,2048")
    ap.add_argument("--threads", default="1,2")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    threads = [int(s) for s in args.threads.split(",") if s]
    print(f"# torch_version={torch.__version__}", flush=True)
    torch.manual_seed(0)
    for t in threads:
        torch.set_num_threads(t)
        for n in sizes:
            a, b, c = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
            s = seconds_per_call(lambda: torch.mm(a, b, out=c))
            print(f"torch_sgemm_{n}_t{t}_gflops={2 * n ** 3 / s / 1e9:.3f}", flush=True)
        bt, bn = 32, 256
        a, b, c = torch.randn(bt, bn, bn), torch.randn(bt, bn, bn), torch.empty(bt, bn, bn)
        s = seconds_per_call(lambda: torch.bmm(a, b, out=c))
        print(f"torch_bmm_{bt}x{bn}_t{t}_gflops={2 * bt * bn ** 3 / s / 1e9:.3f}", flush=True)
        n = 1024
        x, w, y = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
        s = seconds_per_call(lambda: torch.mm(x, w.t(), out=y))
        print(f"torch_sgemm_nt_{n}_t{t}_gflops={2 * n ** 3 / s / 1e9:.3f}", flush=True)


if __name__ == "__main__":
    main()
