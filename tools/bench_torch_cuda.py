#!/usr/bin/env python3
"""PyTorch's side of torch4j's CudaBench (same sizes, same timing rule: median of repeats after warm-up, each
bracketed by torch.cuda.synchronize()). Prints key=value lines. Usage: bench_torch_cuda.py [--sizes 4096,8192]."""
import argparse
import time

import torch


def median_seconds(warmup, repeats, fn):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[repeats // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="4096,8192")
    p.add_argument("--repeats", type=int, default=10)
    a = p.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    dev = torch.device("cuda", 0)
    print("torch_version=" + torch.__version__ + " device=" + torch.cuda.get_device_name(0).replace(" ", "_"))
    for n in (int(s) for s in a.sizes.split(",")):
        for t, name in ((torch.float32, "float"), (torch.bfloat16, "bfloat16")):
            torch.manual_seed(0)
            x = torch.randn(n, n, device=dev, dtype=t)
            y = torch.randn(n, n, device=dev, dtype=t)
            s = median_seconds(2, a.repeats, lambda: x @ y)
            print(f"torch_gemm_{name}_{n}_tflops={2.0 * n ** 3 / s / 1e12:.1f}")
    m = 1 << 26
    x = torch.randn(m, device=dev)
    y = torch.randn(m, device=dev)
    s = median_seconds(3, a.repeats, lambda: x + y)
    print(f"torch_add_64m_gbps={3.0 * 4 * m / s / 1e9:.0f}")
    torch.manual_seed(0)
    mlp = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
    opt = torch.optim.SGD(mlp.parameters(), lr=0.01, momentum=0.9)
    inp = torch.randn(64, 784, device=dev)
    tgt = torch.randint(0, 10, (64,), device=dev)

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(mlp(inp), tgt).backward()
        opt.step()

    s = median_seconds(20, 200, step)
    print(f"torch_mlp_step_batch64_us={s * 1e6:.1f}")


if __name__ == "__main__":
    main()
