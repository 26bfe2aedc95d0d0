#!/usr/bin/env python3
"""PyTorch side of bench OverheadBench, the same measurement as /work/shared/anchors/bench_overhead.py: a statement
run 100,000 times in a compiled Python for-loop (loop cost included), one warm-up pass, 5 timed repeats, median in
microseconds per iteration. Threads from ANCHOR_THREADS (default 1)."""
import os
import statistics
import time

import torch
from bench_timing import use_threads

N = 100_000
REPEATS = 5


def per_iter_us(body, **env):
    src = f"def _f({', '.join(env)}):\n    for _ in range({N}):\n        {body}\n"
    ns = {"torch": torch}
    exec(src, ns)
    f = ns["_f"]
    f(**env)
    ts = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        f(**env)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts) / N * 1e6


def main():
    use_threads(int(os.environ.get("ANCHOR_THREADS", "1")))
    a1, b1 = torch.ones(1), torch.full((1,), 2.0)
    print(f"torch_add_1elem_us={per_iter_us('c = a.add(b)', a=a1, b=b1):.4f}", flush=True)
    w = torch.tensor(0.5, requires_grad=True)
    b = torch.tensor(0.1, requires_grad=True)
    x = torch.tensor(2.0)
    t = per_iter_us("y = (w * x + b) ** 2; y.backward()", w=w, x=x, b=b)
    print(f"torch_autograd_step_us={t:.4f}", flush=True)
    print(f"torch_python_loop_us={per_iter_us('c = a + b', a=1.0, b=2.0):.4f}", flush=True)


if __name__ == "__main__":
    main()
